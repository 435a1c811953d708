package dev.vibe.ingest.service;

import dev.vibe.common.csv.SpotifyIds;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.ApiException;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.ingest.client.SpotifyWebApi;
import dev.vibe.ingest.client.SpotifyWebApi.Credentials;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.service.PlaylistImportService.ImportReport;
import jakarta.enterprise.context.ApplicationScoped;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.enums.ModelObjectType;
import se.michaelthelin.spotify.model_objects.specification.ArtistSimplified;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.model_objects.specification.Track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a playlist from Spotify's Web API with the client-credentials flow: items page by page (100 a page),
 * local files and episodes skipped, then the features completed by {@link FeatureFinder} (stored songs, the
 * catalogue, Spotify's /audio-features for apps that still have it, ReccoBeats), with the duration Spotify gives.
 */
@ApplicationScoped
public class SpotifyImporter {

    static final int PAGE = 100;
    static final String FORBIDDEN_FEATURES = "Spotify no longer serves audio features to apps created after 2024-11-27. Export the "
            + "playlist with Exportify (exportify.net) and import the CSV (POST /api/v1/playlists/exportify, or ./vibe import FILE.csv), "
            + "or load a feature catalogue with these tracks (POST /api/v1/catalogue) and import again.";

    private final SpotifyWebApi spotify;
    private final PlaylistImportService importer;

    public SpotifyImporter(SpotifyWebApi spotify, PlaylistImportService importer) {
        this.spotify = spotify;
        this.importer = importer;
    }

    public ImportReport importPlaylist(String playlistRef, String nameOverride, Credentials given) {
        String playlistId;
        try {
            playlistId = SpotifyIds.playlistId(playlistRef);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), List.of(new Problem.FieldError("playlist", e.getMessage())));
        }
        Credentials credentials = credentials(given);
        SpotifyApi api = spotify.withClientCredentials(credentials);

        String name = nameOverride != null && !nameOverride.isBlank() ? nameOverride.strip()
                : spotify.call(() -> api.getPlaylist(playlistId).fields("name").build().execute(), "playlist " + playlistId).getName();

        List<IncomingSong> songs = new ArrayList<>();
        List<SkippedSong> skipped = new ArrayList<>();
        int offset = 0;
        while (true) {
            int from = offset;
            Paging<PlaylistTrack> page = spotify.call(() -> api.getPlaylistsItems(playlistId).limit(PAGE).offset(from).build().execute(),
                    "playlist " + playlistId);
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
                return credentials.clientId();
            }

            @Override
            public Map<String, AudioFeatures> features(List<String> ids) throws SpotifyWebApi.FeaturesForbidden {
                return spotify.audioFeatures(api, ids);
            }
        };
        try {
            return importer.importSongs(playlistId, name, Playlist.Source.SPOTIFY_API, "spotify:playlist:" + playlistId, null, false,
                    songs, skipped, List.of(), Optional.of(audioFeatures));
        } catch (ApiException e) {
            if (e.status() == 400 && !songs.isEmpty()) {
                throw new ApiException(502, "No audio features for this playlist", e.getMessage() + " " + FORBIDDEN_FEATURES, e.errors());
            }
            throw e;
        }
    }

    private static String itemName(PlaylistTrack item) {
        return item.getTrack() == null ? "" : item.getTrack().getName();
    }

    private Credentials credentials(Credentials given) {
        if (given != null && notBlank(given.clientId()) && notBlank(given.clientSecret())) {
            return given;
        }
        return spotify.configuredCredentials().orElseThrow(() -> ApiException.badRequest("Spotify credentials are not configured: set "
                + "CLIENT_ID and CLIENT_SECRET (a Spotify app's client credentials) in the ingest service's environment, or send "
                + "clientId and clientSecret with the request."));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
