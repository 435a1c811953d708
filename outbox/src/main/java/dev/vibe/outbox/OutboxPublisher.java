package dev.vibe.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka in order, at least once: a row is marked published only after the broker
 * acknowledged it (acks=all). While Kafka is down rows wait and are retried on the next tick; consumers
 * de-duplicate by key and version. Rows are locked with SKIP LOCKED so several instances may run.
 *
 * <p>Order: one instance sends the unpublished rows in id order and marks a batch only once all of it is acknowledged,
 * so a failed batch is sent again (whole, in order) before anything after it. That is the order of the ids, which
 * PostgreSQL hands out at insert, not at commit, and with several instances each sends the rows it locked: across
 * instances or concurrent transactions there is no global order, which is why consumers go by key and version.
 *
 * <p>Published rows are kept for {@code vibe.outbox.keep-published} (default 24 h, to look into what was sent) and then
 * deleted by a scheduled pass ({@code vibe.outbox.purge-every}, default 10 min); unpublished rows are never deleted.
 */
@ApplicationScoped
public class OutboxPublisher {

    /** The channel whose topic each message overrides; see application.properties. */
    public static final String CHANNEL = "outbox";
    static final int BATCH = 200;
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

    private final Emitter<byte[]> emitter;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean failing;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ManagedExecutor executor;
    private final UntilStarted started;
    private final Duration keepPublished;

    public OutboxPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BATCH * 2) Emitter<byte[]> emitter,
                           MeterRegistry registry, ManagedExecutor executor, UntilStarted started,
                           @ConfigProperty(name = "vibe.outbox.keep-published", defaultValue = "24h") Duration keepPublished) {
        this.emitter = emitter;
        this.executor = executor;
        this.started = started;
        this.keepPublished = keepPublished;
        registry.gauge("vibe.outbox.published", published);
        Gauge.builder("vibe.outbox.pending", this, OutboxPublisher::pendingOrMinusOne)
                .description("events waiting in the outbox for Kafka (-1: database unreachable)").register(registry);
    }

    /** Publishes right after a transaction that appended events commits. */
    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended event) {
        if (wakeQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                wakeQueued.set(false);
                tick();
            });
        }
    }

    @Scheduled(every = "${vibe.outbox.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilStarted.class)
    void tick() {
        if (!started.started || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            while (publishBatch() == BATCH) {
                // keep draining while full batches come back
            }
            if (failing) {
                LOG.info("outbox publishing works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("cannot publish the outbox to Kafka (will retry): %s", e.getMessage());
                failing = true;
            }
        } finally {
            running.set(false);
        }
    }

    /** Deletes the rows published longer ago than {@code vibe.outbox.keep-published}; a failure waits for the next pass. */
    @Scheduled(every = "${vibe.outbox.purge-every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilStarted.class)
    void purge() {
        try {
            int deleted = deletePublishedBefore(Instant.now().minus(keepPublished));
            if (deleted > 0) {
                LOG.debugf("deleted %d outbox rows published more than %s ago", deleted, keepPublished);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot delete old published outbox rows (will retry): %s", e.getMessage());
        }
    }

    /** Deletes the rows published before {@code cutoff}; returns how many. Unpublished rows stay, however old. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deletePublishedBefore(Instant cutoff) {
        return (int) OutboxEvent.delete("publishedAt < ?1", cutoff);
    }

    private double pendingOrMinusOne() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> (double) OutboxEvent.count("publishedAt is null"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Publishes up to one batch; returns how many rows it published. Always its own transaction: the after-commit
     * wake runs on a context-propagating executor that would otherwise hand it the finished transaction.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int publishBatch() {
        PanacheQuery<OutboxEvent> query = OutboxEvent.find("publishedAt is null order by id")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2); // -2 = SKIP LOCKED
        List<OutboxEvent> batch = query.page(0, BATCH).list();
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxEvent e : batch) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            emitter.send(Message.of(e.payload)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(e.topic).withKey(e.eventKey).build())
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        ack.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Nothing is marked: the whole batch is retried, consumers drop the duplicates.
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch: " + rootMessage(e), e);
        }
        Instant now = Instant.now();
        batch.forEach(e -> e.publishedAt = now);
        published.addAndGet(batch.size());
        return batch.size();
    }

    /** Holds the publisher back until the application (and its Kafka channels) has started. */
    @Singleton
    public static class UntilStarted implements Scheduled.SkipPredicate {
        volatile boolean started;

        void onStart(@Observes StartupEvent event) {
            started = true;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !started;
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
