package dev.vibe.trainer;

import dev.vibe.outbox.OutboxEvent;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The outbox's scheduled pass against the real PostgreSQL: a row published longer ago than the retention (default
 * 24 h) is deleted; a row published within it and an unpublished row, however old, are kept.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@TestProfile(OutboxRetentionTest.PurgeOften.class)
class OutboxRetentionTest {

    /** The purge runs every second; publishing waits an hour, so the unpublished row stays unpublished. */
    public static class PurgeOften implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vibe.outbox.purge-every", "1s", "vibe.outbox.interval", "1h", "vibe.trainer.warm-up", "false");
        }
    }

    static long row(Instant createdAt, Instant publishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OutboxEvent e = new OutboxEvent();
            e.topic = "vibe-outbox-retention-test";
            e.eventKey = "retention";
            e.payload = new byte[]{'{', '}'};
            e.createdAt = createdAt;
            e.publishedAt = publishedAt;
            e.persist();
            return e.id;
        });
    }

    static OutboxEvent find(long id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.findById(id));
    }

    @Test
    void publishedRowsGoAfterTheRetentionUnpublishedOnesStay() {
        Instant now = Instant.now();
        long old = row(now.minus(Duration.ofHours(26)), now.minus(Duration.ofHours(25)));
        long recent = row(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        long unpublished = row(now.minus(Duration.ofHours(26)), null);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> find(old) == null);
        assertNotNull(find(recent), "published an hour ago: within the retention");
        OutboxEvent waiting = find(unpublished);
        assertNotNull(waiting, "unpublished rows are never deleted");
        assertNull(waiting.publishedAt, "and it is still unpublished (the publisher did not run)");
    }
}
