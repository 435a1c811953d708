package dev.vibe.scoring.service;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.csv.SpotifyIds;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.scoring.client.IngestClient;
import dev.vibe.scoring.client.IngestReads;
import dev.vibe.scoring.client.VibeStatusLookup;
import dev.vibe.scoring.domain.CandidateSongs;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Recommendations: the songs of a pool that fit each playlist of a vibe best. The pool's features go through the
 * model's ONNX graph in large batches into one flat array of probabilities, {@link Ranker} picks the best without
 * sorting the pool, and only the picks are explained (as scoring explains a song).
 */
@ApplicationScoped
public class RecommendService {

    /** Songs per ONNX Runtime call when a pool is scored. */
    static final int BATCH = 8192;
    public static final int MAX_LIMIT = 500;

    private final ServedModels servedModels;
    private final VibeStatusLookup status;
    private final CandidateSongs candidates;
    private final ScoringService scoring;
    private final IngestClient ingest;

    public RecommendService(ServedModels servedModels, VibeStatusLookup status, CandidateSongs candidates, ScoringService scoring,
                            @RestClient IngestClient ingest) {
        this.servedModels = servedModels;
        this.status = status;
        this.candidates = candidates;
        this.scoring = scoring;
        this.ingest = ingest;
    }

    /**
     * What to recommend.
     *
     * @param playlist a playlist of the vibe (name or id), or null for each playlist
     * @param pool     {@code all} (every song known), {@code stored}, {@code catalogue:NAME} or {@code playlist:ID}
     */
    public record Request(String playlist, String pool, int offset, int limit, double minProbability, Double minMargin, Integer perArtist,
                          boolean explain) {
    }

    public record Recommendation(int rank, String trackId, String uri, String name, List<String> artists, float probability, float margin,
                                 float[] features, ScoringService.Explanation explanation) {
    }

    /**
     * @param candidates songs of the pool that pass the filters for this playlist (songs on it left out)
     * @param more       whether there are more picks after these (ask with {@code offset + limit})
     */
    public record PlaylistRecommendations(String playlist, String playlistId, int candidates, int offset, boolean more,
                                          List<Recommendation> songs) {
    }

    public record Recommendations(String vibe, int modelVersion, String pool, int poolSongs, List<PlaylistRecommendations> playlists) {
    }

    /** The songs of a pool, however they are held. */
    interface PoolSongs {
        String id();

        int size();

        /** Features of songs {@code from..to} one after another into {@code out}. */
        void features(int from, int to, float[] out);

        float[] features(int i);

        /** The song's first-artist key (-1 if none). */
        int artist(int i);

        Song song(int i);

        /** Which songs of the pool have one of these track ids. */
        IntPredicate withIds(Set<String> trackIds);
    }

    record Song(String trackId, String name, List<String> artists) {
    }

    /** A pool of the songs this service learned from events (inside {@link CandidateSongs#read}): pool song i is store row {@code rows[i]}. */
    record KnownPool(String id, CandidateSongs store, int[] rows) implements PoolSongs {
        public int size() {
            return rows.length;
        }

        public void features(int from, int to, float[] out) {
            store.copyFeatures(rows, from, to, out);
        }

        public float[] features(int i) {
            return store.features(rows[i]);
        }

        public int artist(int i) {
            return store.artistKey(rows[i]);
        }

        public Song song(int i) {
            return new Song(store.trackId(rows[i]), store.name(rows[i]), store.artists(rows[i]));
        }

        public IntPredicate withIds(Set<String> trackIds) {
            BitSet storeRows = new BitSet();
            trackIds.forEach(id -> {
                int row = store.rowOf(id);
                if (row >= 0) {
                    storeRows.set(row);
                }
            });
            return i -> storeRows.get(rows[i]);
        }
    }

    /** A playlist read from ingest: its songs in a list. */
    record ListedPool(String id, List<PlaylistSong> songs, float[] all, int[] artists) implements PoolSongs {
        public int size() {
            return songs.size();
        }

        public void features(int from, int to, float[] out) {
            System.arraycopy(all, from * FeatureSchema.SIZE, out, 0, (to - from) * FeatureSchema.SIZE);
        }

        public float[] features(int i) {
            return Arrays.copyOfRange(all, i * FeatureSchema.SIZE, (i + 1) * FeatureSchema.SIZE);
        }

        public int artist(int i) {
            return artists[i];
        }

        public Song song(int i) {
            PlaylistSong s = songs.get(i);
            return new Song(s.id(), s.name(), s.artists());
        }

        public IntPredicate withIds(Set<String> trackIds) {
            return i -> trackIds.contains(songs.get(i).id());
        }
    }

    /**
     * The recommendations of a vibe's model from a pool (the request's options are in range: the REST edge checks
     * them, see {@code RecommendQuery}).
     */
    public Recommendations recommend(String vibeId, Request r) {
        if (r.pool().startsWith("playlist:")) {
            PoolSongs pool = storedPlaylist(r.pool().substring("playlist:".length()));
            return withModel(vibeId, model -> recommend(model, pool, r));
        }
        if (!candidates.caughtUp()) {
            throw new VibeException.Unavailable("Still reading songs", "The scoring service is still reading the songs it recommends from (" + candidates.size()
                    + " so far); try again in a moment.");
        }
        return withModel(vibeId, model -> candidates.read(songs -> recommend(model, knownPool(songs, r.pool()), r)));
    }

