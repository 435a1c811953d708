package dev.vibe.trainer.messaging;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.trainer.service.TrainingService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Trains one request at a time. The offset is committed only when this method returns, i.e. after the model is
 * stored and announced: a trainer that dies mid-training gets the request again after restart.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final TrainingService training;
    private final TrainerEvents events;

    public TrainingRequestConsumer(TrainingService training, TrainerEvents events) {
        this.training = training;
        this.events = events;
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
            // Not a data problem (those become FAILED inside): say so, and let the request be redelivered.
            LOG.errorf(e, "training of vibe %s failed unexpectedly", request.vibeId());
            events.status(request.requestId(), request.vibeId(), TrainingStatus.State.FAILED, "internal error: " + e.getMessage());
        }
    }
}
