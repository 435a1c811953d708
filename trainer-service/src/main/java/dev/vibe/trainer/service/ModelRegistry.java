package dev.vibe.trainer.service;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.outbox.Outbox;
import dev.vibe.trainer.domain.ModelRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trainer's model registry: write once per training request, read by version. Storing a model and announcing it
 * is one transaction (the announcement goes to the outbox), so a stored model is never left unannounced, whatever
 * happens to Kafka or to this process afterwards.
 */
@ApplicationScoped
public class ModelRegistry {

    private final Outbox outbox;

    public ModelRegistry(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public Optional<ModelRecord> byRequest(String requestId) {
        return ModelRecord.find("requestId", requestId).firstResultOptional();
    }

    @Transactional
    public Optional<ModelRecord> latest(String vibeId) {
        return ModelRecord.find("vibeId = ?1 order by version desc", vibeId).firstResultOptional();
    }

    @Transactional
    public Optional<ModelRecord> version(String vibeId, int version) {
        return ModelRecord.find("vibeId = ?1 and version = ?2", vibeId, version).firstResultOptional();
    }

    /** The latest model of every vibe, newest first. */
    @Transactional
    public List<ModelRecord> latestOfEveryVibe() {
        return ModelRecord.list("from ModelRecord m where m.version = (select max(n.version) from ModelRecord n where n.vibeId = m.vibeId)"
                + " order by m.createdAt desc");
    }

    /** Stores the model as the vibe's next version and announces it, in one transaction. */
    @Transactional
    public ModelRecord store(ModelRecord model, Map<String, Double> headline) {
        Integer max = ModelRecord.getEntityManager()
                .createQuery("select max(m.version) from ModelRecord m where m.vibeId = :v", Integer.class)
                .setParameter("v", model.vibeId).getSingleResult();
        model.version = max == null ? 1 : max + 1;
        model.persist();
        announce(model, headline);
        return model;
    }

    /** Announces a stored model again (a redelivered request finds its model already trained). */
    @Transactional
    public void announceAgain(ModelRecord model, Map<String, Double> headline) {
        announce(model, headline);
    }

    /** Records that a request cannot be trained: the FAILED status is published through the outbox. */
    @Transactional
    public void failed(String requestId, String vibeId, String message) {
        outbox.append(Topics.TRAINING_STATUS, vibeId, new TrainingStatus(requestId, vibeId, TrainingStatus.State.FAILED, message, Instant.now()));
    }

    private void announce(ModelRecord m, Map<String, Double> headline) {
        outbox.append(Topics.MODELS, m.vibeId, new ModelReady(m.vibeId, m.version, m.requestId, m.checksumSha256, m.playlistIds, m.playlistNames,
                headline, m.createdAt));
    }

    @Transactional
    public long countForRequest(String requestId) {
        return ModelRecord.count("requestId", requestId);
    }
}
