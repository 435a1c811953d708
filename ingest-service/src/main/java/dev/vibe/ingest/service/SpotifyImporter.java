package dev.vibe.ingest.service;

import dev.vibe.common.csv.SpotifyIds;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.ApiException;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.config.SpotifyConfig;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.service.PlaylistImportService.ImportReport;
import dev.vibe.ingest.service.PlaylistImportService.IncomingSong;
import dev.vibe.ingest.service.PlaylistImportService.SkippedSong;
import dev.vibe.ingest.service.TrackService.SongData;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.enums.ModelObjectType;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.ForbiddenException;
import se.michaelthelin.spotify.exceptions.detailed.NotFoundException;
import se.michaelthelin.spotify.exceptions.detailed.TooManyRequestsException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.specification.ArtistSimplified;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.model_objects.specification.Track;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a playlist from Spotify's Web API with the client-credentials flow: items page by page (100 a page),
 * local files and episodes skipped, audio features in batches of 100 ids, 429 waited out per Retry-After.
 * Since 2024-11-27 Spotify answers 403 to /audio-features for new apps: songs then get features from what Vibe
 * already stores or from the feature catalogue, and the error says how to use Exportify instead.
 */
@ApplicationScoped
public class SpotifyImporter {

    static final int PAGE = 100;
    static final int FEATURE_BATCH = 100;
    static final String FORBIDDEN_FEATURES = "Spotify answered 403 to /audio-features: it no longer serves audio features to apps created after "
            + "2024-11-27. Export the playlist with Exportify (exportify.net) and import the CSV (POST /api/v1/playlists/exportify, "
            + "or ./vibe import FILE.csv), or load a feature catalogue with these tracks (POST /api/v1/catalogue) and import again.";
    private static final Logger LOG = Logger.getLogger(SpotifyImporter.class);

    private final SpotifyConfig config;
    private final PlaylistImportService importer;
    private final TrackService tracks;
    private final RebasedHttpManager httpManager;

    public SpotifyImporter(SpotifyConfig config, PlaylistImportService importer, TrackService tracks) {
        this.config = config;
        this.importer = importer;
        this.tracks = tracks;
        URI accounts = config.accountsUrl();
        this.httpManager = new RebasedHttpManager(URI.create(accounts.getScheme() + "://" + accounts.getHost() + ":" + port(accounts)), 20_000);
    }

    /** Client credentials given with a request; the secret never leaves this object except to Spotify. */
    public record Credentials(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    public ImportReport importPlaylist(String playlistRef, String nameOverride, Credentials given) {
        String playlistId;
        try {
            playlistId = SpotifyIds.playlistId(playlistRef);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), List.of(new Problem.FieldError("playlist", e.getMessage())));
        }
        SpotifyApi api = authenticate(credentials(given));

        String name = nameOverride != null && !nameOverride.isBlank() ? nameOverride.strip()
                : call(() -> api.getPlaylist(playlistId).fields("name").build().execute(), "playlist " + playlistId).getName();

        List<IncomingSong> songs = new ArrayList<>();
        List<SkippedSong> skipped = new ArrayList<>();
        int offset = 0;
        while (true) {
            int from = offset;
            Paging<PlaylistTrack> page = call(() -> api.getPlaylistsItems(playlistId).limit(PAGE).offset(from).build().execute(),
                    "playlist " + playlistId);
            PlaylistTrack[] items = page.getItems() == null ? new PlaylistTrack[0] : page.getItems();
            for (int i = 0; i < items.length; i++) {
                int position = from + i + 1;
                PlaylistTrack item = items[i];
                if (Boolean.TRUE.equals(item.getIsLocal())) {
                    skipped.add(new SkippedSong(position, "", itemName(item), "a local file: not on Spotify, so it has no audio features"));
                } else if (item.getTrack() == null) {
                    skipped.add(new SkippedSong(position, "", "", "no longer available on Spotify"));
                } else if (item.getTrack().getType() == ModelObjectType.EPISODE || !(item.getTrack() instanceof Track t)) {
                    skipped.add(new SkippedSong(position, item.getTrack().getId(), item.getTrack().getName(), "a podcast episode: episodes have no audio features"));
                } else {
                    List<String> artists = t.getArtists() == null ? List.of() : Arrays.stream(t.getArtists()).map(ArtistSimplified::getName).toList();
                    String album = t.getAlbum() == null ? "" : t.getAlbum().getName();
                    songs.add(new IncomingSong(position, new SongData(t.getId(), t.getName(), artists, album, null, FeatureSource.SPOTIFY_API)));
                }
            }
            offset += items.length;
            if (page.getNext() == null || items.length == 0) {
                break;
            }
        }

