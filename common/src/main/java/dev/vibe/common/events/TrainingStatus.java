package dev.vibe.common.events;

import java.time.Instant;
import java.util.Objects;

/** Progress of a training request, published by the trainer. Key: {@link #vibeId()}. */
public record TrainingStatus(
        String requestId,
        String vibeId,
        State state,
        String message,
        Instant at) {

    /** The life cycle of a vibe's model; READY is announced by {@link ModelReady}. */
    public enum State { PENDING, TRAINING, READY, FAILED }

    public TrainingStatus {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(vibeId, "vibeId");
        Objects.requireNonNull(state, "state");
    }
}
