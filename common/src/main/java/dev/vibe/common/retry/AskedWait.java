package dev.vibe.common.retry;

import io.smallrye.faulttolerance.api.Guard;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Retries for clients of outside services whose attempt itself decides how long to wait before the next one (a 429's
 * Retry-After, a pause after a 5xx): the attempt throws a {@link Wait} naming the wait, and a SmallRye Fault Tolerance
 * guard waits exactly that long and tries again. {@link Backoff} is the other policy, for dependencies that give no hint.
 */
public final class AskedWait {

    private AskedWait() {
    }

    /** An attempt's failure that asks for another attempt after {@link #millis()}. */
    public abstract static class Wait extends Exception {
        private final long millis;

        protected Wait(String message, long millis) {
            super(message, null, false, false);
            this.millis = Math.max(0, millis);
        }

        /** How long to wait before the next attempt. */
        public long millis() {
            return millis;
        }
    }

    /**
     * A guard that tries again after each {@code W} that {@code retry} accepts, waiting what it asks, at most
     * {@code maxRetries} times a call (-1: no limit; the attempts then decide when to stop). Any other failure, and a
     * {@code W} refused or after the last retry, is thrown to the caller as it is.
     *
     * @param beforeRetry hears each accepted wait before it starts (e.g. to log it)
     */
    public static <W extends Wait> Guard guard(int maxRetries, Class<W> type, Predicate<W> retry, Consumer<W> beforeRetry) {
        return Guard.create()
                .withRetry()
                .maxRetries(maxRetries)
                .maxDuration(0, ChronoUnit.MILLIS) // no limit but the retries' own
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> type.isInstance(e) && retry.test(type.cast(e)))
                .withCustomBackoff().strategy(() -> cause -> ((Wait) cause).millis()).done()
                .beforeRetry(cause -> beforeRetry.accept(type.cast(cause)))
                .done()
                .build();
    }
}
