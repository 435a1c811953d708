package dev.vibe.scoring.messaging;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventDeserializer;
import dev.vibe.common.retry.Backoff;
import dev.vibe.scoring.service.ModelRejectedException;
import dev.vibe.scoring.service.ServedModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hears every "model ready" announcement, on every scoring instance, without a consumer group: the listener assigns
 * itself all partitions of {@link Topics#MODELS}, seeks to their end, then asks the trainer for the latest model of
 * each vibe. What was announced before the seek is covered by that query, what is announced after it is consumed: no
 * model is missed, nothing is replayed at a restart, and no group is left behind per start (a group per instance would
 * replay the topic and leave orphans; a shared group would deliver each model to one instance only). Offsets are
 * never committed. New partitions are picked up from their beginning.
 */
@ApplicationScoped
public class ModelAnnouncements {

    private static final Logger LOG = Logger.getLogger(ModelAnnouncements.class);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    /** Loading an announced model: a model that cannot be served is refused at once, not retried. */
    private static final Backoff LOAD_RETRY = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), ModelRejectedException.class);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(30);

    private final ServedModels servedModels;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger listening = new AtomicInteger();
    private final Counter heard;
    private volatile KafkaConsumer<String, ModelReady> consumer;
    private Thread thread;

    public ModelAnnouncements(ServedModels servedModels, MeterRegistry meters,
                              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.servedModels = servedModels;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
        meters.gauge("vibe.models.listening", listening);
        this.heard = meters.counter("vibe.models.announcements");
    }

    void onStart(@Observes StartupEvent ignored) {
        running.set(true);
        thread = AssignedPartitions.start(this::run, "model-announcements");
    }

    void onStop(@Observes ShutdownEvent ignored) {
        running.set(false);
        AssignedPartitions.stop(consumer, thread);
    }

    /** True once the listener has its partitions, positioned at their end. */
    public boolean listening() {
        return listening.get() == 1;
    }

    private void run() {
        try (KafkaConsumer<String, ModelReady> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoring-model-announcements",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true),
                new StringDeserializer(), new EventDeserializer.ModelsReady())) {
            consumer = c;
            if (!running.get()) {
                return;
            }
            Set<TopicPartition> assigned = assignFromTheEnd(c);
            listening.set(1);
            LOG.infof("listening for model announcements on %d partitions of %s (no consumer group)", assigned.size(), Topics.MODELS);
            catchUpWithTheTrainer();
            long nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
            while (running.get()) {
                for (ConsumerRecord<String, ModelReady> r : c.poll(Duration.ofSeconds(1))) {
                    heard.increment();
                    handle(r.value());
                }
                if (System.nanoTime() > nextCheck) {
                    assigned = AssignedPartitions.addNew(c, assigned, List.of(Topics.MODELS), LOG);
                    nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            if (running.get()) {
                LOG.errorf(e, "the model announcement listener stopped: new models reach this instance only on demand");
            }
        } finally {
            listening.set(0);
        }
    }

    /** All partitions of the topic, positioned at their end (resolved now, before the catch-up query). */
    private Set<TopicPartition> assignFromTheEnd(KafkaConsumer<String, ModelReady> c) {
        Set<TopicPartition> partitions = RETRY.untilSuccess(() -> {
            Set<TopicPartition> found = partitions(c);
            if (found.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.MODELS + " has no partitions yet");
            }
            return found;
        }, e -> LOG.warnf("cannot find the partitions of %s yet (will retry): %s", Topics.MODELS, e.getMessage()));
        c.assign(partitions);
        c.seekToEnd(partitions);
        partitions.forEach(c::position);
        return partitions;
    }

    private static Set<TopicPartition> partitions(KafkaConsumer<String, ModelReady> c) {
        return AssignedPartitions.of(c, List.of(Topics.MODELS));
    }

    /** The latest model of every vibe, from the trainer, asked until the trainer answers once. */
    private void catchUpWithTheTrainer() {
        Thread catchUp = new Thread(() -> {
            try {
                int served = RETRY.untilSuccess(servedModels::loadLatestOfEveryVibe,
                        e -> LOG.warnf("cannot ask the trainer for its models yet (will retry; models also load on demand): %s", e.getMessage()));
                LOG.infof("serving %d models after asking the trainer", served);
            } catch (IllegalStateException e) {
                // interrupted at shutdown
            }
        }, "model-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
    }

    private void handle(ModelReady event) {
        if (event == null) {
            LOG.warn("skipped a model-ready event that could not be read");
            return;
        }
        try {
            LOAD_RETRY.untilSuccess(() -> {
                servedModels.onModelReady(event);
                return null;
            }, e -> LOG.warnf("cannot load model %s v%d yet (will retry): %s", event.vibeId(), event.modelVersion(),
                    e.getMessage()));
        } catch (ModelRejectedException e) {
            servedModels.refused(e); // the previous version stays in service
        }
    }
}
