package dev.vibe.ml.net;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Trains an ensemble of members together, with DJL on the PyTorch engine, as ONE block whose weights are 3-D
 * ({@code [member, in, out]}, {@link StackedMembers}): each step is a batched matrix product over the members still
 * training, each member seeing its own batch of its own songs; each member has its own seed, its own validation songs
 * and its own early stopping (the best weights on its validation songs are kept; a member whose patience ran out is
 * no longer computed).
 *
 * <p>Each member has its own validation songs ({@link MemberFolds}).
 *
 * <p>Loss per song and output j: {@code mask * (t * w_j * softplus(-z) + (1 - t) * softplus(z))} (sigmoid
 * cross-entropy, positives weighted), the mean per member over its batch and outputs, summed over members; Adam with
 * weight decay; Xavier-uniform init.
 */
final class EnsembleFit {

    private EnsembleFit() {
    }

    /**
     * Rows to train on. Rows {@code [0, fixed)} (the playlists' songs, and synthetic ones when distilling) are trained
     * on every epoch; of the others (the pool: background songs) each member draws a fresh sample of
     * {@code poolPerFixed} times its fixed rows each epoch (all of them if it has fewer).
     *
     * @param target         per row and output, 0/1 labels or probabilities (when distilling)
     * @param mask           per row and output, 1 where the output learns from the row, 0 where not (null = everywhere)
     * @param positiveWeight per output, the weight of its positives (null = 1)
     */
    record Rows(float[][] x, float[][] target, float[][] mask, float[] positiveWeight, int fixed, double poolPerFixed) {

        int size() {
            return x.length;
        }

        int outputs() {
            return target[0].length;
        }

        float mask(int i, int j) {
            return mask == null ? 1f : mask[i][j];
        }
    }

    /**
     * Members trained together: their layers, the rows each held out, best epochs, and how many member-epochs were
     * computed (a member is computed until its patience runs out, not for as long as the slowest member).
     *
     * @param heldOut each member's held-out rows (its fold of the fixed rows and of the pool); empty when too few rows
     */
    record Fit(List<List<DenseLayer>> members, int[][] heldOut, int epochs, int[] bestEpochs, int memberEpochs) {
    }

    /** The seed of member {@code m}'s own generators (its batches, background draws, dropout, first weights). */
    static long memberSeed(long seed, int m) {
        return seed * 1_000_003L + m;
    }

