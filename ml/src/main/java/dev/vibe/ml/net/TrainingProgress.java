package dev.vibe.ml.net;

/** Hears about each finished epoch (for progress reports). */
@FunctionalInterface
public interface TrainingProgress {

    void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss);

    TrainingProgress NONE = (e, m, t, v) -> { };
}
