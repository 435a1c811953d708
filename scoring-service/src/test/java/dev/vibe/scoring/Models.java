package dev.vibe.scoring;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.baseline.BaselineNetwork;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.stack.test.VibeStackTestResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Real models for the scoring tests: trained with the ml module on real playlists, handed over as the trainer does. */
final class Models {

    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");

    /** What the model computes, in Java (the ml module's own forward pass): the absolute chances. */
    interface Predictor {
        double[] predict(double[] raw);
    }

    /**
     * @param conditional the chances given a song is on one of the playlists (the same as {@code network} for a model of one output)
     * @param heldOut     per song of {@code data}, its absolute chances by members that held it out (null where none did, or for a random model)
     */
    record Trained(LabeledSongs data, Predictor network, Predictor conditional, byte[] onnx, double fitsNoneBelow, double[][] heldOut) {
    }

    private static final Map<Long, Trained> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Models() {
    }

    static Trained train(long seed) {
        return CACHE.computeIfAbsent(seed, Models::trainNow);
    }

    private static Trained trainNow(long seed) {
        LabeledSongs data = ExportifyPlaylists.load(PLAYLISTS.stream()
                .map(p -> Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify/" + p + ".csv")).toList());
        // the product's model (fewer members than served, for test time; 7: each song held out by one), against the bundled background
        VibeNetTrainer.Result r = VibeNetTrainer.train(data, BackgroundSongs.choose(data, List.of(), List.of()).songs(),
                VibeNetOptions.defaults().withSeed(seed).withMembers(7), TrainingProgress.NONE);
        VibeNet network = r.network();
        double[][] heldOut = new double[data.size()][];
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = r.heldOut()[i] == null ? null : r.heldOut()[i].absolute();
        }
        return new Trained(data, raw -> network.predict(raw).absolute(), raw -> network.predict(raw).conditional(),
                OnnxExport.toOnnx(network, data.playlists(), Map.of(OnnxExport.FITS_NONE_BELOW, Double.toString(r.fitsNoneBelow()))), r.fitsNoneBelow(), heldOut);
    }

    /**
     * A model with random weights (one dense layer), built without DJL: for tests whose Quarkus profile restarts the
     * application in a new class loader, where PyTorch's native library (bound to the first loader) cannot load again.
     */
    static Trained random(long seed) {
        LabeledSongs data = ExportifyPlaylists.load(PLAYLISTS.stream()
                .map(p -> Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify/" + p + ".csv")).toList());
        java.util.Random r = new java.util.Random(seed);
        float[][] w = new float[data.playlists().size()][dev.vibe.common.model.FeatureEncoding.WIDTH];
        for (float[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) (r.nextGaussian() * 0.5);
            }
        }
        BaselineNetwork network = new BaselineNetwork(dev.vibe.common.model.FeatureEncoding.fit(data.features()),
                List.of(new DenseLayer(w, new float[data.playlists().size()])));
        return new Trained(data, network::predict, network::predict, OnnxExport.toOnnx(network, data.playlists(), Map.of()), Double.NaN, null);
    }

    /** Hands the model to the fake trainer as the trainer would store it; returns its checksum. */
    static String register(String vibe, int version, Trained t) {
        return register(vibe, version, t, t.onnx());
    }

    /** Hands over an artifact whose bytes are {@code onnx} but whose checksum is that of the trained model (a corrupt copy). */
    static String register(String vibe, int version, Trained t, byte[] onnx) {
        ModelArtifact good = artifact(vibe, version, t);
        ModelArtifact served = new ModelArtifact(good.format(), vibe, version, good.requestId(), good.featureSchemaVersion(), good.playlists(),
                good.songs(), good.evaluation(), good.checksumSha256(), onnx, good.createdAt());
        FakeTrainer.put(served);
        return good.checksumSha256();
    }

    /** The artifact the trainer would make of a trained model: playlists in output order, the training songs. */
    static ModelArtifact artifact(String vibe, int version, Trained t) {
        List<ModelArtifact.TrainingSong> songs = new ArrayList<>();
        for (int i = 0; i < t.data().size(); i++) {
            LabeledSongs.Song s = t.data().songs().get(i);
            List<Integer> on = new ArrayList<>();
            for (int k = 0; k < s.labels().length; k++) {
                if (s.labels()[k]) {
                    on.add(k);
                }
            }
            List<Double> heldOut = t.heldOut() == null || t.heldOut()[i] == null ? null : java.util.Arrays.stream(t.heldOut()[i]).boxed().toList();
            songs.add(new ModelArtifact.TrainingSong(s.id(), s.name(), on, AudioFeatures.of(s.features()), heldOut, List.of("Artist " + i)));
        }
        List<ModelArtifact.PlaylistRef> playlists = new ArrayList<>();
        for (int k = 0; k < t.data().playlists().size(); k++) {
            playlists.add(new ModelArtifact.PlaylistRef("p" + k, t.data().playlists().get(k)));
        }
        return ModelArtifact.of(vibe, version, UUID.randomUUID().toString(), playlists, songs, Map.of(), t.onnx(), Instant.now());
    }

    static void announce(String vibe, int version, String checksum) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers()),
                new StringSerializer(), new EventSerializer<ModelReady>())) {
            producer.send(new ProducerRecord<>(Topics.MODELS, vibe, new ModelReady(vibe, version, UUID.randomUUID().toString(),
                    checksum, List.of("p0", "p1", "p2", "p3"), PLAYLISTS, Map.of(), Instant.now()))).get();
        }
    }

    static String json(Object o) {
        return new String(EventJson.write(o), StandardCharsets.UTF_8);
    }
}
