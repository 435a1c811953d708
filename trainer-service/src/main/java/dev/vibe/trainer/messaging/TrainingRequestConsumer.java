package dev.vibe.trainer.messaging;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.trainer.service.ModelRegistry;
import dev.vibe.trainer.service.TrainingService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Trains one request at a time. The offset is committed when this method returns: after the model and its
 * announcement are stored in one transaction (the outbox publishes it), or after the request's failure is recorded
 * the same way. A trainer that dies mid-training commits nothing, so the request is delivered again (to it after a
 * restart, or to another trainer of the group) and the registry's unique request id keeps it to one model.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final TrainingService training;
    private final ModelRegistry registry;

    public TrainingRequestConsumer(TrainingService training, ModelRegistry registry) {
        this.training = training;
        this.registry = registry;
    }

    @Incoming("training-requests")
    @Blocking
    public void consume(TrainingRequest request) {
        if (request == null) {
            LOG.warn("skipped a training request that could not be read");
            return;
        }
        try {
            training.handle(request);
        } catch (RuntimeException e) {
            // A bug, not the data (data problems are recorded as FAILED inside): retrying the same request would fail the
            // same way, so the failure is recorded (published through the outbox) and the request is done. If even that
            // cannot be stored, the exception propagates and the request is delivered again.
            LOG.errorf(e, "training of vibe %s failed unexpectedly", request.vibeId());
            registry.failed(request.requestId(), request.vibeId(), "internal error: " + e.getMessage());
        }
    }
}
