package dev.vibe.trainer.service;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus.State;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.util.Hashing;
import dev.vibe.common.retry.Backoff;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.WarmUp;
import dev.vibe.trainer.config.TrainerConfig;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.domain.TrackFeatures;
import dev.vibe.trainer.messaging.TrainerEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Turns a training request into a served model: waits for the songs' features in the replica, trains and
 * evaluates (network and baselines on the same held-out songs), exports ONNX, stores it in the registry and announces
 * it (one transaction, through the outbox). One model per request: a redelivered request is announced again, not
 * trained again.
 */
@ApplicationScoped
public class TrainingService {

    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    private static final Backoff STORE_RETRY = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final ModelRegistry registry;
    private final BackgroundSource backgroundSource;
    private final TrainerEvents events;
    private final TrainerConfig config;
    private final Timer trainingTime;
    /**
     * One training at a time in this JVM: the engine's random state is shared (requests, and the warm-up). Fair: a
     * request waiting for a warm-up round goes before the next round.
     */
    private final ReentrantLock engine = new ReentrantLock(true);
    /** A request has trained here: the engine is warm, a warm-up round still to come is not needed. */
    private volatile boolean trained;

    public TrainingService(ModelRegistry registry, BackgroundSource backgroundSource, TrainerEvents events, TrainerConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.backgroundSource = backgroundSource;
        this.events = events;
        this.config = config;
        this.trainingTime = Timer.builder("vibe.training.duration").description("training, evaluation and export of one model").register(meters);
    }

    /** Thrown for requests that cannot be trained as they are; the reason goes to the user. */
    public static class UntrainableException extends RuntimeException {
        public UntrainableException(String message) {
            super(message);
        }
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

    /** Handles one request. Returns the stored (or already existing) model. */
    public ModelRecord handle(TrainingRequest request) {
        var existing = registry.byRequest(request.requestId());
        if (existing.isPresent()) {
            LOG.infof("request %s already has model %s v%d: announcing it again", request.requestId(), request.vibeId(), existing.get().version);
            registry.announceAgain(existing.get(), headlineOf(existing.get()));
            return existing.get();
        }
        LOG.infof("training vibe %s (request %s)", request.vibeId(), request.requestId());
        events.status(request.requestId(), request.vibeId(), State.TRAINING, "waiting for the songs' features");
        try {
            return trainingTime.record(() -> train(request));
        } catch (UntrainableException e) {
            LOG.warnf("cannot train vibe %s: %s", request.vibeId(), e.getMessage());
            STORE_RETRY.untilSuccess(() -> {
                registry.failed(request.requestId(), request.vibeId(), e.getMessage());
                return null;
            }, f -> LOG.warnf("cannot record the failure of %s yet (will retry): %s", request.vibeId(), f.getMessage()));
            return null;
        }
    }

    private ModelRecord train(TrainingRequest request) {
        Map<String, TrackFeatures> features = awaitFeatures(request);
        List<String> names = request.playlists().stream().map(p -> p.name() == null || p.name().isBlank() ? p.playlistId() : p.name()).toList();
        List<List<LabeledSongs.Listed>> lists = new ArrayList<>();
        for (TrainingRequest.PlaylistSnapshot p : request.playlists()) {
            List<LabeledSongs.Listed> songs = p.trackIds().stream().distinct().map(features::get)
                    .map(t -> new LabeledSongs.Listed(t.trackId, t.name, AudioFeatures.fromMap(t.features).toArray())).toList();
            if (songs.size() < config.minSongsPerPlaylist()) {
                throw new UntrainableException("playlist '" + p.name() + "' has " + songs.size() + " songs; a vibe needs at least "
                        + config.minSongsPerPlaylist() + " per playlist");
            }
            lists.add(songs);
        }
        LabeledSongs data = LabeledSongs.fromPlaylists(names, lists);
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
        m.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as Postgres stores it
        Map<String, Double> headline = headline(report);
        return STORE_RETRY.untilSuccess(() -> storeOnce(m, headline), e -> LOG.warnf("cannot store model of %s yet (will retry): %s", m.vibeId, e.getMessage()));
    }

    private ModelRecord storeOnce(ModelRecord m, Map<String, Double> headline) {
        // A concurrent or earlier attempt of the same request may have stored (and announced) it meanwhile: a request
        // redelivered while a rebalance moved its partition is trained twice, but only the first model is kept.
        var earlier = registry.byRequest(m.requestId);
        if (earlier.isPresent()) {
            LOG.infof("request %s was trained meanwhile by another attempt (a redelivery across a rebalance): keeping model %s v%d",
                    m.requestId, earlier.get().vibeId, earlier.get().version);
            return earlier.get();
        }
        ModelRecord stored = registry.store(m, headline);
        LOG.infof("stored model %s v%d (request %s)", stored.vibeId, stored.version, stored.requestId);
        return stored;
    }

    private static Map<String, Double> headlineOf(ModelRecord m) {
        // reports written before the forest baseline do not convert; their vibes show no headline
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

    private Map<String, TrackFeatures> awaitFeatures(TrainingRequest request) {
        List<String> ids = request.playlists().stream().flatMap(p -> p.trackIds().stream()).distinct().toList();
        long deadline = System.nanoTime() + config.featureWait().toNanos();
        while (true) {
            Map<String, TrackFeatures> found = load(ids);
            if (found.size() == ids.size()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = ids.stream().filter(id -> !found.containsKey(id)).limit(5).toList();
                throw new UntrainableException((ids.size() - found.size()) + " of " + ids.size() + " songs have no features in the trainer after "
                        + config.featureWait().toSeconds() + " s (for example " + missing + "); import them again, then retry");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for features", e);
            }
        }
    }

    @Transactional
    Map<String, TrackFeatures> load(List<String> ids) {
        Map<String, TrackFeatures> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<TrackFeatures> batch = TrackFeatures.list("trackId in ?1", ids.subList(i, Math.min(ids.size(), i + 1000)));
            batch.forEach(t -> out.put(t.trackId, t));
        }
        return out;
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
