package dev.vibe.scoring.service;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelGraph;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vibe.common.model.ModelGraph.CONDITIONAL;
import static dev.vibe.common.model.ModelGraph.FITS_NONE_BELOW;
import static dev.vibe.common.model.ModelGraph.INPUT;
import static dev.vibe.common.model.ModelGraph.OUTPUT;

/**
 * A verified model being served: one ONNX Runtime session shared by all request threads (sessions are
 * thread-safe), plus what explanations need: the encoding and each playlist's training songs.
 *
 * <p>Closing is deferred while calls are running: {@link #acquire()} before use, {@link #release()} after; a
 * retired model closes its session when the last call releases it, so a swap never fails a request in flight.
 */
public final class ServedModel {

    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    /** Calls of at most this many songs reuse their buffers and tensors ({@link Scratch}); larger ones allocate them. */
    static final int SCRATCH_ROWS = 64;
    private static final Set<String> ABSOLUTE_ONLY = Set.of(OUTPUT);

    private final String vibeId;
    private final int version;
    private final String checksumSha256;
    private final List<String> playlistIds;
    private final List<String> playlistNames;
    private final Map<String, Object> metrics;
    private final Instant createdAt;
    private final OrtSession session;
    private final FeatureEncoding encoding;
    private final List<List<ReferenceSong>> songsByPlaylist;
    private final double[][] typicalByPlaylist;
    private final List<ModelArtifact.TrainingSong> trainingSongs;
    private final boolean conditional;
    private final double fitsNoneBelow;
    private final AtomicInteger users = new AtomicInteger(1); // 1 = ServedModels' own reference
    private final Queue<Scratch> scratches = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** A training song of a playlist, for "nearest songs" explanations. */
    public record ReferenceSong(String id, String name, double[] raw, float[] encoded) {
    }

