package dev.vibe.trainer.messaging;

import dev.vibe.common.events.TrainingStatus;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes training progress, keyed by vibe id. Progress is best effort; what must arrive (a stored model's
 * announcement, a failure) goes through the outbox with the change it announces (see ModelRegistry).
 */
@ApplicationScoped
public class TrainerEvents {

    private final Emitter<TrainingStatus> status;

    public TrainerEvents(@Channel("training-status-out") Emitter<TrainingStatus> status) {
        this.status = status;
    }

    /** Progress is best effort: a lost progress message must not fail a training. */
    public void status(String requestId, String vibeId, TrainingStatus.State state, String message) {
        status.send(keyed(vibeId, new TrainingStatus(requestId, vibeId, state, message, Instant.now()), new CompletableFuture<>()));
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
