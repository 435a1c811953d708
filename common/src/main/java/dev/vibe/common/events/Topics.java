package dev.vibe.common.events;

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
 */
public final class Topics {
    public static final String FEATURES = "vibe-features";
    public static final String CATALOGUE = "vibe-catalogue";
    public static final String TRAINING_REQUESTS = "vibe-training-requests";
    public static final String TRAINING_STATUS = "vibe-training-status";
    public static final String MODELS = "vibe-models";

    private Topics() {
    }
}
