package dev.vibe.ml.baseline;

import java.util.List;

/**
 * How to train. The defaults suit playlists of tens to thousands of songs on a 2-core machine.
 *
 * @param hidden       hidden layer widths; empty = logistic regression
 * @param maxEpochs    upper bound on passes over the training songs
 * @param patience     stop when the validation loss has not improved for this many epochs (best weights are kept)
 * @param validation   share of the training songs held out for early stopping
 * @param maxPositiveWeight cap on the positive-class weight neg/pos that balances small playlists against large ones
 */
public record TrainingOptions(List<Integer> hidden, int maxEpochs, int patience, double validation, int batchSize,
                              float learningRate, float weightDecay, double maxPositiveWeight, long seed) {

    public static TrainingOptions defaults() {
        return new TrainingOptions(List.of(64, 32), 300, 20, 0.15, 64, 3e-3f, 1e-4f, 10, 42);
    }

    /** The logistic-regression baseline: same loss, no hidden layer. */
    public TrainingOptions logisticRegression() {
        return new TrainingOptions(List.of(), maxEpochs, patience, validation, batchSize, learningRate * 3, weightDecay, maxPositiveWeight, seed);
    }

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(hidden, maxEpochs, patience, validation, batchSize, learningRate, weightDecay, maxPositiveWeight, newSeed);
    }

    /** Larger batches for large data sets: the same number of epochs costs far fewer steps. */
    public TrainingOptions scaledTo(int songs) {
        int batch = songs > 20_000 ? 512 : songs > 5_000 ? 256 : batchSize;
        int epochs = songs > 20_000 ? Math.min(maxEpochs, 60) : maxEpochs;
        return new TrainingOptions(hidden, epochs, Math.min(patience, songs > 20_000 ? 8 : patience), validation, batch,
                learningRate, weightDecay, maxPositiveWeight, seed);
    }
}
