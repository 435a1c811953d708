package dev.vibe.trainer.service;

import dev.vibe.trainer.domain.ModelRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;

/** The trainer's model registry: write once per training request, read by version. */
@ApplicationScoped
public class ModelRegistry {

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

    /** Stores the model as the vibe's next version. */
    @Transactional
    public ModelRecord store(ModelRecord model) {
        Integer max = ModelRecord.getEntityManager()
                .createQuery("select max(m.version) from ModelRecord m where m.vibeId = :v", Integer.class)
                .setParameter("v", model.vibeId).getSingleResult();
        model.version = max == null ? 1 : max + 1;
        model.persist();
        return model;
    }

    @Transactional
    public long countForRequest(String requestId) {
        return ModelRecord.count("requestId", requestId);
    }
}
