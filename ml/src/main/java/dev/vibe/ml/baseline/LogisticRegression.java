package dev.vibe.ml.baseline;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.Shuffling;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.net.TorchEngine;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The logistic-regression baseline: trains a {@link BaselineNetwork} with DJL on the PyTorch engine, fully offline:
 * standardised/one-hot inputs ({@link FeatureEncoding}), one logit per playlist, a class-weighted sigmoid
 * cross-entropy (small playlists weigh as much as large ones), Adam, early stopping on a validation split, fixed seed.
 * The baselines train it without hidden layers ({@link TrainingOptions#logisticRegression()}); with hidden ReLU layers
 * (the study's "mlp-before", the product's network before {@link VibeNet}) it is a plain MLP.
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }

    /** The trained network and how training went. */
    public record Result(BaselineNetwork network, int epochs, int bestEpoch, double bestValidationLoss, long millis) {
    }

    public static Result train(LabeledSongs data, TrainingOptions options, TrainingProgress progress) {
        long t0 = System.nanoTime();
        int n = data.size();
        int outputs = data.width();
        Random random = new Random(options.seed());

        // hold out a validation split for early stopping
        int[] order = Shuffling.shuffled(n, random);
        int validationSize = n >= 20 ? Math.max(1, (int) Math.round(n * options.validation())) : 0;
        int[] validationIdx = Arrays.copyOfRange(order, 0, validationSize);
        int[] trainIdx = Arrays.copyOfRange(order, validationSize, n);
        LabeledSongs train = data.subset(trainIdx);
        LabeledSongs validation = validationSize > 0 ? data.subset(validationIdx) : train;

        FeatureEncoding encoding = FeatureEncoding.fit(train.features());
        float[][] x = encode(encoding, train);
        float[][] y = labels(train);
        float[][] vx = encode(encoding, validation);
        float[][] vy = labels(validation);
        float[] positiveWeight = positiveWeights(train, options.maxPositiveWeight());

        TorchEngine.seeded(options.seed());
        SequentialBlock block = block(options.hidden(), outputs);
        try (Model model = Model.newInstance("vibe", Device.cpu(), TorchEngine.name())) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new WeightedSigmoidLoss(positiveWeight))
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(options.learningRate()))
                            .optWeightDecays(options.weightDecay())
                            .build())
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new Device[]{Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(options.batchSize(), FeatureEncoding.WIDTH));
                List<DenseLayer> best = snapshot(block);
                double bestLoss = Double.POSITIVE_INFINITY;
                int bestEpoch = 0;
                int epoch = 0;
                for (epoch = 1; epoch <= options.maxEpochs(); epoch++) {
                    int[] perm = Shuffling.shuffled(x.length, random);
                    double trainLoss = 0;
                    int batches = 0;
                    try (NDManager epochArrays = trainer.getManager().newSubManager()) {
                        for (int start = 0; start < perm.length; start += options.batchSize()) {
                            int end = Math.min(perm.length, start + options.batchSize());
                            NDArray bx = epochArrays.create(rows(x, perm, start, end));
                            NDArray by = epochArrays.create(rows(y, perm, start, end));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(bx)).singletonOrThrow();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(by), new NDList(logits));
                                trainLoss += loss.getFloat();
                                gc.backward(loss);
                            }
                            trainer.step();
                            batches++;
                        }
                    }
                    double validationLoss = validationLoss(trainer, vx, vy);
                    progress.epoch(epoch, options.maxEpochs(), trainLoss / batches, validationLoss);
                    if (validationLoss < bestLoss - 1e-5) {
                        bestLoss = validationLoss;
                        bestEpoch = epoch;
                        best = snapshot(block);
                    } else if (epoch - bestEpoch >= options.patience()) {
                        break;
                    }
                }
                return new Result(new BaselineNetwork(encoding, best), Math.min(epoch, options.maxEpochs()), bestEpoch, bestLoss,
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /** Probabilities of the network computed by DJL itself (for checking exports against the engine). */
    public static double[][] predictWithDjl(BaselineNetwork network, double[][] raw) {
        List<Integer> hidden = network.layers().subList(0, network.layers().size() - 1).stream().map(DenseLayer::outputs).toList();
        SequentialBlock block = block(hidden, network.outputs());
        try (Model model = Model.newInstance("vibe-check", Device.cpu(), TorchEngine.name()); NDManager manager = model.getNDManager().newSubManager()) {
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, FeatureEncoding.WIDTH));
            int l = 0;
            for (Block child : block.getChildren().values()) {
                if (child instanceof Linear) {
                    DenseLayer layer = network.layers().get(l++);
                    child.getParameters().get("weight").getArray().set(flatten(layer.w()));
                    child.getParameters().get("bias").getArray().set(layer.b());
                }
            }
            float[][] x = new float[raw.length][];
            for (int i = 0; i < raw.length; i++) {
                x[i] = network.encoding().encode(raw[i]);
            }
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(manager.create(x)), false).singletonOrThrow();
            float[] p = Activation.sigmoid(logits).toFloatArray();
            double[][] out = new double[raw.length][network.outputs()];
            for (int i = 0; i < raw.length; i++) {
                for (int k = 0; k < network.outputs(); k++) {
                    out[i][k] = p[i * network.outputs() + k];
                }
            }
            return out;
        }
    }

    static SequentialBlock block(List<Integer> hidden, int outputs) {
        SequentialBlock block = new SequentialBlock();
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build());
            block.add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
    }

    private static double validationLoss(Trainer trainer, float[][] vx, float[][] vy) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray logits = trainer.evaluate(new NDList(m.create(vx))).singletonOrThrow();
            NDArray y = m.create(vy);
            // plain (unweighted) cross-entropy: the honest measure of the probabilities
            NDArray loss = y.mul(TorchEngine.softplus(logits.neg())).add(y.neg().add(1).mul(TorchEngine.softplus(logits)));
            return loss.mean().getFloat();
        }
    }

    /** Sigmoid cross-entropy on logits with a weight on each playlist's positives. */
    static final class WeightedSigmoidLoss extends Loss {
        private final float[] positiveWeight;

        WeightedSigmoidLoss(float[] positiveWeight) {
            super("WeightedSigmoidBCE");
            this.positiveWeight = positiveWeight;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray y = labels.singletonOrThrow();
            NDArray z = predictions.singletonOrThrow();
            NDArray w = z.getManager().create(positiveWeight);
            NDArray positive = y.mul(w).mul(TorchEngine.softplus(z.neg()));
            NDArray negative = y.neg().add(1).mul(TorchEngine.softplus(z));
            return positive.add(negative).mean();
        }
    }

    /** neg/pos per playlist, at least 1 and at most {@code cap}. */
    static float[] positiveWeights(LabeledSongs data, double cap) {
        int[] pos = data.positives();
        float[] w = new float[pos.length];
        for (int k = 0; k < pos.length; k++) {
            double ratio = pos[k] == 0 ? 1 : (double) (data.size() - pos[k]) / pos[k];
            w[k] = (float) Math.max(1, Math.min(cap, ratio));
        }
        return w;
    }

    private static List<DenseLayer> snapshot(SequentialBlock block) {
        List<DenseLayer> layers = new ArrayList<>();
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                NDArray w = child.getParameters().get("weight").getArray();
                NDArray b = child.getParameters().get("bias").getArray();
                long[] shape = w.getShape().getShape();
                float[] flat = w.toFloatArray();
                float[][] rows = new float[(int) shape[0]][(int) shape[1]];
                for (int o = 0; o < shape[0]; o++) {
                    System.arraycopy(flat, (int) (o * shape[1]), rows[o], 0, (int) shape[1]);
                }
                layers.add(new DenseLayer(rows, b.toFloatArray()));
            }
        }
        return layers;
    }

    static float[][] encode(FeatureEncoding encoding, LabeledSongs data) {
        float[][] x = new float[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            x[i] = encoding.encode(data.songs().get(i).features());
        }
        return x;
    }

    static float[][] labels(LabeledSongs data) {
        float[][] y = new float[data.size()][data.width()];
        for (int i = 0; i < data.size(); i++) {
            boolean[] l = data.songs().get(i).labels();
            for (int k = 0; k < l.length; k++) {
                y[i][k] = l[k] ? 1f : 0f;
            }
        }
        return y;
    }

    private static float[][] rows(float[][] m, int[] perm, int start, int end) {
        float[][] out = new float[end - start][];
        for (int i = start; i < end; i++) {
            out[i - start] = m[perm[i]];
        }
        return out;
    }

    private static float[] flatten(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }
}
