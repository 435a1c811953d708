package dev.vibe.scoring.service;

/** A model that must never be served (unknown format or feature schema, corrupt, not the one announced, not ONNX). */
public class ModelRejectedException extends RuntimeException {

    private final String reason;

    public ModelRejectedException(String message, String reason) {
        super(message);
        this.reason = reason;
    }

    /** A short word for metrics: format, schema, checksum, onnx, missing. */
    public String reason() {
        return reason;
    }
}
