package dev.vibe.common.retry;

import io.smallrye.faulttolerance.api.Guard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    /** The application is shutting down: a streak of retries ends at its next attempt ({@link RetryLifecycle}). */
    private static volatile boolean stopping;

    private final Guard guard;

    /**
     * Thrown instead of another attempt once the application shuts down: the caller commits nothing, so its record is
     * delivered again after a restart. Without it a retry streak (PostgreSQL already closed) kept a shutting-down
     * service alive until Quarkus gave up on its threads (20 s, in the system test).
     */
    public static final class Stopped extends IllegalStateException {
        Stopped(RuntimeException last) {
            super("stopped retrying: the application is shutting down (last failure: " + last.getMessage() + ")", last);
        }
    }

    /** Ends every streak of retries at its next attempt (on shutdown). */
    public static void stopRetrying() {
        stopping = true;
    }

    /** Retries go on again (on start-up: tests start the application more than once in one JVM). */
    public static void resumeRetrying() {
        stopping = false;
    }

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
                .abortOn(abortOn(permanent))
                .withExponentialBackoff().factor(2).maxDelay(max.toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    private static List<Class<? extends Throwable>> abortOn(Class<? extends Throwable>[] permanent) {
        List<Class<? extends Throwable>> out = new ArrayList<>(List.of(permanent));
        out.add(Stopped.class);
        return out;
    }

    /**
     * Runs {@code action} until it returns; {@code onFailure} hears of the first failure of a streak only.
     *
     * @throws RuntimeException of a {@code permanent} type at once; {@link Stopped} for a failure once the application
     *                          is shutting down; {@link IllegalStateException} if the thread is interrupted
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
                throw stopping ? new Stopped(e) : e;
            }
        }, Object.class);
    }
}
