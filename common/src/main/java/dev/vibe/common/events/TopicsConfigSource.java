package dev.vibe.common.events;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Offers the names in {@link Topics} to configuration as {@code vibe.topics.*}, so that channel settings say
 * {@code mp.messaging.incoming.features.topic=${vibe.topics.features}} and the names are spelled once (the code
 * also uses {@link Topics} directly, for outbox rows and the scoring service's assigned partitions, so the names are
 * not meant to be changed by configuration).
 */
public final class TopicsConfigSource implements ConfigSource {

    private static final Map<String, String> NAMES = Map.of(
            "vibe.topics.features", Topics.FEATURES,
            "vibe.topics.catalogue", Topics.CATALOGUE,
            "vibe.topics.training-requests", Topics.TRAINING_REQUESTS,
            "vibe.topics.training-status", Topics.TRAINING_STATUS,
            "vibe.topics.models", Topics.MODELS);

    @Override
    public Set<String> getPropertyNames() {
        return NAMES.keySet();
    }

    @Override
    public String getValue(String name) {
        return NAMES.get(name);
    }

    @Override
    public String getName() {
        return "vibe-topic-names";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
