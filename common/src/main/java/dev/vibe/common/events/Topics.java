package dev.vibe.common.events;

import java.util.List;

/**
 * Kafka topic names, the single place they are spelled. Each topic has exactly one producing service.
 *
 * <pre>
 * topic                  producer  consumers         key       value
 * vibe-features          ingest    trainer, scoring  trackId   {@link FeatureRecord}
 * vibe-catalogue         ingest    scoring, trainer  name:part {@link CataloguePart}
 * vibe-training-requests ingest    trainer           vibeId    {@link TrainingRequest}
 * vibe-training-status   trainer   ingest            vibeId    {@link TrainingStatus}
 * vibe-models            trainer   scoring, ingest   vibeId    {@link ModelReady}
 * </pre>
 * Keys keep every event of one track or vibe on one partition, in order, and let consumers de-duplicate.
 *
 * <p>Topics are made on purpose, never auto-created ({@link #ALL}: the local stack, docker-compose's init step and the
 * Strimzi {@code KafkaTopic}s make them so): {@code vibe-features} and {@code vibe-catalogue} are compacted, so that a
 * new scoring or trainer instance replays one record per song (per catalogue part) instead of every version ever
 * published. Each service checks at start that they exist ({@link TopicCheck}).
 */
public final class Topics {
    public static final String FEATURES = "vibe-features";
    public static final String CATALOGUE = "vibe-catalogue";
    public static final String TRAINING_REQUESTS = "vibe-training-requests";
    public static final String TRAINING_STATUS = "vibe-training-status";
    public static final String MODELS = "vibe-models";

    /** A topic as Vibe makes it. */
    public record Spec(String name, int partitions, boolean compacted) {
        /** The topic's {@code cleanup.policy}. */
        public String cleanupPolicy() {
            return compacted ? "compact" : "delete";
        }
    }

    /** Partitions of every topic: at most this many instances of a service consume in parallel. */
    public static final int PARTITIONS = 3;

    /** Every topic of the stack. */
    public static final List<Spec> ALL = List.of(
            new Spec(FEATURES, PARTITIONS, true),
            new Spec(CATALOGUE, PARTITIONS, true),
            new Spec(TRAINING_REQUESTS, PARTITIONS, false),
            new Spec(TRAINING_STATUS, PARTITIONS, false),
            new Spec(MODELS, PARTITIONS, false));

    private Topics() {
    }
}
