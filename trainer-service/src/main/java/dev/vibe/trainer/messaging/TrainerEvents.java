package dev.vibe.trainer.messaging;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.TrainingStatus;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Publishes the trainer's events, keyed by vibe id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class TrainerEvents {

    private final Emitter<TrainingStatus> status;
    private final Emitter<ModelReady> models;

    public TrainerEvents(@Channel("training-status-out") Emitter<TrainingStatus> status, @Channel("models-out") Emitter<ModelReady> models) {
        this.status = status;
        this.models = models;
    }

    /** Progress is best effort: a lost progress message must not fail a training. */
    public void status(String requestId, String vibeId, TrainingStatus.State state, String message) {
        status.send(keyed(vibeId, new TrainingStatus(requestId, vibeId, state, message, Instant.now()), new CompletableFuture<>()));
    }

    /** The announcement must arrive: waits for the acknowledgement and throws if there is none. */
    public void modelReady(ModelReady event) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        models.send(keyed(event.vibeId(), event, ack));
        try {
            ack.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge model-ready of " + event.vibeId() + ": " + e.getMessage(), e);
        }
    }

    private static <T> Message<T> keyed(String key, T payload, CompletableFuture<Void> ack) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    ack.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
