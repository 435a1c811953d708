package dev.vibe.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Publishes the outbox to Kafka in order, at least once: a row is marked published only after the broker
 * acknowledged it (acks=all). While Kafka is down rows wait and are retried on the next tick; consumers
 * de-duplicate by key and version. Rows are locked with SKIP LOCKED so several instances may run.
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

    public OutboxPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BATCH * 2) Emitter<byte[]> emitter,
                           MeterRegistry registry, ManagedExecutor executor, UntilStarted started) {
        this.emitter = emitter;
        this.executor = executor;
        this.started = started;
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
    @jakarta.inject.Singleton
    public static class UntilStarted implements Scheduled.SkipPredicate {
        volatile boolean started;

        void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
            started = true;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
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
