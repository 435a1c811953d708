package dev.vibe.ingest.service;

import dev.vibe.common.csv.SpotifyIds;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.DisplayNames;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.ingest.client.SpotifyWebApi;
import dev.vibe.ingest.client.SpotifyWebApi.Credentials;
import dev.vibe.common.api.PlaylistSource;
import dev.vibe.ingest.service.PlaylistImportService.Imported;
import dev.vibe.spotify.GetPlaylistItemsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.enums.ModelObjectType;
import se.michaelthelin.spotify.model_objects.specification.ArtistSimplified;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.Playlist;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.model_objects.specification.Track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a playlist through Spotify's Web API as it is since February 2026: its items from
 * {@code /v1/playlists/{id}/items} (50 a page, each song under {@code item}), read with the signed-in listener's
 * access token that came with the request (used for this import only: never stored, logged or returned), or with
 * the app's client credentials where the app has extended access. Local files, episodes and items Spotify no longer
 * serves are skipped and listed; features come from {@link FeatureFinder} (stored songs, the catalogue, Spotify's
 * /audio-features for apps that still have it, ReccoBeats), with the duration Spotify gives.
 */
@ApplicationScoped
public class SpotifyImporter {

    static final int PAGE = GetPlaylistItemsRequest.MAX_LIMIT;
    static final String FORBIDDEN_FEATURES = "Spotify no longer serves audio features to apps created after 2024-11-27. Export the "
            + "playlist with Exportify (exportify.net) and import the CSV (POST /api/v1/playlists/exportify, or ./vibe import FILE.csv), "
            + "or load a feature catalogue with these tracks (POST /api/v1/catalogue) and import again.";

    private final SpotifyWebApi spotify;
    private final PlaylistImportService importer;

    public SpotifyImporter(SpotifyWebApi spotify, PlaylistImportService importer) {
        this.spotify = spotify;
        this.importer = importer;
    }

