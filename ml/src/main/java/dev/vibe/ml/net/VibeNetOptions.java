package dev.vibe.ml.net;

import java.util.List;

/**
 * How to train the vibe network (see {@link VibeNetTrainer}). The defaults: the design study's 20-member recipe as
 * the teacher, served as one network distilled from it (64-32 over a 16-quantile encoding), with Platt scaling per
 * playlist. Why: bench/model-quality.sh and the README's table of the forms tried.
 *
 * @param members        ensemble members trained together, each with its own seed and validation split
 * @param hidden         hidden layer widths of a member
 * @param dropout        dropout after each hidden layer while training
 * @param quantiles      quantile knots of the input encoding (probabilities i / quantiles)
 * @param ramps          ramp columns per continuous feature
 * @param serve          what the served graph computes
 * @param servedMembers  members in the served graph when {@code serve} is {@link Serve#MEMBERS}
 * @param calibration    how the probabilities are calibrated on the members' held-out songs (baked into the graph)
 * @param student        the one network trained on the ensemble's probabilities when {@code serve} is {@link Serve#DISTILLED}
 * @param openSet        how the background songs (the rest of the world) enter training
 */
public record VibeNetOptions(int members, List<Integer> hidden, float dropout, int quantiles, int ramps, int maxEpochs, int patience,
                             double validation, int batchSize, float learningRate, float weightDecay, double maxPositiveWeight,
                             Serve serve, int servedMembers, Calibration calibration, Student student, OpenSet openSet, long seed) {

    /** What the served ONNX graph computes. */
    public enum Serve {
        /** the mean of the first {@code servedMembers} members */
        MEMBERS,
        /** one network of a member's shape trained on the whole ensemble's probabilities */
        DISTILLED
    }

    /** Per-playlist calibration of the served probabilities, fitted on songs the members held out. */
    public enum Calibration {
        NONE,
        /** p = sigmoid(logit(p) / T) */
        TEMPERATURE,
        /** p = sigmoid(a logit(p) + b) (Platt scaling) */
        PLATT
    }

    /**
     * The distilled network: its own (coarser, cheaper to serve) quantile encoding, its hidden layers, and how many
     * synthetic songs per training song the ensemble labels for it (each a training song with some of its
     * continuous features taken from another training song), so it learns the ensemble's function between songs too;
     * it trains for at most {@code maxEpochs} epochs (early stopping as the members, on its own validation songs) at
     * {@code learningRate}. With {@code forestShare} above 0 its conditional targets are that share the random forest's
     * probabilities (the forest baseline is trained anyway) and the rest the ensemble's.
     */
    public record Student(int quantiles, List<Integer> hidden, int synthetic, int batchSize, int maxEpochs, float learningRate, double forestShare) {

        /**
         * At most {@value #EPOCHS} epochs (the best kept) at the teacher's learning rate, 3e-3. With the teacher's 300
         * it stopped after 100-150 epochs and served no better (bench/model-quality.sh, variant student-epochs300).
         */
        public Student(int quantiles, List<Integer> hidden, int synthetic, int batchSize) {
            this(quantiles, hidden, synthetic, batchSize, EPOCHS, 3e-3f, 0);
        }

        /** The student's default cap on epochs. */
        public static final int EPOCHS = 80;

        public Student withTraining(int epochs, float rate) {
            return new Student(quantiles, hidden, synthetic, batchSize, epochs, rate, forestShare);
        }

        public Student withForestShare(double share) {
            return new Student(quantiles, hidden, synthetic, batchSize, maxEpochs, learningRate, share);
        }
    }

    /**
     * The rest of the world in training: each epoch a member sees its playlist songs and {@code backgroundPerSong} times
     * as many background songs, drawn afresh from its share of them (the student {@code studentBackgroundPerSong});
     * the encoding's quantiles are fitted on the playlists' songs and, with {@code encodeBackground}, as many
     * background songs, so that songs far from every playlist are told apart too; the absolute view is made as
     * {@code combination} says. The outputs learned against the background weigh a playlist song at most
     * {@code maxWorldPositiveWeight} times a background song (3: on the 78 design task-splits top-1 +0.0096 (se 0.0043)
     * over the random forest with 3, +0.0015 (0.0046) with 10; bench/model-quality.sh, 2026-12-02).
     */
    public record OpenSet(double backgroundPerSong, VibeNet.Combination combination, boolean encodeBackground, double studentBackgroundPerSong,
                          double maxWorldPositiveWeight) {

        public static OpenSet defaults() {
            return new OpenSet(2, VibeNet.Combination.FACTORISED, true, 2, 3);
        }

        public OpenSet withBackgroundPerSong(double r) {
            return new OpenSet(r, combination, encodeBackground, studentBackgroundPerSong, maxWorldPositiveWeight);
        }

        public OpenSet withCombination(VibeNet.Combination how) {
            return new OpenSet(backgroundPerSong, how, encodeBackground, studentBackgroundPerSong, maxWorldPositiveWeight);
        }

        public OpenSet withEncodeBackground(boolean b) {
            return new OpenSet(backgroundPerSong, combination, b, studentBackgroundPerSong, maxWorldPositiveWeight);
        }

        public OpenSet withStudentBackgroundPerSong(double r) {
            return new OpenSet(backgroundPerSong, combination, encodeBackground, r, maxWorldPositiveWeight);
        }

        /** The cap on the positive weight of the outputs that learn against the background (absolute, any). */
        public OpenSet withMaxWorldPositiveWeight(double w) {
            return new OpenSet(backgroundPerSong, combination, encodeBackground, studentBackgroundPerSong, w);
        }
    }

    public VibeNetOptions withOpenSet(OpenSet w) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, servedMembers, calibration, student, w, seed);
    }

    public static VibeNetOptions defaults() {
        return new VibeNetOptions(20, List.of(64, 32), 0.3f, 64, 8, 300, 20, 0.15, 64, 3e-3f, 1e-4f, 10,
                Serve.DISTILLED, 1, Calibration.PLATT, new Student(16, List.of(64, 32), 4, 256), OpenSet.defaults(), 42);
    }

    public VibeNetOptions withSeed(long s) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, servedMembers, calibration, student, openSet, s);
    }

    public VibeNetOptions withMembers(int m) {
        return new VibeNetOptions(m, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, Math.min(servedMembers, m), calibration, student, openSet, seed);
    }

    public VibeNetOptions withServing(Serve how, int served) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, how, served, calibration, student, openSet, seed);
    }

    public VibeNetOptions withQuantiles(int q) {
        return new VibeNetOptions(members, hidden, dropout, q, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, servedMembers, calibration, student, openSet, seed);
    }

    public VibeNetOptions withMaxPositiveWeight(double w) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, w, serve, servedMembers, calibration, student, openSet, seed);
    }

    public VibeNetOptions withStudent(Student s) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, servedMembers, calibration, s, openSet, seed);
    }

    public VibeNetOptions withCalibration(Calibration how) {
        return new VibeNetOptions(members, hidden, dropout, quantiles, ramps, maxEpochs, patience, validation, batchSize, learningRate,
                weightDecay, maxPositiveWeight, serve, servedMembers, how, student, openSet, seed);
    }

    /**
     * Large data sets: larger batches (far fewer steps per epoch), fewer epochs and members, no synthetic songs (the
     * ensemble gains less where every playlist has thousands of songs, and the training budget is seconds).
     */
    public VibeNetOptions scaledTo(int songs) {
        if (songs <= 5_000) {
            return this;
        }
        boolean huge = songs > 20_000;
        int batch = huge ? 512 : 256;
        int m = Math.min(members, huge ? 3 : 8);
        return new VibeNetOptions(m, hidden, dropout, quantiles, ramps, Math.min(maxEpochs, huge ? 30 : 60), Math.min(patience, huge ? 5 : 8),
                validation, batch, learningRate, weightDecay, maxPositiveWeight, serve, Math.min(servedMembers, m), calibration,
                new Student(student.quantiles(), student.hidden(), 0, Math.max(batch, student.batchSize()), student.maxEpochs(), student.learningRate(),
                        student.forestShare()), openSet, seed);
    }
}