    private <T> T withModel(String vibeId, Function<ServedModel, T> work) {
        try {
            return servedModels.withModel(vibeId, work);
        } catch (ServedModels.NoModel e) {
            throw status.noModel(vibeId);
        }
    }

    /** Every song known, the stored songs or one catalogue. Inside {@link CandidateSongs#read}. */
    private static PoolSongs knownPool(CandidateSongs songs, String poolId) {
        CandidateSongs.Pool pool = songs.pool(poolId);
        if (pool == null) {
            throw new VibeException.InvalidInput("No pool '" + poolId + "'. Pools: all, stored, catalogue:NAME for a loaded catalogue ("
                    + String.join(", ", songs.pools().stream().map(CandidateSongs.PoolInfo::id).filter(id -> id.startsWith("catalogue:")).toList())
                    + "), or playlist:ID for a stored playlist.", List.of(new Problem.FieldError("pool", "unknown pool")));
        }
        BitSet rows = pool.rows();
        return new KnownPool(poolId, songs, rows.stream().toArray());
    }

    private PoolSongs storedPlaylist(String playlistId) {
        PlaylistDetail p = IngestReads.playlist(ingest, playlistId, "try again.",
                unknown -> new VibeException.InvalidInput(unknown + " Or use pool=all.", List.of(new Problem.FieldError("pool", "unknown playlist"))));
        List<PlaylistSong> songs = p.songs();
        float[] features = new float[songs.size() * FeatureSchema.SIZE];
        Map<String, Integer> artists = new HashMap<>();
        int[] artist = new int[songs.size()];
        for (int i = 0; i < songs.size(); i++) {
            PlaylistSong s = songs.get(i);
            System.arraycopy(s.raw(), 0, features, i * FeatureSchema.SIZE, FeatureSchema.SIZE);
            String first = CandidateSongs.firstArtist(s.artists());
            artist[i] = first == null ? -1 : artists.computeIfAbsent(first, a -> artists.size());
        }
        return new ListedPool("playlist:" + playlistId, songs, features, artist);
    }

    Recommendations recommend(ServedModel model, PoolSongs pool, Request r) {
        int k = model.playlistNames().size();
        List<Integer> which = playlists(model, r.playlist());
        float[] p = probabilities(model, pool);
        List<PlaylistRecommendations> out = new ArrayList<>();
        for (int c : which) {
            Set<String> onIt = new HashSet<>();
            model.songsOf(c).forEach(s -> onIt.add(s.id()));
            Ranker.Ranked ranked = Ranker.rank(p, pool.size(), k,
                    new Ranker.Options(c, r.offset(), r.limit(), r.minProbability(), r.minMargin(), r.perArtist()),
                    pool.withIds(onIt), pool::artist);
            out.add(new PlaylistRecommendations(model.playlistNames().get(c), model.playlistIds().get(c), ranked.candidates(), r.offset(),
                    ranked.more(), songs(model, pool, ranked.picks(), c, r)));
        }
        return new Recommendations(model.vibeId(), model.version(), pool.id(), pool.size(), out);
    }

    /** All songs of the pool through the model, {@value #BATCH} at a time, into one flat array ({@code k} per song). */
    static float[] probabilities(ServedModel model, PoolSongs pool) {
        int n = pool.size();
        int k = model.playlistNames().size();
        float[] p = new float[n * k];
        float[] batch = new float[Math.min(BATCH, Math.max(n, 1)) * FeatureSchema.SIZE];
        for (int start = 0; start < n; start += BATCH) {
            int rows = Math.min(BATCH, n - start);
            pool.features(start, start + rows, batch);
            model.predictInto(batch, rows, p, start * k);
        }
        return p;
    }

    private static List<Integer> playlists(ServedModel model, String playlist) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < model.playlistNames().size(); c++) {
            if (playlist == null || playlist.isBlank() || model.playlistIds().get(c).equals(playlist)
                    || model.playlistNames().get(c).equalsIgnoreCase(playlist.strip())) {
                all.add(c);
            }
        }
        if (all.isEmpty()) {
            throw new VibeException.InvalidInput("The vibe has no playlist '" + playlist + "'. Its playlists: "
                    + String.join(", ", model.playlistNames()) + ".", List.of(new Problem.FieldError("playlist", "not a playlist of this vibe")));
        }
        return all;
    }

    private List<Recommendation> songs(ServedModel model, PoolSongs pool, List<Ranker.Pick> picks, int c, Request r) {
        float[][] raw = new float[picks.size()][];
        for (int j = 0; j < picks.size(); j++) {
            int i = picks.get(j).index();
            raw[j] = pool.features(i);
        }
        List<List<ScoringService.Explanation>> explained = r.explain() ? scoring.explanations(model, raw) : null;
        List<Recommendation> out = new ArrayList<>(picks.size());
        for (int j = 0; j < picks.size(); j++) {
            Ranker.Pick pick = picks.get(j);
            Song s = pool.song(pick.index());
            out.add(new Recommendation(r.offset() + j + 1, s.trackId(), SpotifyIds.isId(s.trackId()) ? "spotify:track:" + s.trackId() : null,
                    s.name(), s.artists(), pick.probability(), pick.margin(), raw[j], explained == null ? null : explained.get(j).get(c)));
        }
        return out;
    }
}
