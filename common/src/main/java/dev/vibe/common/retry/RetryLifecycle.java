package dev.vibe.common.retry;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Every service's retries follow its life: they stop when it shuts down ({@link Backoff#stopRetrying}). */
@ApplicationScoped
public class RetryLifecycle {

    void started(@Observes StartupEvent start) {
        Backoff.resumeRetrying();
    }

    void stopping(@Observes ShutdownEvent stop) {
        Backoff.stopRetrying();
    }
}
