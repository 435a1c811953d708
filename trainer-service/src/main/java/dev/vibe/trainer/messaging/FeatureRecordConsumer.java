package dev.vibe.trainer.messaging;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.retry.Backoff;
import dev.vibe.trainer.service.FeatureReplica;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Feeds the feature replica from {@code vibe-features}. The offset is committed only after the row is stored;
 * while PostgreSQL is away the record is retried (the partition waits) rather than skipped or the channel stopped.
 */
@ApplicationScoped
public class FeatureRecordConsumer {

    public static final String CHANNEL = "features";
    private static final Logger LOG = Logger.getLogger(FeatureRecordConsumer.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final FeatureReplica replica;

    public FeatureRecordConsumer(FeatureReplica replica) {
        this.replica = replica;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(FeatureRecord record) {
        if (record == null) {
            LOG.warn("skipped a feature record that could not be read (see the deserializer warning above)");
            return;
        }
        BACKOFF.untilSuccess(() -> replica.apply(record),
                e -> LOG.warnf("cannot store feature record of %s yet (will retry): %s", record.trackId(), e.getMessage()));
    }
}