    ServedModel(ModelArtifact artifact) {
        this.vibeId = artifact.vibeId();
        this.version = artifact.version();
        this.checksumSha256 = artifact.checksumSha256();
        this.playlistIds = artifact.playlistIds();
        this.playlistNames = artifact.playlistNames();
        this.metrics = artifact.evaluation();
        this.createdAt = artifact.createdAt();
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = ENV.createSession(artifact.onnx(), options);
            String encodingJson = session.getMetadata().getCustomMetadata().get(ModelGraph.ENCODING);
            if (encodingJson == null) {
                throw new ModelRejectedException("model " + vibeId + " v" + version + " has no encoding in its metadata", "onnx");
            }
            this.encoding = EventJson.read(encodingJson.getBytes(StandardCharsets.UTF_8), FeatureEncoding.class);
            // models made before the background was learned have one output, the chance among the playlists
            this.conditional = session.getOutputNames().contains(CONDITIONAL);
            String threshold = session.getMetadata().getCustomMetadata().get(FITS_NONE_BELOW);
            this.fitsNoneBelow = threshold == null ? Double.NaN : Double.parseDouble(threshold);
        } catch (OrtException e) {
            throw new ModelRejectedException("model " + vibeId + " v" + version + " is not a usable ONNX model: " + e.getMessage(), "onnx");
        }
        this.songsByPlaylist = new ArrayList<>();
        for (int k = 0; k < playlistNames.size(); k++) {
            songsByPlaylist.add(new ArrayList<>());
        }
        for (ModelArtifact.TrainingSong s : artifact.songs()) {
            double[] raw = s.features().toArray();
            ReferenceSong ref = new ReferenceSong(s.id(), s.name(), raw, encoding.encode(raw));
            s.playlists().forEach(k -> songsByPlaylist.get(k).add(ref));
        }
        this.typicalByPlaylist = songsByPlaylist.stream().map(ServedModel::typical).toArray(double[][]::new);
        this.trainingSongs = artifact.songs();
    }

    /**
     * A song's two views: {@code absolute} the chance per playlist that the song belongs on it (against the world),
     * {@code conditional} the chance given that it is on one of them (for a model made before the background was
     * learned both are its one output).
     */
    public record Views(float[][] absolute, float[][] conditional) {
    }

    /** Absolute chances for raw feature rows ([n][13], NaN for missing), one row per song, columns in playlist order. */
    public float[][] predict(float[][] raw) {
        return raw.length == 0 ? new float[0][] : predictFlat(flat(raw), raw.length);
    }

    /** Both views of raw feature rows. */
    public Views predictViews(float[][] raw) {
        if (raw.length == 0) {
            return new Views(new float[0][], new float[0][]);
        }
        if (!conditional) {
            float[][] p = predict(raw);
            return new Views(p, p);
        }
        if (raw.length <= SCRATCH_ROWS) {
            Scratch scratch = scratches.poll();
            if (scratch == null) {
                if (closed) { // a caller that did not acquire the model: its tensors would never be closed
                    throw new IllegalStateException("model " + vibeId + " v" + version + " is closed");
                }
                scratch = new Scratch();
            }
            try {
                return scratch.views(raw);
            } finally {
                scratches.offer(scratch);
            }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(flat(raw)), new long[]{raw.length, FeatureSchema.SIZE});
             OrtSession.Result result = session.run(Map.of(INPUT, input))) {
            return new Views(rows((OnnxTensor) result.get(OUTPUT).orElseThrow(), raw.length), rows((OnnxTensor) result.get(CONDITIONAL).orElseThrow(), raw.length));
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    /**
     * What one call of at most {@link #SCRATCH_ROWS} songs needs, kept from call to call: direct buffers for the features
     * and both views, and ONNX Runtime tensors over them for each number of songs, made when first needed. A call
     * without them copied the features into a new direct buffer, and had ONNX Runtime allocate its outputs and turn
     * them into Java arrays through JNI class lookups: more time than the graph itself for a few songs.
     */
    private final class Scratch {
        private final FloatBuffer features = direct(SCRATCH_ROWS * FeatureSchema.SIZE);
        private final FloatBuffer absolute = direct(SCRATCH_ROWS * playlistNames.size());
        private final FloatBuffer conditional = direct(SCRATCH_ROWS * playlistNames.size());
        private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>(Collections.nCopies(SCRATCH_ROWS + 1, null));
        private final List<Map<String, OnnxTensor>> outputs = new ArrayList<>(Collections.nCopies(SCRATCH_ROWS + 1, null));

        Views views(float[][] raw) {
            int n = raw.length;
            int k = playlistNames.size();
            if (inputs.get(n) == null) {
                List<OnnxTensor> made = new ArrayList<>(3);
                try {
                    made.add(OnnxTensor.createTensor(ENV, features.slice(0, n * FeatureSchema.SIZE), new long[]{n, FeatureSchema.SIZE}));
                    made.add(OnnxTensor.createTensor(ENV, absolute.slice(0, n * k), new long[]{n, k}));
                    made.add(OnnxTensor.createTensor(ENV, conditional.slice(0, n * k), new long[]{n, k}));
                } catch (OrtException e) {
                    made.forEach(OnnxTensor::close);
                    throw failed(e);
                }
                // both published together: a size has all three tensors or none
                outputs.set(n, Map.of(OUTPUT, made.get(1), CONDITIONAL, made.get(2)));
                inputs.set(n, Map.of(INPUT, made.get(0)));
            }
            for (int i = 0; i < n; i++) {
                features.put(i * FeatureSchema.SIZE, raw[i]);
            }
            try (OrtSession.Result ignored = session.run(inputs.get(n), outputs.get(n))) {
                float[][] a = new float[n][];
                float[][] c = new float[n][];
                for (int i = 0; i < n; i++) {
                    a[i] = new float[k];
                    c[i] = new float[k];
                    absolute.get(i * k, a[i]);
                    conditional.get(i * k, c[i]);
                }
                return new Views(a, c);
            } catch (OrtException e) {
                throw failed(e);
            }
        }

        void close() {
            inputs.stream().filter(Objects::nonNull).forEach(m -> m.values().forEach(OnnxTensor::close));
            outputs.stream().filter(Objects::nonNull).forEach(m -> m.values().forEach(OnnxTensor::close));
        }
    }

    /**
     * An output's rows, read in bulk: {@code OnnxTensor.getValue()} builds a float[][] through reflection, one array
     * access at a time (a tenth of a 1,000-song call).
     */
    private float[][] rows(OnnxTensor output, int n) {
        FloatBuffer all = output.getFloatBuffer();
        int k = playlistNames.size();
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[k];
            all.get(i * k, rows[i]);
        }
        return rows;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float[] flat(float[][] raw) {
        float[] flat = new float[raw.length * FeatureSchema.SIZE];
        for (int i = 0; i < raw.length; i++) {
            System.arraycopy(raw[i], 0, flat, i * FeatureSchema.SIZE, FeatureSchema.SIZE);
        }
        return flat;
    }

    /** Like {@link #predict(float[][])} for rows laid out one after another. */
    public float[][] predictFlat(float[] flat, int rows) {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(flat), new long[]{rows, FeatureSchema.SIZE});
             OrtSession.Result result = session.run(Map.of(INPUT, input), ABSOLUTE_ONLY)) {
            return rows((OnnxTensor) result.get(0), rows);
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private IllegalStateException failed(OrtException e) {
        return new IllegalStateException("ONNX Runtime failed on model " + vibeId + " v" + version + ": " + e.getMessage(), e);
    }

    /**
     * Probabilities of {@code rows} songs laid out one after another in {@code flat}, written to {@code out} from
     * {@code at} (playlists of a song side by side): no array per song, for ranking large pools.
     */
    public void predictInto(float[] flat, int rows, float[] out, int at) {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(flat, 0, rows * FeatureSchema.SIZE), new long[]{rows, FeatureSchema.SIZE});
             OrtSession.Result result = session.run(Map.of(INPUT, input), ABSOLUTE_ONLY)) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out, at, rows * playlistNames.size());
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    /** Takes a use of the model; false if it is already closed (then look it up again). */
    boolean acquire() {
        while (true) {
            int n = users.get();
            if (n <= 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (users.decrementAndGet() == 0) {
            close();
        }
    }

    /** ServedModels no longer serves it: it closes once the last running call is done. */
    void retire() {
        release();
    }

    private synchronized void close() {
        if (!closed) {
            closed = true;
            scratches.forEach(Scratch::close); // no call is running: every scratch is back in the queue
            try {
                session.close();
            } catch (OrtException ignored) {
                // nothing more to free
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The per-feature typical value of a playlist: mean of continuous features, most common category otherwise. */
    static double[] typical(List<ReferenceSong> songs) {
        double[] t = new double[FeatureSchema.SIZE];
        for (Feature f : FeatureSchema.FEATURES) {
            if (f.categorical()) {
                Map<Double, Long> counts = new HashMap<>();
                songs.stream().map(s -> s.raw()[f.index()]).filter(v -> !Double.isNaN(v)).forEach(v -> counts.merge(v, 1L, Long::sum));
                t[f.index()] = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(Double.NaN);
            } else {
                t[f.index()] = songs.stream().mapToDouble(s -> s.raw()[f.index()]).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
            }
        }
        return t;
    }

    public String vibeId() { return vibeId; }
    public int version() { return version; }
    public String checksumSha256() { return checksumSha256; }
    public List<String> playlistIds() { return playlistIds; }
    public List<String> playlistNames() { return playlistNames; }
    public Map<String, Object> metrics() { return metrics; }
    public Instant createdAt() { return createdAt; }
    public FeatureEncoding encoding() { return encoding; }
    /** A song fits none of the playlists when its best absolute chance is below this; NaN for a model made before it. */
    public double fitsNoneBelow() { return fitsNoneBelow; }
    /** The songs of a playlist with how well each fits it by a model that did not train on it (null for older models). */
    public List<ModelArtifact.TrainingSong> trainingSongs() { return trainingSongs; }
    public List<ReferenceSong> songsOf(int playlist) { return songsByPlaylist.get(playlist); }
    public double[] typicalOf(int playlist) { return typicalByPlaylist[playlist]; }
}