        FeatureFetch fetched = features(api, songs.stream().map(s -> s.data().id()).distinct().toList());
        Map<String, AudioFeatures> features = fetched.features();
        List<IncomingSong> withFeatures = songs.stream().map(s -> {
            AudioFeatures f = features.get(s.data().id());
            SongData d = s.data();
            return f == null ? s : new IncomingSong(s.row(), new SongData(d.id(), d.name(), d.artists(), d.album(), f, FeatureSource.SPOTIFY_API));
        }).toList();
        boolean anyFeatures = !features.isEmpty();
        try {
            return importer.importPlaylist(playlistId, name, Playlist.Source.SPOTIFY_API, "spotify:playlist:" + playlistId, withFeatures, skipped);
        } catch (ApiException e) {
            if (fetched.forbidden() && !anyFeatures && e.status() == 400 && !songs.isEmpty()) {
                throw new ApiException(502, "Spotify serves no audio features to this app", FORBIDDEN_FEATURES, e.errors());
            }
            throw e;
        }
    }

    /** Features found for a playlist's tracks, and whether Spotify refused /audio-features (403). */
    record FeatureFetch(Map<String, AudioFeatures> features, boolean forbidden) {
    }

    /** Features for the tracks: those Vibe already stores, then Spotify's /audio-features in batches of 100. */
    private FeatureFetch features(SpotifyApi api, List<String> ids) {
        Map<String, AudioFeatures> found = new HashMap<>(tracks.knownFeatures(ids));
        List<String> wanted = ids.stream().filter(id -> !found.containsKey(id)).toList();
        for (int i = 0; i < wanted.size(); i += FEATURE_BATCH) {
            String[] batch = wanted.subList(i, Math.min(wanted.size(), i + FEATURE_BATCH)).toArray(String[]::new);
            se.michaelthelin.spotify.model_objects.specification.AudioFeatures[] answer;
            try {
                answer = callOrForbidden(() -> api.getAudioFeaturesForSeveralTracks(batch).build().execute());
            } catch (FeaturesForbidden e) {
                LOG.warn("Spotify refused /audio-features (403); using stored and catalogue features only");
                return new FeatureFetch(found, true);
            }
            for (var a : answer == null ? new se.michaelthelin.spotify.model_objects.specification.AudioFeatures[0] : answer) {
                if (a != null && a.getId() != null) {
                    try {
                        found.put(a.getId(), toFeatures(a));
                    } catch (AudioFeatures.InvalidFeaturesException e) {
                        LOG.warnf("Spotify's features of %s are unusable (%s); the song is skipped", a.getId(), e.getMessage());
                    }
                }
            }
        }
        return new FeatureFetch(found, false);
    }

    static AudioFeatures toFeatures(se.michaelthelin.spotify.model_objects.specification.AudioFeatures a) {
        return AudioFeatures.of(num(a.getDanceability()), num(a.getEnergy()), num(a.getKey()), num(a.getLoudness()),
                a.getMode() == null ? Double.NaN : a.getMode().getType(), num(a.getSpeechiness()), num(a.getAcousticness()),
                num(a.getInstrumentalness()), num(a.getLiveness()), num(a.getValence()), num(a.getTempo()),
                num(a.getDurationMs()), num(a.getTimeSignature()));
    }

    /** The value as Spotify wrote it: the library reads floats, whose shortest decimal is Spotify's JSON number. */
    private static double num(Number n) {
        if (n == null) {
            return Double.NaN;
        }
        return n instanceof Float f ? Double.parseDouble(f.toString()) : n.doubleValue();
    }

    private static String itemName(PlaylistTrack item) {
        return item.getTrack() == null ? "" : item.getTrack().getName();
    }

    private Credentials credentials(Credentials given) {
        if (given != null && notBlank(given.clientId()) && notBlank(given.clientSecret())) {
            return given;
        }
        Optional<String> id = config.clientId().filter(SpotifyImporter::notBlank);
        Optional<String> secret = config.clientSecret().filter(SpotifyImporter::notBlank);
        if (id.isEmpty() || secret.isEmpty()) {
            throw ApiException.badRequest("Spotify credentials are not configured: set CLIENT_ID and CLIENT_SECRET (a Spotify app's "
                    + "client credentials) in the ingest service's environment, or send clientId and clientSecret with the request.");
        }
        return new Credentials(id.get(), secret.get());
    }

    private SpotifyApi authenticate(Credentials c) {
        URI apiUrl = config.apiUrl();
        SpotifyApi api = new SpotifyApi.Builder()
                .setClientId(c.clientId()).setClientSecret(c.clientSecret())
                .setScheme(apiUrl.getScheme()).setHost(apiUrl.getHost()).setPort(port(apiUrl))
                .setHttpManager(httpManager)
                .build();
        var token = call(() -> api.clientCredentials().build().execute(), "token");
        api.setAccessToken(token.getAccessToken());
        return api;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : ("http".equals(uri.getScheme()) ? 80 : 443);
    }

    /** A Spotify call that throws its checked exceptions. */
    @FunctionalInterface
    interface SpotifyCall<T> {
        T run() throws IOException, SpotifyWebApiException, org.apache.hc.core5.http.ParseException;
    }

    private static final class FeaturesForbidden extends Exception {
    }

    private <T> T callOrForbidden(SpotifyCall<T> call) throws FeaturesForbidden {
        try {
            return call(call, "audio features");
        } catch (ForbiddenFromSpotify e) {
            throw new FeaturesForbidden();
        }
    }

    private static final class ForbiddenFromSpotify extends ApiException {
        ForbiddenFromSpotify(String detail) {
            super(502, "Spotify refused the request", detail);
        }
    }

    /** Runs a call, waiting out 429s, and turns Spotify's errors into problems that say what to do. */
    private <T> T call(SpotifyCall<T> call, String what) {
        int retries = 0;
        while (true) {
            try {
                return call.run();
            } catch (TooManyRequestsException e) {
                int wait = Math.max(1, e.getRetryAfter());
                if (wait > config.maxRetryAfterSeconds() || ++retries > config.maxRetries()) {
                    throw new ApiException(503, "Spotify rate limit", "Spotify asks to wait " + wait + " s before more requests (HTTP 429). "
                            + "Try the import again after that.");
                }
                LOG.infof("Spotify rate limit on %s: waiting %d s as Retry-After asks (retry %d of %d)", what, wait, retries, config.maxRetries());
                sleep(wait);
            } catch (UnauthorizedException | BadRequestException e) {
                if (!"token".equals(what) && e instanceof BadRequestException) {
                    throw new ApiException(502, "Spotify rejected the request", "Spotify answered 400 to the " + what + " request: " + e.getMessage());
                }
                throw new ApiException(502, "Spotify rejected the credentials", "Spotify rejected the client credentials (HTTP "
                        + (e instanceof UnauthorizedException ? 401 : 400) + "): check CLIENT_ID and CLIENT_SECRET of your Spotify app "
                        + "(developer.spotify.com/dashboard).");
            } catch (ForbiddenException e) {
                throw new ForbiddenFromSpotify("Spotify refused the " + what + " request (HTTP 403): " + e.getMessage());
            } catch (NotFoundException e) {
                throw ApiException.notFound("Spotify has no " + what + " (HTTP 404). Check the id; with client credentials only public "
                        + "playlists can be read.");
            } catch (SpotifyWebApiException | org.apache.hc.core5.http.ParseException e) {
                throw new ApiException(502, "Spotify error", "Spotify answered the " + what + " request with an error: " + e.getMessage());
            } catch (IOException e) {
                throw new ApiException(502, "Spotify unreachable", "Cannot reach Spotify at " + config.apiUrl() + " (" + e.getMessage()
                        + "). Check the network, or import an Exportify CSV instead.");
            }
        }
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted", "The import was interrupted; try again.");
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
