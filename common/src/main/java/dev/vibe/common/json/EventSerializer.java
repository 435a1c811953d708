package dev.vibe.common.json;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for any event record, through {@link EventJson}. */
public class EventSerializer<T> implements Serializer<T> {
    @Override
    public byte[] serialize(String topic, T event) {
        return event == null ? null : EventJson.write(event);
    }
}
