package dev.vibe.trainer.service;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus.State;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.util.Hashing;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.WarmUp;
import dev.vibe.trainer.config.TrainerConfig;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.domain.TrackFeatures;
import dev.vibe.trainer.messaging.TrainerEvents;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The training engine: a request's labelled songs against their background songs, trained and evaluated (network and
 * baselines on the same held-out songs), exported as ONNX, into a model record ready to store. Warms up on start.
 * {@link TrainingService} decides when (and whether) to train; this class only trains.
 */
@ApplicationScoped
public class TrainingEngine {

    private static final Logger LOG = Logger.getLogger(TrainingEngine.class);

    private final BackgroundSource backgroundSource;
    private final TrainerEvents events;
    private final TrainerConfig config;
    /**
     * One training at a time in this JVM: the engine's random state is shared (requests, and the warm-up). Fair: a
     * request waiting for a warm-up round goes before the next round.
     */
    private final ReentrantLock engine = new ReentrantLock(true);
    /** A request has trained here: the engine is warm, a warm-up round still to come is not needed. */
    private volatile boolean trained;

    public TrainingEngine(BackgroundSource backgroundSource, TrainerEvents events, TrainerConfig config) {
        this.backgroundSource = backgroundSource;
        this.events = events;
        this.config = config;
    }

    /** A trained model, not stored yet, and the figures its announcement shows. */
    public record Trained(ModelRecord model, Map<String, Double> headline) {
    }

    void warmUpOnStart(@Observes StartupEvent start) {
        if (!config.warmUp()) {
            return;
        }
        Thread warmUp = new Thread(() -> {
            long millis = 0;
            int round = 0;
            while (round < WarmUp.ROUNDS) {
                engine.lock();
                try {
                    if (trained) { // a request came first and trained: the engine is warm now
                        break;
                    }
                    millis += WarmUp.round(options(), forestTrees());
                    round++;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "could not warm up the training engine (the first vibe trains more slowly, nothing else changes)");
                    return;
                } finally {
                    engine.unlock();
                }
            }
            LOG.infof("warmed up the training engine in %d ms (%d of %d rounds; a request trained meanwhile: %s)", millis, round, WarmUp.ROUNDS,
                    trained ? "yes" : "no");
        }, "vibe-trainer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private int forestTrees() {
        return config.forestTrees().orElse(RandomForest.TREES);
    }

    private VibeNetOptions options() {
        VibeNetOptions options = VibeNetOptions.defaults().withSeed(config.seed());
        return config.members().isPresent() ? options.withMembers(config.members().getAsInt()) : options;
    }

    /**
     * Trains the request's model.
     *
     * @param names    the playlists' names, in the request's order
     * @param data     the playlists' songs, labelled
     * @param features the songs' features as the replica has them (names and artists of the songs)
     */
    public Trained train(TrainingRequest request, List<String> names, LabeledSongs data, Map<String, TrackFeatures> features) {
        BackgroundSongs.Chosen background = backgroundSource.backgroundFor(data);
        LOG.infof("vibe %s learns against %d background songs (%d stored, %d of loaded catalogues, %d bundled)", request.vibeId(), background.size(),
                background.stored(), background.catalogue(), background.bundled());
        long[] lastReport = {0};
        Evaluation.Outcome outcome;
        engine.lock();
        try {
            outcome = Evaluation.trainAndEvaluate(data, background.songs(), config.testShare(), options(), forestTrees(), (epoch, max, trainLoss, validationLoss) -> {
                long now = System.currentTimeMillis();
                if (now - lastReport[0] >= 1000) {
                    lastReport[0] = now;
                    events.status(request.requestId(), request.vibeId(), State.TRAINING,
                            String.format("epoch %d of at most %d, validation loss %.4f", epoch, max, validationLoss));
                }
            });
        } finally {
            trained = true;
            engine.unlock();
        }
        Evaluation.Report report = outcome.report();
        LOG.infof("vibe %s: %d songs, %s; top-1/AUC/ECE network %.3f/%.3f/%.3f, forest %.3f/%.3f/%.3f, LR %.3f/%.3f/%.3f,"
                        + " centroid %.3f/%.3f/%.3f; against the background: ROC-AUC %.3f, background songs claimed %.3f, fits none below %.3f;"
                        + " network trained in %d ms. %s",
                request.vibeId(), data.size(), report.method(), report.network().top1Accuracy(), report.network().macroRocAuc(),
                report.network().expectedCalibrationError(), report.randomForest().top1Accuracy(), report.randomForest().macroRocAuc(),
                report.randomForest().expectedCalibrationError(), report.logisticRegression().top1Accuracy(),
                report.logisticRegression().macroRocAuc(), report.logisticRegression().expectedCalibrationError(),
                report.nearestCentroid().top1Accuracy(), report.nearestCentroid().macroRocAuc(), report.nearestCentroid().expectedCalibrationError(),
                report.openSet().macroRocAuc(), report.openSet().othersClaimed(), report.openSet().fitsNoneBelow(),
                outcome.training().millis(), report.verdict());

        @SuppressWarnings("unchecked")
        Map<String, Object> reportJson = EventJson.MAPPER.convertValue(report, Map.class);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vibe.id", request.vibeId());
        meta.put("vibe.request", request.requestId());
        meta.put("vibe.playlist_ids", request.playlists().stream().map(TrainingRequest.PlaylistSnapshot::playlistId).collect(Collectors.joining("\n")));
        meta.put("vibe.metrics", new String(EventJson.write(headline(report)), StandardCharsets.UTF_8));
        meta.put(OnnxExport.FITS_NONE_BELOW, Double.toString(outcome.training().fitsNoneBelow()));
        meta.put("vibe.background", new String(EventJson.write(Map.of("songs", background.size(), "stored", background.stored(),
                "catalogue", background.catalogue(), "bundled", background.bundled())), StandardCharsets.UTF_8));
        byte[] onnx = OnnxExport.toOnnx(outcome.network(), names, meta);

        ModelRecord m = new ModelRecord();
        m.vibeId = request.vibeId();
        m.requestId = request.requestId();
        m.onnx = onnx;
        m.checksumSha256 = Hashing.sha256Hex(onnx);
        m.featureSchema = FeatureSchema.VERSION;
        m.playlistIds = request.playlists().stream().map(TrainingRequest.PlaylistSnapshot::playlistId).toList();
        m.playlistNames = names;
        m.metrics = reportJson;
        m.songs = songsOf(data, outcome.heldOut(), features);
        m.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // as Postgres stores it
        return new Trained(m, headline(report));
    }

