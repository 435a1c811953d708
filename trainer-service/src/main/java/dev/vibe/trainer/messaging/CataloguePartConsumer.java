package dev.vibe.trainer.messaging;

import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.retry.Backoff;
import dev.vibe.trainer.service.CatalogueReplica;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Feeds the catalogue replica from {@code vibe-catalogue} (the background songs of training). The offset is
 * committed only after the part is stored; while PostgreSQL is away the part is retried.
 */
@ApplicationScoped
public class CataloguePartConsumer {

    public static final String CHANNEL = "catalogue";
    private static final Logger LOG = Logger.getLogger(CataloguePartConsumer.class);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final CatalogueReplica replica;

    public CataloguePartConsumer(CatalogueReplica replica) {
        this.replica = replica;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(CataloguePart part) {
        if (part == null) {
            LOG.warn("skipped a catalogue part that could not be read (see the deserializer warning above)");
            return;
        }
        BACKOFF.untilSuccess(() -> replica.apply(part),
                e -> LOG.warnf("cannot store part %d of catalogue %s yet (will retry): %s", part.part(), part.catalogue(), e.getMessage()));
    }
}
