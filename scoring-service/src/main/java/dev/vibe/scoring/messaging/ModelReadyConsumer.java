package dev.vibe.scoring.messaging;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.retry.Backoff;
import dev.vibe.scoring.service.ModelRegistry;
import dev.vibe.scoring.service.ModelRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Loads each announced model. Every scoring instance must hear every announcement, so each instance consumes
 * with a group of its own (see application.properties) from the earliest offset; old announcements are ignored.
 */
@ApplicationScoped
public class ModelReadyConsumer {

    public static final String CHANNEL = "models";
    private static final Logger LOG = Logger.getLogger(ModelReadyConsumer.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    private final ModelRegistry registry;
    private final Counter rejected;

    public ModelReadyConsumer(ModelRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.rejected = meters.counter("vibe.models.rejected");
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ModelReady event) {
        if (event == null) {
            LOG.warn("skipped a model-ready event that could not be read");
            return;
        }
        try {
            BACKOFF.untilSuccess(() -> {
                registry.onModelReady(event);
                return null;
            }, ModelRejectedException.class,
                    e -> LOG.warnf("cannot load model %s v%d yet (will retry): %s", event.vibeId(), event.modelVersion(), e.getMessage()));
        } catch (ModelRejectedException e) {
            rejected.increment();
            LOG.errorf("model rejected, the previous version stays in service: %s", e.getMessage());
        }
    }
}
