package dev.vibe.scoring.service;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.common.api.VibeView;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.scoring.client.IngestClient;
import dev.vibe.scoring.client.TrainerClient;
import dev.vibe.scoring.client.VibeStatusLookup;
import dev.vibe.scoring.config.ScoringConfig;
import dev.vibe.scoring.domain.CandidateSongs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link RecommendService} decides, its neighbours replaced by hand-written fakes: the trainer (one model with
 * real weights shape, random values), ingest (playlists and vibe states), the songs learned from events (a real
 * {@link CandidateSongs}). Plain JUnit: no broker, no database, no HTTP.
 */
class RecommendServiceTest {

    static final String VIBE = "fits";
    static final int SONGS = 240;
    static final List<String> NAMES = RandomVibeNet.PLAYLISTS;

    static RandomVibeNet made;
    static ModelArtifact artifact;
    /** The same model, to hold the service's choices to: probabilities one song at a time. */
    static ServedModel reference;
    static float[][] raw;

    FakeTrainer trainer;
    FakeIngest ingest;
    CandidateSongs candidates;
    ServedModels served;
    RecommendService service;

    /** Song i of the catalogue: a Spotify track id for even songs, a local id for odd ones. */
    static String id(int i) {
        return i % 2 == 0 ? String.format("%022d", i) : "local-" + i;
    }

