package dev.vibe.trainer.service;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus.State;
import dev.vibe.common.retry.Backoff;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.trainer.config.TrainerConfig;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.domain.TrackFeatures;
import dev.vibe.trainer.messaging.TrainerEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a training request into a served model: waits for the songs' features in the replica, has the
 * {@link TrainingEngine} train it, stores it in the registry and announces it (one transaction, through the outbox).
 * One model per request: a redelivered request is announced again, not trained again. A request that cannot be
 * trained (features that never come, a playlist too small) is recorded as FAILED, with the reason.
 */
@ApplicationScoped
public class TrainingService {

    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    private static final Backoff STORE_RETRY = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    /** How often the replica is asked again while a request waits for its songs' features. */
    static final Duration FEATURE_POLL = Duration.ofMillis(500);

    private final ModelRegistry registry;
    private final FeatureReplica replica;
    private final TrainingEngine engine;
    private final TrainerEvents events;
    private final TrainerConfig config;
    private final Timer trainingTime;

    public TrainingService(ModelRegistry registry, FeatureReplica replica, TrainingEngine engine, TrainerEvents events, TrainerConfig config,
                           MeterRegistry meters) {
        this.registry = registry;
        this.replica = replica;
        this.engine = engine;
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

    /** Handles one request. Returns the stored (or already existing) model; null if it cannot be trained (recorded as FAILED). */
    public ModelRecord handle(TrainingRequest request) {
        var existing = registry.byRequest(request.requestId());
        if (existing.isPresent()) {
            LOG.infof("request %s already has model %s v%d: announcing it again", request.requestId(), request.vibeId(), existing.get().version);
            registry.announceAgain(existing.get(), TrainingEngine.headlineOf(existing.get()));
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
        TrainingEngine.Trained trained = engine.train(request, names, data, features);
        ModelRecord m = trained.model();
        return STORE_RETRY.untilSuccess(() -> storeOnce(m, trained.headline()),
                e -> LOG.warnf("cannot store model of %s yet (will retry): %s", m.vibeId, e.getMessage()));
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

    private Map<String, TrackFeatures> awaitFeatures(TrainingRequest request) {
        List<String> ids = request.playlists().stream().flatMap(p -> p.trackIds().stream()).distinct().toList();
        long deadline = System.nanoTime() + config.featureWait().toNanos();
        while (true) {
            Map<String, TrackFeatures> found = replica.findAll(ids);
            if (found.size() == ids.size()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                List<String> missing = ids.stream().filter(id -> !found.containsKey(id)).limit(5).toList();
                throw new UntrainableException((ids.size() - found.size()) + " of " + ids.size() + " songs have no features in the trainer after "
                        + config.featureWait().toSeconds() + " s (for example " + missing + "); import them again, then retry");
            }
            try {
                Thread.sleep(FEATURE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for features", e);
            }
        }
    }
}
