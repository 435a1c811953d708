package dev.vibe.scoring.service;

/** A model that must never be served (corrupt or missing); retrying cannot help. */
public class ModelRejectedException extends RuntimeException {
    public ModelRejectedException(String message) {
        super(message);
    }
}
