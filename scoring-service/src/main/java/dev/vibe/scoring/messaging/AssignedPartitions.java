package dev.vibe.scoring.messaging;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Consumers that assign themselves every partition of their topics instead of joining a consumer group: each scoring
 * instance must hear every event, and no group may be left behind per start.
 */
final class AssignedPartitions {

    private AssignedPartitions() {
    }

    /** Every partition the topics have now (none for a topic that does not exist yet). */
    static Set<TopicPartition> of(Consumer<?, ?> c, Collection<String> topics) {
        Set<TopicPartition> out = new HashSet<>();
        for (String topic : topics) {
            List<PartitionInfo> info = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (info != null) {
                info.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return out;
    }

    /** Adds partitions that appeared since (new topics, more partitions), read from their beginning; returns all assigned. */
    static Set<TopicPartition> addNew(Consumer<?, ?> c, Set<TopicPartition> assigned, Collection<String> topics, Logger log) {
        Set<TopicPartition> now;
        try {
            now = of(c, topics);
        } catch (RuntimeException e) {
            return assigned;
        }
        Set<TopicPartition> added = new HashSet<>(now);
        added.removeAll(assigned);
        if (added.isEmpty()) {
            return assigned;
        }
        Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        c.assign(all);
        c.seekToBeginning(added);
        log.infof("%d new partitions of %s; reading them too", added.size(), topics);
        return all;
    }

    /** Starts a listener's loop on a daemon thread of its own. */
    static Thread start(Runnable loop, String name) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Wakes a listener's consumer out of its poll and waits (at most 10 s) for its thread to end. */
    static void stop(Consumer<?, ?> consumer, Thread thread) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
