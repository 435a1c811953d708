package dev.vibe.common.json;

import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for one event type, through {@link EventJson}. The nested subclasses name the type so
 * they can be configured by class name ({@code value.deserializer=...EventDeserializer$FeatureRecords}).
 */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.read(data, type);
    }

    public static class FeatureRecords extends EventDeserializer<FeatureRecord> {
        public FeatureRecords() { super(FeatureRecord.class); }
    }

    public static class TrainingRequests extends EventDeserializer<TrainingRequest> {
        public TrainingRequests() { super(TrainingRequest.class); }
    }

    public static class TrainingStatuses extends EventDeserializer<TrainingStatus> {
        public TrainingStatuses() { super(TrainingStatus.class); }
    }

    public static class CatalogueParts extends EventDeserializer<CataloguePart> {
        public CatalogueParts() { super(CataloguePart.class); }
    }

    public static class ModelsReady extends EventDeserializer<ModelReady> {
        public ModelsReady() { super(ModelReady.class); }
    }
}
