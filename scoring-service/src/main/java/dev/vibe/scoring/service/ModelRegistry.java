package dev.vibe.scoring.service;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.problem.ApiException;
import dev.vibe.scoring.config.ScoringConfig;
import dev.vibe.scoring.domain.RegisteredModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The models this instance serves: the latest verified version of each vibe, with an open ONNX Runtime session.
 * A newer version replaces the older one atomically; the old session closes when its last running call ends.
 * At most {@code vibe.scoring.max-hot-models} stay loaded; others load from the registry on their next request.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> hot = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final ScoringConfig config;

    public ModelRegistry(ScoringConfig config, MeterRegistry meters) {
        this.config = config;
        meters.gaugeMapSize("vibe.models.hot", List.of(), hot);
    }

    void onStart(@Observes StartupEvent ignored) {
        try {
            LOG.infof("serving %d models at start-up", loadLatestOfEveryVibe());
        } catch (RuntimeException e) {
            LOG.warnf("could not load models at start-up (they load on demand and as model-ready events arrive): %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        hot.values().forEach(ServedModel::retire);
        hot.clear();
    }

    /** Loads the latest model of the most recently trained vibes, up to the hot-model limit. */
    @Transactional
    public int loadLatestOfEveryVibe() {
        List<RegisteredModel> latest = RegisteredModel.list(
                "from RegisteredModel m where m.key.version = (select max(n.key.version) from RegisteredModel n where n.key.vibeId = m.key.vibeId)"
                        + " order by m.createdAt desc");
        int served = 0;
        for (RegisteredModel m : latest.subList(0, Math.min(latest.size(), config.maxHotModels()))) {
            try {
                offer(open(m));
                served++;
            } catch (ModelRejectedException e) {
                LOG.error(e.getMessage());
            }
        }
        return served;
    }

    /**
     * Loads the announced model, verifies its checksum against the event and the bytes, and serves it if it is newer.
     *
     * @throws ModelRejectedException if the model is missing or corrupt: it is never served
     */
    @Transactional
    public void onModelReady(ModelReady event) {
        ServedModel served = hot.get(event.vibeId());
        if (served != null && served.version() >= event.modelVersion()) {
            return; // redelivery or an older announcement
        }
        RegisteredModel.Key key = new RegisteredModel.Key();
        key.vibeId = event.vibeId();
        key.version = event.modelVersion();
        RegisteredModel m = RegisteredModel.findById(key);
        if (m == null) {
            throw new ModelRejectedException("model " + event.vibeId() + " v" + event.modelVersion() + " is announced but not in the registry");
        }
        if (!m.checksumSha256.equals(event.checksumSha256())) {
            throw new ModelRejectedException("model " + event.vibeId() + " v" + event.modelVersion() + ": registry checksum differs from the announced one");
        }
        offer(open(m));
    }

    /**
     * Runs {@code work} with the vibe's current model, loading it if it is not hot. The model cannot be closed
     * while {@code work} runs, even if a newer version replaces it meanwhile.
     *
     * @throws ApiException 404 if the vibe has no model
     */
    public <T> T withModel(String vibeId, Function<ServedModel, T> work) {
        while (true) {
            ServedModel m = hot.get(vibeId);
            if (m == null) {
                m = loadLatest(vibeId).orElseThrow(() -> ApiException.notFound("No model for vibe '" + vibeId + "'."));
            }
            if (m.acquire()) {
                try {
                    lastUsed.put(vibeId, System.nanoTime());
                    return work.apply(m);
                } finally {
                    m.release();
                }
            }
            // it was retired between lookup and use: look again
        }
    }

    public Optional<ServedModel> find(String vibeId) {
        ServedModel m = hot.get(vibeId);
        return m != null ? Optional.of(m) : loadLatest(vibeId);
    }

    /** True if the vibe's model is loaded (scoring it needs no database access). */
    public boolean isHot(String vibeId) {
        return hot.containsKey(vibeId);
    }

    public int size() {
        return hot.size();
    }

    /** The newest version of the vibe that passes its checksum (a damaged newest one is skipped, and logged). */
    @Transactional
    Optional<ServedModel> loadLatest(String vibeId) {
        List<RegisteredModel> versions = RegisteredModel.find("key.vibeId = ?1 order by key.version desc", vibeId).page(0, 5).list();
        for (RegisteredModel m : versions) {
            try {
                return Optional.of(offer(open(m)));
            } catch (ModelRejectedException e) {
                LOG.error(e.getMessage() + "; trying the previous version");
            }
        }
        return Optional.empty();
    }

    private ServedModel open(RegisteredModel m) {
        String actual = sha256(m.onnx);
        if (!actual.equals(m.checksumSha256)) {
            throw new ModelRejectedException("model " + m.key.vibeId + " v" + m.key.version + " is corrupt: checksum "
                    + actual + " but the registry says " + m.checksumSha256);
        }
        return new ServedModel(m.key.vibeId, m.key.version, m.checksumSha256, m.playlistIds, m.playlistNames, m.metrics,
                m.createdAt, m.onnx, m.songs);
    }

    /** Serves the model if it is newer than the current one (else closes it); returns what is served now. */
    private ServedModel offer(ServedModel model) {
        ServedModel[] replaced = new ServedModel[1];
        ServedModel now = hot.compute(model.vibeId(), (k, old) -> {
            if (old == null || model.version() > old.version()) {
                replaced[0] = old;
                return model;
            }
            return old;
        });
        if (now != model) {
            model.retire();
            return now;
        }
        lastUsed.put(model.vibeId(), System.nanoTime());
        if (replaced[0] != null) {
            replaced[0].retire();
        }
        LOG.infof("serving vibe %s model v%d (%d playlists)", model.vibeId(), model.version(), model.playlistIds().size());
        evictBeyondLimit();
        return model;
    }

    private void evictBeyondLimit() {
        while (hot.size() > config.maxHotModels()) {
            String coldest = hot.keySet().stream().min(Comparator.comparing(v -> lastUsed.getOrDefault(v, 0L))).orElse(null);
            if (coldest == null) {
                return;
            }
            ServedModel evicted = hot.remove(coldest);
            if (evicted != null) {
                evicted.retire();
                LOG.debugf("unloaded vibe %s (least recently used)", coldest);
            }
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