    @BeforeAll
    static void model() {
        made = RandomVibeNet.make(5);
        made.served().retire();
        raw = made.rows(0, SONGS);
        List<ModelArtifact.PlaylistRef> playlists = IntStream.range(0, NAMES.size()).mapToObj(k -> new ModelArtifact.PlaylistRef("p" + k, NAMES.get(k))).toList();
        // songs 0..9 are already on Bluey (p0), songs 10..14 on Country (p3)
        List<ModelArtifact.TrainingSong> training = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            training.add(new ModelArtifact.TrainingSong(id(i), "Song " + i, List.of(i < 10 ? 0 : 3), features(i), null, List.of("Artist " + i)));
        }
        artifact = ModelArtifact.of(VIBE, 3, "test", playlists, training, Map.of(), made.artifact().onnx(), Instant.now());
        reference = new ServedModel(artifact);
    }

    @AfterAll
    static void close() {
        reference.retire();
    }

    static AudioFeatures features(int i) {
        double[] f = new double[raw[i].length];
        for (int j = 0; j < f.length; j++) {
            f[j] = raw[i][j];
        }
        return AudioFeatures.of(f);
    }

    /**
     * The fake behind a client interface. The fakes do not implement the interfaces themselves: a test class that
     * implements a {@code @Path} interface would become an endpoint of the application other tests start.
     */

    /** The trainer: the model of {@link #VIBE}, nothing else. */
    public static final class FakeTrainer {
        int asked;

        public List<ModelSummary> latest() {
            return List.of();
        }

        public ModelArtifact latestArtifact(String vibeId) {
            asked++;
            if (!vibeId.equals(VIBE)) {
                throw new NotFoundException();
            }
            return artifact;
        }

        public ModelArtifact artifact(String vibeId, int version) {
            return latestArtifact(vibeId);
        }
    }

    /** Ingest: stored playlists and vibe states by id; down when asked to be. */
    public static final class FakeIngest {
        final Map<String, PlaylistDetail> playlists = new HashMap<>();
        final Map<String, VibeView> vibes = new HashMap<>();
        boolean down;

        private <T> T answer(Map<String, T> from, String id) {
            if (down) {
                throw new ProcessingException("connection refused");
            }
            T found = from.get(id);
            if (found == null) {
                throw new WebApplicationException(404);
            }
            return found;
        }

        public PlaylistDetail playlist(String id) {
            return answer(playlists, id);
        }

        public List<PlaylistSummary> playlists() {
            return List.of();
        }

        public List<VibeView> vibes() {
            return List.copyOf(vibes.values());
        }

        public VibeView vibe(String id) {
            return answer(vibes, id);
        }
    }

    @BeforeEach
    void services() {
        ScoringConfig config = Neighbours.config(1000, 4);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        trainer = new FakeTrainer();
        ingest = new FakeIngest();
        candidates = new CandidateSongs();
        IngestClient ingestClient = Neighbours.client(IngestClient.class, ingest);
        served = new ServedModels(config, Neighbours.client(TrainerClient.class, trainer), meters);
        VibeStatusLookup status = new VibeStatusLookup(ingestClient);
        service = new RecommendService(served, status, candidates,
                new ScoringService(served, status, ingestClient, config, new EventLoopBatcher(meters)), ingestClient);
        List<CandidateSongs.CatalogueSong> songs = new ArrayList<>();
        for (int i = 0; i < SONGS; i++) {
            songs.add(new CandidateSongs.CatalogueSong(id(i), "Song " + i, List.of("Artist " + (i % 40)), features(i)));
        }
        candidates.putCataloguePart("sample", Instant.now(), 0, 1, songs);
        candidates.markCaughtUp();
    }

    @AfterEach
    void stop() {
        served.onStop(null);
    }

    static RecommendService.Request request(String playlist, String pool, int offset, int limit) {
        return new RecommendService.Request(playlist, pool, offset, limit, 0, null, null, false);
    }

    /** Songs {@code from} (indices of the catalogue) best first for playlist {@code k}, leaving out {@code onIt}. */
    static List<Integer> bestOf(List<Integer> from, int k, Set<Integer> onIt) {
        float[][] p = reference.predict(from.stream().map(i -> raw[i]).toArray(float[][]::new));
        List<Integer> order = new ArrayList<>(IntStream.range(0, from.size()).boxed().toList());
        order.sort(Comparator.comparing((Integer j) -> -p[j][k]).thenComparing(j -> j));
        return order.stream().map(from::get).filter(i -> !onIt.contains(i)).toList();
    }

    static List<String> ids(RecommendService.PlaylistRecommendations p) {
        return p.songs().stream().map(RecommendService.Recommendation::trackId).toList();
    }

    @Test
    void eachPlaylistGetsTheBestSongsOfThePoolWithoutTheSongsAlreadyOnIt() {
        RecommendService.Recommendations r = service.recommend(VIBE, request(null, "catalogue:sample", 0, 12));
        assertEquals(VIBE, r.vibe());
        assertEquals(3, r.modelVersion());
        assertEquals("catalogue:sample", r.pool());
        assertEquals(SONGS, r.poolSongs());
        assertEquals(NAMES, r.playlists().stream().map(RecommendService.PlaylistRecommendations::playlist).toList());
        List<Integer> all = IntStream.range(0, SONGS).boxed().toList();
        Set<Integer> onBluey = Set.copyOf(IntStream.range(0, 10).boxed().toList());
        Set<Integer> onCountry = Set.copyOf(IntStream.range(10, 15).boxed().toList());
        for (int k = 0; k < NAMES.size(); k++) {
            Set<Integer> onIt = k == 0 ? onBluey : k == 3 ? onCountry : Set.of();
            RecommendService.PlaylistRecommendations p = r.playlists().get(k);
            assertEquals("p" + k, p.playlistId());
            assertEquals(SONGS - onIt.size(), p.candidates(), NAMES.get(k));
            assertTrue(p.more());
            assertEquals(bestOf(all, k, onIt).subList(0, 12).stream().map(RecommendServiceTest::id).toList(), ids(p), NAMES.get(k));
            assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), p.songs().stream().map(RecommendService.Recommendation::rank).toList());
        }
    }

    @Test
    void aSongCarriesItsUriOnlyForASpotifyIdAndItsFeaturesNamesAndArtists() {
        RecommendService.Recommendations r = service.recommend(VIBE, request("Praise_Bangers", "catalogue:sample", 0, 40));
        assertEquals(1, r.playlists().size());
        for (RecommendService.Recommendation s : r.playlists().get(0).songs()) {
            int i = s.trackId().startsWith("local-") ? Integer.parseInt(s.trackId().substring(6)) : Integer.parseInt(s.trackId());
            assertEquals(i % 2 == 0 ? "spotify:track:" + s.trackId() : null, s.uri());
            assertEquals("Song " + i, s.name());
            assertEquals(List.of("Artist " + (i % 40)), s.artists());
            assertEquals(List.of(), diff(raw[i], s.features()), s.trackId());
            assertNull(s.explanation(), "not asked to explain");
            assertEquals(reference.predict(new float[][]{raw[i]})[0][1], s.probability(), 1e-5);
        }
    }

    private static List<Integer> diff(float[] a, float[] b) {
        return IntStream.range(0, a.length).filter(j -> Float.compare(a[j], b[j]) != 0).boxed().toList();
    }

    @Test
    void aPlaylistIsNamedByIdOrByNameInAnyCaseAndPagesFollowOneAnother() {
        List<String> first = ids(service.recommend(VIBE, request("p3", "catalogue:sample", 0, 20)).playlists().get(0));
        RecommendService.PlaylistRecommendations second = service.recommend(VIBE, request(" country ", "catalogue:sample", 10, 10)).playlists().get(0);
        assertEquals("Country", second.playlist());
        assertEquals(first.subList(10, 20), ids(second));
        assertEquals(10, second.offset());
        assertEquals(11, second.songs().get(0).rank(), "ranks count from the page's offset");
        RecommendService.PlaylistRecommendations last = service.recommend(VIBE, request("Country", "catalogue:sample", SONGS - 5 - 3, 10)).playlists().get(0);
        assertEquals(3, last.songs().size());
        assertFalse(last.more());
    }

    @Test
    void explainedSongsCarryTheExplanationOfTheirPlaylist() {
        RecommendService.Request r = new RecommendService.Request("Bluey", "catalogue:sample", 0, 3, 0, null, null, true);
        service.recommend(VIBE, r).playlists().get(0).songs().forEach(s -> assertNotNull(s.explanation(), s.trackId()));
    }

    @Test
    void anUnknownPlaylistOrPoolIsBadInputThatSaysWhatThereIs() {
        VibeException.InvalidInput playlist = assertThrows(VibeException.InvalidInput.class,
                () -> service.recommend(VIBE, request("Jazz", "all", 0, 5)));
        assertEquals(List.of(new Problem.FieldError("playlist", "not a playlist of this vibe")), playlist.errors());
        assertEquals("The vibe has no playlist 'Jazz'. Its playlists: Bluey, Praise_Bangers, No_Words_Allowed, Country.", playlist.getMessage());
        VibeException.InvalidInput pool = assertThrows(VibeException.InvalidInput.class,
                () -> service.recommend(VIBE, request(null, "catalogue:nope", 0, 5)));
        assertEquals(List.of(new Problem.FieldError("pool", "unknown pool")), pool.errors());
        assertTrue(pool.getMessage().startsWith("No pool 'catalogue:nope'. Pools: all, stored, catalogue:NAME for a loaded catalogue (catalogue:sample)"),
                pool.getMessage());
    }

    @Test
    void beforeTheSongsAreReadTheKnownPoolsAnswerTryAgainButAPlaylistOfIngestDoesNot() {
        CandidateSongs fresh = new CandidateSongs();
        IngestClient ingestClient = Neighbours.client(IngestClient.class, ingest);
        RecommendService early = new RecommendService(served, new VibeStatusLookup(ingestClient), fresh, null, ingestClient);
        VibeException.Unavailable e = assertThrows(VibeException.Unavailable.class, () -> early.recommend(VIBE, request(null, "all", 0, 5)));
        assertEquals("Still reading songs", e.title());
        assertEquals(0, trainer.asked, "no model is loaded for a request that cannot be answered");
        ingest.playlists.put("liked", new PlaylistDetail("liked", "Liked", PlaylistSource.EXPORTIFY_CSV, 1, Instant.now(), List.of(
                new PlaylistSong(id(20), "Song 20", List.of("A"), null, features(20).toMap(), "EXPORTIFY_CSV", 1),
                new PlaylistSong(id(21), "Song 21", null, null, features(21).toMap(), "EXPORTIFY_CSV", 1))));
        RecommendService.Recommendations r = early.recommend(VIBE, request("Bluey", "playlist:liked", 0, 5));
        assertEquals("playlist:liked", r.pool());
        assertEquals(2, r.poolSongs());
        assertEquals(bestOf(List.of(20, 21), 0, Set.of()).stream().map(RecommendServiceTest::id).toList(), ids(r.playlists().get(0)));
    }

    @Test
    void aPlaylistPoolIngestDoesNotHaveIsBadInputAndIngestDownIsTryAgain() {
        VibeException.InvalidInput gone = assertThrows(VibeException.InvalidInput.class,
                () -> service.recommend(VIBE, request(null, "playlist:gone", 0, 5)));
        assertEquals(List.of(new Problem.FieldError("pool", "unknown playlist")), gone.errors());
        assertTrue(gone.getMessage().startsWith("No stored playlist 'gone'.") && gone.getMessage().endsWith(" Or use pool=all."), gone.getMessage());
        ingest.down = true;
        VibeException.Unavailable down = assertThrows(VibeException.Unavailable.class,
                () -> service.recommend(VIBE, request(null, "playlist:gone", 0, 5)));
        assertEquals("Ingest unavailable", down.title());
    }

    @Test
    void aVibeWithoutAModelIsUnknownOrNotReadyAsIngestSaysIt() {
        VibeException.NotFound unknown = assertThrows(VibeException.NotFound.class, () -> service.recommend("nobody", request(null, "all", 0, 5)));
        assertTrue(unknown.getMessage().startsWith("No vibe 'nobody'."), unknown.getMessage());
        ingest.vibes.put("learning", new VibeView("learning", "Learning", List.of("a", "b"), TrainingStatus.State.TRAINING, null, null, Map.of(), "request-learning", Instant.now(), Instant.now()));
        VibeException.Conflict training = assertThrows(VibeException.Conflict.class, () -> service.recommend("learning", request(null, "all", 0, 5)));
        assertTrue(training.getMessage().endsWith("[status: TRAINING]"), training.getMessage());
    }
}
