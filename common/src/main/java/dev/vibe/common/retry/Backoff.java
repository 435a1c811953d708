package dev.vibe.common.retry;

import io.smallrye.faulttolerance.api.Guard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries an action until it succeeds, waiting twice as long each time (capped), never giving up: for consumers that
 * must not skip a record and must not stop their channel while a dependency (PostgreSQL, the trainer) is briefly away.
 * A SmallRye Fault Tolerance guard does the retrying; this class only fixes the policy and reports the first failure
 * of each streak (one log line per outage, not one per attempt).
 */
public final class Backoff {

    private final Guard guard;

    /**
     * @param first     the wait after the first failure
     * @param max       the longest wait
     * @param permanent failures that retrying cannot help: thrown at once
     */
    @SafeVarargs
    public Backoff(Duration first, Duration max, Class<? extends Throwable>... permanent) {
        this.guard = Guard.create()
                .withRetry()
                .maxRetries(-1)
                .maxDuration(0, ChronoUnit.MILLIS) // no limit
                .delay(first.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .abortOn(List.of(permanent))
                .withExponentialBackoff().factor(2).maxDelay(max.toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    /**
     * Runs {@code action} until it returns; {@code onFailure} hears of the first failure of a streak only.
     *
     * @throws RuntimeException of a {@code permanent} type at once; {@link IllegalStateException} if the thread is
     *                          interrupted (shutdown) before the action succeeds
     */
    @SuppressWarnings("unchecked")
    public <T> T untilSuccess(Supplier<T> action, Consumer<RuntimeException> onFailure) {
        boolean[] reported = {false};
        return (T) guard.get(() -> {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!reported[0]) {
                    reported[0] = true;
                    onFailure.accept(e);
                }
                throw e;
            }
        }, Object.class);
    }
}
