package dev.vibe.common.retry;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Retries an action until it succeeds, waiting longer each time (capped). For consumers that must not skip
 * a record and must not stop their channel while a dependency (PostgreSQL) is briefly away.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    /**
     * Runs {@code action} until it returns; {@code onFailure} hears of the first failure of a streak only.
     *
     * @throws IllegalStateException if the thread is interrupted (shutdown) before the action succeeds
     */
    public <T> T untilSuccess(Supplier<T> action, Consumer<RuntimeException> onFailure) {
        return untilSuccess(action, null, onFailure);
    }

    /**
     * Like {@link #untilSuccess(Supplier, Consumer)}, but an exception of type {@code permanent} is thrown at
     * once: retrying cannot help it.
     */
    public <T> T untilSuccess(Supplier<T> action, Class<? extends RuntimeException> permanent, Consumer<RuntimeException> onFailure) {
        long wait = first.toMillis();
        boolean reported = false;
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (permanent != null && permanent.isInstance(e)) {
                    throw e;
                }
                if (!reported) {
                    onFailure.accept(e);
                    reported = true;
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while retrying", e);
            }
            wait = Math.min(max.toMillis(), wait * 2);
        }
    }
}
