package dev.vibe.scoring.service;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.problem.ApiException;
import dev.vibe.scoring.domain.RegisteredModel;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this instance serves: the latest verified version of each vibe. A newer version replaces the
 * older one atomically (a map entry swap), so a request sees either the old or the new model, never a mix.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> current = new ConcurrentHashMap<>();

    /** On start-up, serve the latest model of every vibe in the registry. */
    void onStart(@Observes StartupEvent ignored) {
        try {
            loadLatestOfEveryVibe();
        } catch (RuntimeException e) {
            // The database may still be starting; models also arrive with their model-ready events.
            LOG.warnf("could not load models at start-up (they load as model-ready events arrive): %s", e.getMessage());
        }
    }

    @Transactional
    public int loadLatestOfEveryVibe() {
        List<RegisteredModel> latest = RegisteredModel.list(
                "from RegisteredModel m where m.key.version = (select max(n.key.version) from RegisteredModel n where n.key.vibeId = m.key.vibeId)");
        int served = 0;
        for (RegisteredModel m : latest) {
            try {
                offer(m);
                served++;
            } catch (ModelRejectedException e) {
                LOG.error(e.getMessage());
            }
        }
        return served;
    }

    /**
     * Loads the announced model from the registry, verifies its checksum against the event and the bytes, and
     * serves it if it is newer than the one served now.
     *
     * @throws ModelRejectedException if the model is missing or corrupt: it is never served
     */
    @Transactional
    public void onModelReady(ModelReady event) {
        ServedModel served = current.get(event.vibeId());
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
        offer(m);
    }

    /** The model served for a vibe. */
    public Optional<ServedModel> find(String vibeId) {
        return Optional.ofNullable(current.get(vibeId));
    }

    public ServedModel require(String vibeId) {
        return find(vibeId).orElseThrow(() -> ApiException.notFound(
                "No model for vibe '" + vibeId + "'. Check the vibe id, or wait until its training is READY (GET /api/v1/vibes/{id} on the ingest service)."));
    }

    public int size() {
        return current.size();
    }

    private void offer(RegisteredModel m) {
        String actual = sha256(m.onnx);
        if (!actual.equals(m.checksumSha256)) {
            throw new ModelRejectedException("model " + m.key.vibeId + " v" + m.key.version + " is corrupt: checksum "
                    + actual + " but the registry says " + m.checksumSha256);
        }
        ServedModel model = new ServedModel(m.key.vibeId, m.key.version, m.checksumSha256, List.copyOf(m.playlistIds),
                List.copyOf(m.playlistNames), m.metrics == null ? Map.of() : Map.copyOf(m.metrics), m.createdAt, m.onnx);
        current.merge(model.vibeId(), model, (old, neu) -> neu.version() > old.version() ? neu : old);
        LOG.infof("serving vibe %s model v%d (%d playlists)", model.vibeId(), model.version(), model.playlistIds().size());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
