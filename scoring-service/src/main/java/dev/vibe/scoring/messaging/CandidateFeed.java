package dev.vibe.scoring.messaging;

import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventJson;
import dev.vibe.scoring.domain.CandidateSongs;
import io.micrometer.core.instrument.Gauge;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns the songs recommendations are picked from: every feature record and every catalogue part ingest published,
 * read from the beginning of both topics on every scoring instance, into {@link CandidateSongs}. Like
 * {@link ModelAnnouncements} it assigns itself the partitions (no consumer group, nothing committed, nothing left
 * behind); unlike it, it reads from the beginning, because it needs every song, not just what comes next. Songs are
 * "caught up" once it has read up to where the topics ended when it started.
 */
@ApplicationScoped
public class CandidateFeed {

    private static final Logger LOG = Logger.getLogger(CandidateFeed.class);
    private static final List<String> TOPICS = List.of(Topics.FEATURES, Topics.CATALOGUE);

    private final CandidateSongs songs;
    private final String bootstrapServers;
    private final Duration partitionCheck;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public CandidateFeed(CandidateSongs songs, MeterRegistry meters, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "vibe.candidates.partition-check", defaultValue = "5s") Duration partitionCheck) {
        this.songs = songs;
        this.bootstrapServers = bootstrapServers;
        this.partitionCheck = partitionCheck;
        Gauge.builder("vibe.candidates.songs", songs, CandidateSongs::size).description("songs recommendations can pick from").register(meters);
        Gauge.builder("vibe.candidates.bytes", songs, CandidateSongs::bytes).description("heap the candidate songs take").register(meters);
    }

    void onStart(@Observes StartupEvent ignored) {
        running = true;
        thread = AssignedPartitions.start(this::run, "candidate-feed");
    }

    void onStop(@Observes ShutdownEvent ignored) {
        running = false;
        AssignedPartitions.stop(consumer, thread);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoring-candidate-feed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            Set<TopicPartition> assigned = Set.of();
            Map<TopicPartition, Long> startEnds = null;
            long nextCheck = 0;
            while (running) {
                if (System.nanoTime() >= nextCheck) {
                    assigned = assigned.isEmpty() ? firstAssignment(c) : AssignedPartitions.addNew(c, assigned, TOPICS, LOG);
                    if (startEnds == null && !assigned.isEmpty()) {
                        startEnds = new HashMap<>(c.endOffsets(assigned));
                        LOG.infof("reading the songs to recommend from %d partitions of %s (%d events)", assigned.size(), TOPICS,
                                startEnds.values().stream().mapToLong(Long::longValue).sum());
                    } else if (startEnds == null) {
                        songs.markCaughtUp(); // nothing was ever published
                    }
                    nextCheck = System.nanoTime() + partitionCheck.toNanos();
                }
                if (assigned.isEmpty()) {
                    sleep();
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!songs.caughtUp() && startEnds != null && startEnds.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    songs.markCaughtUp();
                    LOG.infof("%d songs to recommend from (%d MB)", songs.size(), songs.bytes() / (1024 * 1024));
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "the candidate feed stopped: recommendations use the songs read so far");
            }
        }
    }

    private static Set<TopicPartition> firstAssignment(KafkaConsumer<String, byte[]> c) {
        Set<TopicPartition> found;
        try {
            found = AssignedPartitions.of(c, TOPICS);
        } catch (RuntimeException e) {
            LOG.warnf("cannot list the partitions of %s yet (will retry): %s", TOPICS, e.getMessage());
            return Set.of();
        }
        if (!found.isEmpty()) {
            c.assign(found);
            c.seekToBeginning(found);
        }
        return found;
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.FEATURES)) {
                FeatureRecord f = EventJson.read(r.value(), FeatureRecord.class);
                songs.putStored(f.trackId(), f.version(), f.name(), f.artists(), f.features());
            } else {
                CataloguePart part = EventJson.read(r.value(), CataloguePart.class);
                songs.putCataloguePart(part.catalogue(), part.loadedAt(), part.part(), part.parts(), part.songs().stream()
                        .map(s -> new CandidateSongs.CatalogueSong(s.trackId(), s.name(), s.artists(), s.features())).toList());
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipped an event of %s at offset %d that could not be read: %s", r.topic(), r.offset(), e.getMessage());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