    /** The figures of a stored model's report (reports written before the forest baseline show none). */
    static Map<String, Double> headlineOf(ModelRecord m) {
        return m.metrics.containsKey("randomForest") ? headline(EventJson.MAPPER.convertValue(m.metrics, Evaluation.Report.class)) : Map.of();
    }

    /** The figures a vibe's status shows: the network's, and the baselines' beside them. */
    static Map<String, Double> headline(Evaluation.Report r) {
        Map<String, Double> h = new LinkedHashMap<>();
        put(h, "", r.network());
        put(h, "randomForest.", r.randomForest());
        put(h, "logisticRegression.", r.logisticRegression());
        put(h, "nearestCentroid.", r.nearestCentroid());
        h.put("networkBeatsBaselines", r.networkBeatsBaselines() ? 1.0 : 0.0);
        h.put("heldOutSongs", (double) r.network().songs());
        if (r.openSet() != null) { // the absolute chances, on held-out playlist songs and held-out background songs
            h.put("openSet.rocAuc", r.openSet().macroRocAuc());
            h.put("openSet.backgroundClaimed", r.openSet().othersClaimed());
            h.put("openSet.expectedCalibrationError", r.openSet().expectedCalibrationError());
            h.put("openSet.fitsNoneBelow", r.openSet().fitsNoneBelow());
            h.put("openSet.backgroundSongs", (double) r.openSet().otherSongs());
        }
        return h;
    }

    private static void put(Map<String, Double> h, String prefix, Metrics m) {
        h.put(prefix + "top1Accuracy", m.top1Accuracy());
        h.put(prefix + "macroF1", m.macroF1());
        h.put(prefix + "macroRocAuc", m.macroRocAuc());
        h.put(prefix + "logLoss", m.logLoss());
        h.put(prefix + "expectedCalibrationError", m.expectedCalibrationError());
    }

    /** The songs with their playlists and how well each fits them by a model that did not train on it. */
    private static List<ModelArtifact.TrainingSong> songsOf(LabeledSongs data, Map<String, VibeNet.Probabilities> heldOut, Map<String, TrackFeatures> tracks) {
        List<ModelArtifact.TrainingSong> out = new ArrayList<>(data.size());
        for (LabeledSongs.Song s : data.songs()) {
            List<Integer> playlists = new ArrayList<>();
            for (int k = 0; k < s.labels().length; k++) {
                if (s.labels()[k]) {
                    playlists.add(k);
                }
            }
            VibeNet.Probabilities p = heldOut.get(s.id());
            List<Double> fit = p == null ? null : Arrays.stream(p.absolute()).boxed().toList();
            TrackFeatures track = tracks.get(s.id());
            List<String> artists = track == null || track.artists.isBlank() ? List.of() : List.of(track.artists.split("; "));
            out.add(new ModelArtifact.TrainingSong(s.id(), s.name(), playlists, AudioFeatures.of(s.features()), fit, artists));
        }
        return out;
    }
}