    /** Trains {@code count} members on {@code rows}. */
    static Fit fit(Rows rows, int count, VibeNetOptions o, long seed, TrainingProgress progress) {
        int d = rows.x()[0].length;
        int k = rows.outputs();
        MemberFolds split = MemberFolds.of(rows, count, o.validation(), seed);
        int fixedSize = split.trainFixed()[0].length;
        int poolSize = split.trainPool()[0].length;
        int poolPerEpoch = Math.min(poolSize, (int) Math.round(fixedSize * rows.poolPerFixed()));
        int epochSize = fixedSize + poolPerEpoch;
        int evalSize = split.evaluated()[0].length;
        Random[] random = new Random[count];
        for (int m = 0; m < count; m++) {
            random[m] = new Random(memberSeed(seed, m));
        }
        // per row and output: the weights of softplus(-z) and softplus(z) in the training loss, and in the plain one
        float[][] positive = new float[rows.size()][k];
        float[][] negative = new float[rows.size()][k];
        float[][] plainPositive = new float[rows.size()][k];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < k; j++) {
                float mask = rows.mask(i, j);
                float t = rows.target()[i][j];
                plainPositive[i][j] = mask * t;
                positive[i][j] = plainPositive[i][j] * (rows.positiveWeight() == null ? 1f : rows.positiveWeight()[j]);
                negative[i][j] = mask * (1 - t);
            }
        }
        float[] vx = gather(rows.x(), split.evaluated(), 0, evalSize);
        float[] vPositive = gather(plainPositive, split.evaluated(), 0, evalSize);
        float[] vNegative = gather(negative, split.evaluated(), 0, evalSize);

        TorchEngine.seeded(seed);
        List<Integer> widths = new ArrayList<>();
        widths.add(d);
        widths.addAll(o.hidden());
        widths.add(k);
        StackedMembers block = new StackedMembers(count, widths, o.dropout());
        try (Model model = Model.newInstance("vibenet", Device.cpu(), TorchEngine.name())) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new NoLoss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(o.learningRate()))
                            .optWeightDecays(o.weightDecay())
                            .build())
                    .optInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT)
                    .optInitializer(Initializer.ZEROS, Parameter.Type.BIAS)
                    .optDevices(new Device[]{Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(count, o.batchSize(), d));
                block.xavier(seed);
                float[][] params = block.values();
                float[][] best = params;
                double[] bestLoss = new double[count];
                Arrays.fill(bestLoss, Double.POSITIVE_INFINITY);
                int[] bestEpoch = new int[count];
                boolean[] done = new boolean[count];
                float[] lastLoss = new float[count];
                int memberEpochs = 0;
                int[] active = new int[count]; // members still training: only these are computed
                for (int m = 0; m < count; m++) {
                    active[m] = m;
                }
                int epoch;
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDArray evalX = scope.create(vx, new Shape(count, evalSize, d));
                    NDArray evalPositive = scope.create(vPositive, new Shape(count, evalSize, k));
                    NDArray evalNegative = scope.create(vNegative, new Shape(count, evalSize, k));
                    NDArray members = null; // the active members' indices, null while all are active
                    SplittableRandom[] dropping = new SplittableRandom[count]; // each member its own dropout draws
                    for (int m = 0; m < count; m++) {
                        dropping[m] = new SplittableRandom(memberSeed(seed, m) * 31 + 17);
                    }
                    NDArray activeEvalX = evalX;
                    NDArray activeEvalPositive = evalPositive;
                    NDArray activeEvalNegative = evalNegative;
                    for (epoch = 1; epoch <= o.maxEpochs(); epoch++) {
                        int a = active.length;
                        memberEpochs += a;
                        int[][] perm = new int[a][];
                        for (int j = 0; j < a; j++) {
                            int m = active[j];
                            perm[j] = epochRows(split.trainFixed()[m], split.trainPool()[m], poolPerEpoch, random[m]);
                        }
                        for (int start = 0; start < epochSize; start += o.batchSize()) {
                            int size = Math.min(o.batchSize(), epochSize - start);
                            try (NDManager batch = trainer.getManager().newSubManager()) {
                                NDArray bx = batch.create(gather(rows.x(), perm, start, size), new Shape(a, size, d));
                                NDArray bp = batch.create(gather(positive, perm, start, size), new Shape(a, size, k));
                                NDArray bn = batch.create(gather(negative, perm, start, size), new Shape(a, size, k));
                                NDList in = new NDList(bx);
                                if (members != null) {
                                    in.add(members);
                                }
                                block.dropoutMasks(batch, active, size, dropping, in);
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDArray z = trainer.forward(in).singletonOrThrow();
                                    // each member's mean over its songs and outputs, summed over the members (no Java
                                    // number in an operation the gradient passes: see TorchEngine.softplus)
                                    NDArray loss = bp.mul(TorchEngine.softplus(z.neg())).add(bn.mul(TorchEngine.softplus(z)))
                                            .mean(new int[]{2}).mean(new int[]{1}).sum();
                                    gc.backward(loss);
                                }
                                trainer.step();
                            }
                        }
                        float[] losses;
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray z = trainer.evaluate(members == null ? new NDList(activeEvalX) : new NDList(activeEvalX, members)).singletonOrThrow();
                            // plain cross-entropy per member: the honest measure of its probabilities
                            NDArray ce = activeEvalPositive.mul(TorchEngine.softplus(z.neg())).add(activeEvalNegative.mul(TorchEngine.softplus(z)));
                            losses = ce.mean(new int[]{2}).mean(new int[]{1}).toFloatArray();
                        }
                        boolean improved = false;
                        boolean stopped = false;
                        for (int j = 0; j < a; j++) {
                            int m = active[j];
                            lastLoss[m] = losses[j];
                            if (losses[j] < bestLoss[m] - 1e-5) {
                                bestLoss[m] = losses[j];
                                bestEpoch[m] = epoch;
                                improved = true;
                            } else if (epoch - bestEpoch[m] >= o.patience()) {
                                done[m] = true;
                                stopped = true;
                            }
                        }
                        if (improved) {
                            float[][] now = block.values();
                            if (best == params) {
                                best = now;
                            } else {
                                for (int m : active) {
                                    if (bestEpoch[m] == epoch) {
                                        block.copyMember(now, best, m);
                                    }
                                }
                            }
                        }
                        double meanLoss = 0;
                        for (float l : lastLoss) {
                            meanLoss += l / count;
                        }
                        progress.epoch(epoch, o.maxEpochs(), Double.NaN, meanLoss);
                        if (stopped) {
                            // a member whose patience ran out is dropped from the computation: later steps train the others only
                            active = Arrays.stream(active).filter(m -> !done[m]).toArray();
                            if (active.length == 0) {
                                break;
                            }
                            if (members != null) {
                                members.close();
                            }
                            members = scope.create(Arrays.stream(active).asLongStream().toArray());
                            members.setName(StackedMembers.MEMBERS);
                            if (activeEvalX != evalX) {
                                activeEvalX.close();
                                activeEvalPositive.close();
                                activeEvalNegative.close();
                            }
                            activeEvalX = evalX.get(members);
                            activeEvalPositive = evalPositive.get(members);
                            activeEvalNegative = evalNegative.get(members);
                        }
                    }
                }
                return new Fit(block.members(best), split.heldOut(), Math.min(epoch, o.maxEpochs()), bestEpoch, memberEpochs);
            }
        }
    }

    /** One epoch's rows of a member, shuffled: all its fixed rows and a fresh sample of {@code poolRows} of its pool. */
    private static int[] epochRows(int[] fixed, int[] pool, int poolRows, Random random) {
        int[] out = Arrays.copyOf(fixed, fixed.length + poolRows);
        if (poolRows > 0) {
            int[] drawn = pool.clone();
            for (int j = 0; j < poolRows; j++) { // a partial shuffle: the first poolRows of a random order
                int pick = j + random.nextInt(drawn.length - j);
                int t = drawn[j];
                drawn[j] = drawn[pick];
                drawn[pick] = t;
                out[fixed.length + j] = drawn[j];
            }
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Rows {@code idx[m][start..start+size)} of {@code data} for every member m, laid out [member, row, column]. */
    private static float[] gather(float[][] data, int[][] idx, int start, int size) {
        int width = data[0].length;
        float[] out = new float[idx.length * size * width];
        int p = 0;
        for (int[] member : idx) {
            for (int i = start; i < start + size; i++) {
                System.arraycopy(data[member[i]], 0, out, p, width);
                p += width;
            }
        }
        return out;
    }

    /** The loss is computed in the training loop; the trainer's config needs one all the same. */
    private static final class NoLoss extends Loss {
        NoLoss() {
            super("none");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            throw new UnsupportedOperationException("computed in the training loop");
        }
    }
}
