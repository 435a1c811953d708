package dev.vibe.scoring.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import dev.vibe.common.problem.VibeException;
import dev.vibe.scoring.client.TrainerClient;
import dev.vibe.scoring.config.ScoringConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The models this instance serves: the latest verified version of each vibe, with an open ONNX Runtime session. Models
 * come from the trainer's API (the trainer owns the model registry); once loaded they are served from memory, also while the
 * trainer is down. A newer version replaces the older one atomically; the old session closes when its last running
 * call ends. At most {@code vibe.scoring.max-hot-models} stay loaded (a Caffeine cache: the vibes scored least often
 * and least recently are closed first); others load again on their next request.
 */
@ApplicationScoped
public class ServedModels {

    private static final Logger LOG = Logger.getLogger(ServedModels.class);

    private final Cache<String, ServedModel> hot;
    private final ScoringConfig config;
    private final TrainerClient trainer;
    private final MeterRegistry meters;

    public ServedModels(ScoringConfig config, @RestClient TrainerClient trainer, MeterRegistry meters) {
        this.config = config;
        this.trainer = trainer;
        this.meters = meters;
        this.hot = Caffeine.newBuilder()
                .maximumSize(config.maxHotModels())
                .executor(Runnable::run) // evict on the calling thread: the limit holds when a load returns
                .removalListener((String vibeId, ServedModel model, RemovalCause cause) -> {
                    model.retire(); // replaced by a newer version, evicted or cleared: closes once its running calls end
                    if (cause.wasEvicted()) {
                        LOG.debugf("unloaded vibe %s (beyond %d hot models)", vibeId, config.maxHotModels());
                    }
                })
                .build();
        Gauge.builder("vibe.models.hot", hot, Cache::estimatedSize).description("models loaded with an open ONNX Runtime session")
                .register(meters);
    }

    /** The trainer could not be asked (down, or answering errors): try again later. */
    public static final class TrainerUnavailable extends VibeException.Unavailable {
        TrainerUnavailable(String detail) {
            super("Trainer unavailable", detail);
        }
    }

    /** The vibe has no model (yet): the caller can find out why. */
    public static final class NoModel extends VibeException.NotFound {
        NoModel(String vibeId) {
            super("No model for vibe '" + vibeId + "'.");
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        hot.invalidateAll();
    }

    /**
     * Loads the latest model of the most recently trained vibes, up to the hot-model limit (at start-up).
     *
     * @throws TrainerUnavailable if the trainer cannot list its models
     */
    public int loadLatestOfEveryVibe() {
        List<ModelSummary> latest = ask(trainer::latest, "the list of models");
        int served = 0;
        for (ModelSummary m : latest.subList(0, Math.min(latest.size(), config.maxHotModels()))) {
            ServedModel current = hot.asMap().get(m.vibeId());
            if (current != null && current.version() >= m.version()) {
                served++;
                continue;
            }
            try {
                offer(open(fetch(m.vibeId(), m.version()).orElseThrow(), m.checksumSha256()));
                served++;
            } catch (ModelRejectedException e) {
                refused(e);
            } catch (NoSuchElementException e) {
                LOG.warnf("the trainer lists %s v%d but has no artifact for it", m.vibeId(), m.version());
            }
        }
        return served;
    }

    /** The latest model of every vibe as the trainer lists them, or empty if it cannot be asked. */
    public Optional<List<ModelSummary>> latestModels() {
        try {
            return Optional.of(ask(trainer::latest, "the list of models"));
        } catch (TrainerUnavailable e) {
            return Optional.empty();
        }
    }

    /**
     * Loads the announced model from the trainer, verifies it (format, feature schema, checksum against the bytes and
     * the announcement) and serves it if it is newer than the one served.
     *
     * @throws ModelRejectedException if the model cannot be served: it never is
     * @throws TrainerUnavailable     if the trainer cannot be asked now (retry)
     */
    public void onModelReady(ModelReady event) {
        ServedModel served = hot.asMap().get(event.vibeId());
        if (served != null && served.version() >= event.modelVersion()) {
            return; // redelivery or an older announcement
        }
        ModelArtifact artifact = fetch(event.vibeId(), event.modelVersion()).orElseThrow(() -> new ModelRejectedException(
                "model " + event.vibeId() + " v" + event.modelVersion() + " is announced but the trainer has no such version", "missing"));
        offer(open(artifact, event.checksumSha256()));
    }