    /**
     * Imports a playlist.
     *
     * @param nameOverride the name to give it instead of Spotify's, or null
     * @param given     client credentials sent with the request (else the configured ones); only the client id is used
     *                  with a user token, to remember a 403 on audio features for that app
     * @param userToken the signed-in listener's access token (Authorization Code with PKCE), or null
     * @throws VibeException.InvalidInput naming the field: a reference that is not a playlist, an unusable name
     */
    public Imported importPlaylist(String playlistRef, String nameOverride, Credentials given, String userToken) {
        String playlistId;
        try {
            playlistId = SpotifyIds.playlistId(playlistRef);
        } catch (IllegalArgumentException e) {
            throw new VibeException.InvalidInput(e.getMessage(), List.of(new Problem.FieldError("playlist", e.getMessage())));
        }
        nameOverride = DisplayNames.optional("name", nameOverride);
        boolean asUser = userToken != null && !userToken.isBlank();
        SpotifyApi api;
        String token;
        String appId;
        if (asUser) {
            token = userToken.strip();
            api = spotify.withUserToken(token);
            appId = given != null && notBlank(given.clientId()) ? given.clientId()
                    : spotify.configuredCredentials().map(Credentials::clientId).orElse("signed-in listener");
        } else {
            Credentials credentials = credentials(given);
            api = spotify.withClientCredentials(credentials);
            token = api.getAccessToken();
            appId = credentials.clientId();
        }

        Playlist playlist = spotify.call(() -> api.getPlaylist(playlistId).fields("name,owner(id,display_name)").build().execute(),
                "playlist " + playlistId);
        String name = nameOverride != null && !nameOverride.isBlank() ? nameOverride.strip() : playlist.getName();

        List<IncomingSong> songs = new ArrayList<>();
        List<SkippedSong> skipped = new ArrayList<>();
        int offset = 0;
        while (true) {
            int from = offset;
            Paging<PlaylistTrack> page;
            try {
                page = spotify.call(() -> GetPlaylistItemsRequest.builder(spotify.endpoints(), token, playlistId).limit(PAGE).offset(from)
                        .additionalTypes("track,episode").build().execute(), "playlist " + playlistId + " items");
            } catch (SpotifyWebApi.Forbidden e) {
                throw new VibeException.NotPermitted("Spotify refuses to show this playlist's songs", asUser ? notYours(playlist) : needsSignIn());
            }
            PlaylistTrack[] items = page.getItems() == null ? new PlaylistTrack[0] : page.getItems();
            for (int i = 0; i < items.length; i++) {
                int position = from + i + 1;
                PlaylistTrack item = items[i];
                if (Boolean.TRUE.equals(item.getIsLocal())) {
                    skipped.add(new SkippedSong(null, position, null, "", itemName(item), "a local file: not on Spotify, so it has no audio features"));
                } else if (item.getTrack() == null) {
                    skipped.add(new SkippedSong(null, position, null, "", "", "no longer available on Spotify"));
                } else if (item.getTrack().getType() == ModelObjectType.EPISODE || !(item.getTrack() instanceof Track t)) {
                    skipped.add(new SkippedSong(null, position, null, item.getTrack().getId(), item.getTrack().getName(),
                            "a podcast episode: episodes have no audio features"));
                } else {
                    List<String> artists = t.getArtists() == null ? List.of() : Arrays.stream(t.getArtists()).map(ArtistSimplified::getName).toList();
                    String album = t.getAlbum() == null ? "" : t.getAlbum().getName();
                    FeatureValues duration = t.getDurationMs() == null ? FeatureValues.none()
                            : FeatureValues.none().with(Feature.DURATION_MS, t.getDurationMs());
                    songs.add(new IncomingSong(null, position, t.getId(), false, t.getName(), artists, album, duration, FeatureSource.SPOTIFY_API));
                }
            }
            offset += items.length;
            if (page.getNext() == null || items.length == 0) {
                break;
            }
        }

        FeatureFinder.SpotifyFeatures audioFeatures = new FeatureFinder.SpotifyFeatures() {
            @Override
            public String appId() {
                return appId;
            }

            @Override
            public Map<String, AudioFeatures> features(List<String> ids) throws SpotifyWebApi.FeaturesForbidden {
                return spotify.audioFeatures(api, ids);
            }
        };
        try {
            return importer.importSongs(playlistId, name, PlaylistSource.SPOTIFY_API, "spotify:playlist:" + playlistId,
                    null, false, songs, skipped, List.of(), Optional.of(audioFeatures));
        } catch (VibeException.InvalidInput e) {
            if (songs.isEmpty()) {
                throw e;
            }
            // the playlist is fine; the sources had no features for it
            throw new VibeException.UpstreamFailed("No audio features for this playlist", e.getMessage() + " " + FORBIDDEN_FEATURES, e.errors());
        }
    }

    private static String notYours(Playlist playlist) {
        String owner = playlist.getOwner() == null ? "someone else"
                : playlist.getOwner().getDisplayName() != null && !playlist.getOwner().getDisplayName().isBlank()
                ? playlist.getOwner().getDisplayName() + " (" + playlist.getOwner().getId() + ")" : playlist.getOwner().getId();
        return "Spotify refuses to show the songs of '" + playlist.getName() + "' (owned by " + owner + ") to your app: since February 2026 "
                + "an app in development mode reads only playlists that the signed-in listener owns or collaborates on. Export it with "
                + "Exportify (exportify.net) and import the CSV (./vibe import FILE.csv), or copy its songs into a playlist of your own "
                + "and import that.";
    }

    private static String needsSignIn() {
        return "Spotify answered 403 to the playlist's items: since February 2026 an app in development mode reads playlist items only "
                + "with a signed-in listener's access token, and only for playlists that listener owns or collaborates on. Sign in with "
                + "./vibe login (the CLI then sends your token with each import), or export the playlist with Exportify (exportify.net) and "
                + "import the CSV.";
    }

    private static String itemName(PlaylistTrack item) {
        return item.getTrack() == null ? "" : item.getTrack().getName();
    }

    private Credentials credentials(Credentials given) {
        if (given != null && notBlank(given.clientId()) && notBlank(given.clientSecret())) {
            return given;
        }
        return spotify.configuredCredentials().orElseThrow(() -> new VibeException.InvalidInput("Spotify credentials are not configured: set "
                + "CLIENT_ID and CLIENT_SECRET (a Spotify app's client credentials) in the ingest service's environment, or send "
                + "clientId and clientSecret with the request."));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
