package dev.vibe.common.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    @Test
    void retriesPastTheUsualLimitsUntilTheActionSucceedsAndReportsTheStreakOnce() {
        AtomicInteger calls = new AtomicInteger();
        List<String> reported = new ArrayList<>();
        // 25 failures: more than Fault Tolerance's default of 3 retries
        String result = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)).untilSuccess(() -> {
            if (calls.incrementAndGet() <= 25) {
                throw new IllegalStateException("database away (" + calls.get() + ")");
            }
            return "stored";
        }, e -> reported.add(e.getMessage()));
        assertEquals("stored", result);
        assertEquals(26, calls.get());
        assertEquals(List.of("database away (1)"), reported);
    }

    @Test
    void aPermanentFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), IllegalArgumentException.class);
        assertThrows(IllegalArgumentException.class, () -> backoff.untilSuccess(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("refused for good");
        }, e -> { }));
        assertEquals(1, calls.get());
    }

    @Test
    void aStreakEndsOnceTheApplicationShutsDown() {
        AtomicInteger calls = new AtomicInteger();
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), IllegalArgumentException.class);
        try {
            Backoff.Stopped stopped = assertThrows(Backoff.Stopped.class, () -> backoff.untilSuccess(() -> {
                if (calls.incrementAndGet() == 5) {
                    Backoff.stopRetrying(); // shutdown begins during the streak
                }
                if (calls.get() > 50) { // a streak that did not end: fail rather than hang
                    throw new IllegalArgumentException("still retrying after the shutdown began");
                }
                throw new IllegalStateException("EntityManagerFactory is closed");
            }, e -> { }));
            assertEquals(5, calls.get(), "no attempt after the shutdown began");
            assertEquals("EntityManagerFactory is closed", stopped.getCause().getMessage());
        } finally {
            Backoff.resumeRetrying();
        }
        assertEquals("stored", backoff.untilSuccess(() -> "stored", e -> { }), "after a restart, retries go on");
    }
}