    /**
     * Runs {@code work} with the vibe's current model, loading it if it is not hot. The model cannot be closed
     * while {@code work} runs, even if a newer version replaces it meanwhile.
     *
     * @throws NoModel if the vibe has no model; {@link TrainerUnavailable} if it is not loaded and the trainer cannot be asked
     */
    public <T> T withModel(String vibeId, Function<ServedModel, T> work) {
        while (true) {
            ServedModel m = hot.getIfPresent(vibeId);
            if (m == null) {
                m = loadLatest(vibeId).orElseThrow(() -> new NoModel(vibeId));
            }
            if (m.acquire()) {
                try {
                    return work.apply(m);
                } finally {
                    m.release();
                }
            }
            // it was retired between lookup and use: look again
        }
    }

    /**
     * The vibe's model if it is loaded, acquired for the caller, who must {@link ServedModel#release()} it; null if it
     * is not loaded (nothing is asked of the trainer).
     */
    ServedModel acquireLoaded(String vibeId) {
        while (true) {
            ServedModel m = hot.getIfPresent(vibeId);
            if (m == null || m.acquire()) {
                return m;
            }
            // it was retired between lookup and use: look again
        }
    }

    public Optional<ServedModel> find(String vibeId) {
        ServedModel m = hot.getIfPresent(vibeId);
        return m != null ? Optional.of(m) : loadLatest(vibeId);
    }

    /** The models loaded now, newest first. */
    public List<ServedModel> served() {
        return hot.asMap().values().stream().sorted(Comparator.comparing(ServedModel::createdAt).reversed()).toList();
    }

    /** True if the vibe's model is loaded (scoring it needs neither the trainer nor the database). */
    public boolean isHot(String vibeId) {
        return hot.asMap().containsKey(vibeId);
    }

    public int size() {
        return hot.asMap().size();
    }

    /** The vibe's latest model from the trainer, if it has one that can be served. */
    Optional<ServedModel> loadLatest(String vibeId) {
        ModelArtifact artifact;
        try {
            artifact = trainer.latestArtifact(vibeId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw new TrainerUnavailable("The trainer answered HTTP " + e.getResponse().getStatus() + " for the model of vibe '" + vibeId
                    + "'; try again in a moment.");
        } catch (ProcessingException e) {
            throw new TrainerUnavailable("The model of vibe '" + vibeId + "' is not loaded here and the trainer cannot be reached ("
                    + e.getMessage() + "); try again in a moment.");
        }
        try {
            return Optional.of(offer(open(artifact, null)));
        } catch (ModelRejectedException e) {
            refused(e);
            return Optional.empty();
        }
    }

    private Optional<ModelArtifact> fetch(String vibeId, int version) {
        try {
            return Optional.of(ask(() -> trainer.artifact(vibeId, version), "model " + vibeId + " v" + version));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** A 404 from the trainer. */
    private static final class NotFound extends RuntimeException {
    }

    private static <T> T ask(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new NotFound();
            }
            throw new TrainerUnavailable("The trainer answered HTTP " + e.getResponse().getStatus() + " for " + what + "; try again in a moment.");
        } catch (ProcessingException e) {
            throw new TrainerUnavailable("The trainer cannot be reached for " + what + " (" + e.getMessage() + "); try again in a moment.");
        }
    }

    private ServedModel open(ModelArtifact artifact, String announcedChecksum) {
        String problem = artifact.problem(announcedChecksum);
        if (problem != null) {
            throw new ModelRejectedException("model " + artifact.vibeId() + " v" + artifact.version() + " is refused: " + problem,
                    problem.startsWith("artifact format") ? "format" : problem.startsWith("feature schema") ? "schema" : "checksum");
        }
        return new ServedModel(artifact);
    }

    /** A model that will not be served (the previous version, if any, stays): a clear log line and a count by reason. */
    public void refused(ModelRejectedException e) {
        meters.counter("vibe.models.refused", "reason", e.reason()).increment();
        LOG.error(e.getMessage());
    }

    /** Serves the model if it is newer than the current one (else closes it); returns what is served now. */
    private ServedModel offer(ServedModel model) {
        ServedModel now = hot.asMap().merge(model.vibeId(), model, (old, offered) -> offered.version() > old.version() ? offered : old);
        if (now != model) {
            model.retire();
            return now;
        }
        LOG.infof("serving vibe %s model v%d (%d playlists)", model.vibeId(), model.version(), model.playlistIds().size());
        return model;
    }
}
