package dev.vibe.ingest.messaging;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.retry.Backoff;
import dev.vibe.ingest.service.VibeService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Follows the trainer: progress ({@code vibe-training-status}) and finished models ({@code vibe-models}). */
@ApplicationScoped
public class TrainerEventsConsumer {

    private static final Logger LOG = Logger.getLogger(TrainerEventsConsumer.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final VibeService vibes;

    public TrainerEventsConsumer(VibeService vibes) {
        this.vibes = vibes;
    }

    @Incoming("training-status")
    @Blocking
    public void onStatus(TrainingStatus event) {
        if (event != null) {
            BACKOFF.untilSuccess(() -> vibes.onTrainingStatus(event),
                    e -> LOG.warnf("cannot record training status of %s yet (will retry): %s", event.vibeId(), e.getMessage()));
        }
    }

    @Incoming("models")
    @Blocking
    public void onModel(ModelReady event) {
        if (event != null) {
            BACKOFF.untilSuccess(() -> vibes.onModelReady(event),
                    e -> LOG.warnf("cannot record model of %s yet (will retry): %s", event.vibeId(), e.getMessage()));
        }
    }
}
