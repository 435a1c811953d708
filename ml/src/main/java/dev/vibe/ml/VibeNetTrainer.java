package dev.vibe.ml;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import dev.vibe.common.model.FeatureEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Trains the vibe network with DJL on the PyTorch engine, offline, one intra-op thread, seeded.
 *
 * <p>An ensemble of members is trained as ONE block whose weights are 3-D ({@code [member, in, out]}): each step
 * is a batched matrix product over all members at once, each member seeing its own batch of its own training
 * songs; each member has its own seed, its own random validation split, and its own early stopping (the best
 * weights on its validation songs are kept). This takes about as many steps as training one network.
 *
 * <p>Member: Linear-ReLU-Dropout-Linear-ReLU-Dropout-Linear, one logit per playlist; loss: sigmoid cross-entropy
 * with each playlist's positives weighted by neg/pos (capped); Adam with weight decay; Xavier-uniform init.
 * Optionally the ensemble is distilled into one network trained on the ensemble's probabilities; optionally a
 * temperature per playlist is fitted on the songs each member held out (see {@link Result}).
 */
public final class VibeNetTrainer {

    private VibeNetTrainer() {
    }

    /**
     * The served model and how training went.
     *
     * @param ensemble   all trained members (uncalibrated): the reference the served model is measured against
     * @param bestEpochs each member's best epoch
     */
    public record Result(VibeNet network, VibeNet ensemble, int epochs, int[] bestEpochs, long millis) {
    }

    /**
     * Members trained together: their layers, the songs each held out, best epochs, and how many member-epochs were
     * computed (a member is computed until its patience runs out, not for as long as the slowest member).
     */
    record Fit(List<List<Network.Layer>> members, int[][] validation, int epochs, int[] bestEpochs, int memberEpochs) {
    }

    /** The trained ensemble before anything is chosen for serving: the encoded training songs and the members. */
    public record Ensemble(VibeNet members, Fit fit, double[][] raw, float[][] x, float[][] y, long millis) {
    }

    public static Result train(LabeledSongs data, VibeNetOptions o, TrainingProgress progress) {
        return serve(ensemble(data, o, progress), o);
    }

    /** Fits the encoding on the training songs and trains all members together. */
    public static Ensemble ensemble(LabeledSongs data, VibeNetOptions o, TrainingProgress progress) {
        long t0 = System.nanoTime();
        QuantileEncoding encoding = QuantileEncoding.fit(data.features(), o.quantiles(), o.ramps());
        FeatureEncoding standardisation = FeatureEncoding.fit(data.features());
        float[][] x = encoding.encode(data.featureMatrix());
        float[][] y = MlpTrainer.labels(data);
        float[] positiveWeight = MlpTrainer.positiveWeights(data, o.maxPositiveWeight());
        Fit fit = fit(x, y, positiveWeight, o.members(), o, o.seed(), progress);
        return new Ensemble(new VibeNet(encoding, standardisation, fit.members(), ones(data.width()), new double[data.width()]), fit,
                data.featureMatrix(), x, y, (System.nanoTime() - t0) / 1_000_000);
    }

    /** What gets served from a trained ensemble ({@link VibeNetOptions#serve()}, calibration), as one network. */
    public static Result serve(Ensemble e, VibeNetOptions o) {
        long t0 = System.nanoTime();
        VibeNet ensemble = e.members();
        double[][] calibration = calibration(o.calibration(), e.fit(), e.x(), e.y());
        VibeNet network;
        if (o.serve() == VibeNetOptions.Serve.DISTILLED) {
            network = distil(e, o, calibration);
        } else {
            List<List<Network.Layer>> served = ensemble.members().subList(0, Math.min(o.servedMembers(), ensemble.members().size()));
            network = new VibeNet(ensemble.encoding(), ensemble.standardisation(), List.copyOf(served), calibration[0], calibration[1]);
        }
        return new Result(network, ensemble, e.fit().epochs(), e.fit().bestEpochs(), e.millis() + (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * One network trained on the ensemble's mean probabilities (soft targets, unweighted cross-entropy) over the
     * training songs and synthetic songs between them, with its own encoding; the ensemble's calibration applies.
     */
    static VibeNet distil(Ensemble e, VibeNetOptions o, double[][] calibration) {
        VibeNetOptions.Student st = o.student();
        Random random = new Random(o.seed() + 104_729);
        int n = e.raw().length;
        double[][] songs = new double[n * (1 + st.synthetic())][];
        System.arraycopy(e.raw(), 0, songs, 0, n);
        for (int i = n; i < songs.length; i++) {
            double[] song = e.raw()[random.nextInt(n)].clone();
            double[] other = e.raw()[random.nextInt(n)];
            for (dev.vibe.common.schema.Feature f : FeatureEncoding.CONTINUOUS) {
                if (random.nextDouble() < 0.3) {
                    song[f.index()] = other[f.index()];
                }
            }
            songs[i] = song;
        }
        VibeNet teacher = e.members();
        float[][] soft = toFloat(meanWithDjl(teacher.members(), teacher.encoding().encode(songs)));
        QuantileEncoding encoding = QuantileEncoding.fit(java.util.Arrays.asList(e.raw()), st.quantiles(), teacher.encoding().ramps());
        VibeNetOptions so = new VibeNetOptions(1, st.hidden(), 0.1f, st.quantiles(), teacher.encoding().ramps(), Math.min(st.maxEpochs(), o.maxEpochs()),
                o.patience(), o.validation(), st.batchSize(), st.learningRate(), o.weightDecay(), o.maxPositiveWeight(), VibeNetOptions.Serve.MEMBERS, 1,
                VibeNetOptions.Calibration.NONE, st, o.seed() + 7919);
        Fit student = fit(encoding.encode(songs), soft, null, 1, so, so.seed(), TrainingProgress.NONE);
        return new VibeNet(encoding, teacher.standardisation(), student.members(), calibration[0], calibration[1]);
    }

    /**
     * Calibration per playlist, {scale[], shift[]}, fitted on held-out predictions: each training song is scored by
     * the mean of the members that held it out (songs no member held out are skipped); the fit minimises the
     * cross-entropy of sigmoid(scale * logit(p) + shift) against the song's labels.
     */
    static double[][] calibration(VibeNetOptions.Calibration how, Fit fit, float[][] x, float[][] y) {
        int n = x.length;
        int k = y[0].length;
        double[][] out = {ones(k), new double[k]};
        if (how == VibeNetOptions.Calibration.NONE) {
            return out;
        }
        double[][] sum = new double[n][k];
        int[] count = new int[n];
        for (int m = 0; m < fit.members().size(); m++) {
            for (int i : fit.validation()[m]) {
                double[] p = VibeNet.forward(fit.members().get(m), x[i]);
                for (int j = 0; j < k; j++) {
                    sum[i][j] += p[j];
                }
                count[i]++;
            }
        }
        for (int j = 0; j < k; j++) {
            List<double[]> pairs = new ArrayList<>(); // {logit of the held-out probability, label}
            for (int i = 0; i < n; i++) {
                if (count[i] > 0) {
                    pairs.add(new double[]{VibeNet.logit(sum[i][j] / count[i]), y[i][j]});
                }
            }
            if (pairs.size() < 20) {
                continue;
            }
            if (how == VibeNetOptions.Calibration.TEMPERATURE) {
                out[0][j] = 1 / bestTemperature(pairs);
            } else {
                double[] ab = platt(pairs);
                out[0][j] = ab[0];
                out[1][j] = ab[1];
            }
        }
        return out;
    }

    /** Golden-section search over log T in [ln 0.25, ln 4]. */
    static double bestTemperature(List<double[]> pairs) {
        double a = Math.log(0.25);
        double b = Math.log(4);
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        for (int it = 0; it < 60; it++) {
            if (crossEntropy(pairs, 1 / Math.exp(c), 0) < crossEntropy(pairs, 1 / Math.exp(d), 0)) {
                b = d;
            } else {
                a = c;
            }
            c = b - g * (b - a);
            d = a + g * (b - a);
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * Platt scaling: logistic regression of the label on the logit, by Newton's method with step halving (the loss
     * never rises), with Platt's smoothed targets ((positives + 1) / (positives + 2) and 1 / (negatives + 2)) so a
     * separable playlist stays finite. The slope stays in [0.05, 20]: calibration never reverses or flattens a ranking.
     */
    static double[] platt(List<double[]> pairs) {
        int pos = (int) pairs.stream().filter(p -> p[1] > 0.5).count();
        int neg = pairs.size() - pos;
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double a = 1;
        double b = 0;
        double loss = smoothedLoss(pairs, a, b, hi, lo);
        for (int it = 0; it < 100; it++) {
            double gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9;
            for (double[] p : pairs) {
                double t = p[1] > 0.5 ? hi : lo;
                double q = 1 / (1 + Math.exp(-(a * p[0] + b)));
                double r = q - t;
                double w = q * (1 - q);
                gA += r * p[0];
                gB += r;
                hAA += w * p[0] * p[0];
                hAB += w * p[0];
                hBB += w;
            }
            double det = hAA * hBB - hAB * hAB;
            double da = (hBB * gA - hAB * gB) / det;
            double db = (hAA * gB - hAB * gA) / det;
            double step = 1;
            while (step > 1e-6) {
                double na = Math.min(20, Math.max(0.05, a - step * da));
                double nb = b - step * db;
                double nl = smoothedLoss(pairs, na, nb, hi, lo);
                if (nl <= loss) {
                    double moved = Math.abs(na - a) + Math.abs(nb - b);
                    a = na;
                    b = nb;
                    loss = nl;
                    step = moved < 1e-10 ? 0 : step;
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-6) {
                break;
            }
        }
        return new double[]{a, b};
    }

    private static double smoothedLoss(List<double[]> pairs, double a, double b, double hi, double lo) {
        double s = 0;
        for (double[] p : pairs) {
            double z = a * p[0] + b;
            double t = p[1] > 0.5 ? hi : lo;
            double softplusNeg = Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z))); // -log sigmoid(z)
            s += t * softplusNeg + (1 - t) * (softplusNeg + z);
        }
        return s;
    }

    private static double crossEntropy(List<double[]> pairs, double scale, double shift) {
        double s = 0;
        for (double[] py : pairs) {
            double z = scale * py[0] + shift;
            // -log sigmoid(z) for positives, -log(1 - sigmoid(z)) for negatives, computed stably
            double softplusNeg = Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            s += py[1] > 0.5 ? softplusNeg : softplusNeg + z;
        }
        return s / pairs.size();
    }

    /**
     * Trains {@code count} members on encoded songs {@code x} against {@code targets} (0/1 labels, or probabilities
     * when distilling; {@code positiveWeight} null = unweighted).
     */
    static Fit fit(float[][] x, float[][] targets, float[] positiveWeight, int count, VibeNetOptions o, long seed, TrainingProgress progress) {
        int n = x.length;
        int d = x[0].length;
        int k = targets[0].length;
        int validationSize = n >= 20 ? Math.max(1, (int) Math.round(n * o.validation())) : 0;
        int trainSize = n - validationSize;
        int[][] trainIdx = new int[count][];
        int[][] validationIdx = new int[count][];
        Random[] random = new Random[count];
        for (int m = 0; m < count; m++) {
            random[m] = new Random(memberSeed(seed, m));
            int[] order = MlpTrainer.shuffled(n, random[m]);
            validationIdx[m] = validationSize > 0 ? Arrays.copyOfRange(order, 0, validationSize) : order;
            trainIdx[m] = Arrays.copyOfRange(order, validationSize, n);
        }
        int evalSize = validationIdx[0].length;
        float[] vx = gather(x, validationIdx, 0, evalSize, null);
        float[] vy = gather(targets, validationIdx, 0, evalSize, null);

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
                    NDArray w = scope.create(positiveWeight == null ? ones(k, 1f) : positiveWeight);
                    NDArray evalX = scope.create(vx, new Shape(count, evalSize, d));
                    NDArray evalY = scope.create(vy, new Shape(count, evalSize, k));
                    NDArray members = null; // the active members' indices, null while all are active
                    SplittableRandom[] dropping = new SplittableRandom[count]; // each member its own dropout draws
                    for (int m = 0; m < count; m++) {
                        dropping[m] = new SplittableRandom(memberSeed(seed, m) * 31 + 17);
                    }
                    NDArray activeEvalX = evalX;
                    NDArray activeEvalY = evalY;
                    for (epoch = 1; epoch <= o.maxEpochs(); epoch++) {
                        int a = active.length;
                        memberEpochs += a;
                        int[][] perm = new int[a][];
                        for (int j = 0; j < a; j++) {
                            perm[j] = permute(trainIdx[active[j]], random[active[j]]);
                        }
                        for (int start = 0; start < trainSize; start += o.batchSize()) {
                            int size = Math.min(o.batchSize(), trainSize - start);
                            try (NDManager batch = trainer.getManager().newSubManager()) {
                                NDArray bx = batch.create(gather(x, perm, start, size, null), new Shape(a, size, d));
                                NDArray by = batch.create(gather(targets, perm, start, size, null), new Shape(a, size, k));
                                NDList in = new NDList(bx);
                                if (members != null) {
                                    in.add(members);
                                }
                                block.dropoutMasks(batch, active, size, dropping, in);
                                try (GradientCollector gc = trainer.newGradientCollector()) {
                                    NDArray z = trainer.forward(in).singletonOrThrow();
                                    // each member's mean over its songs and playlists, summed over the members (no Java
                                    // number in an operation the gradient passes: see MlpTrainer.softplus)
                                    NDArray loss = by.mul(w).mul(MlpTrainer.softplus(z.neg())).add(by.neg().add(1).mul(MlpTrainer.softplus(z)))
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
                            NDArray ce = activeEvalY.mul(MlpTrainer.softplus(z.neg())).add(activeEvalY.neg().add(1).mul(MlpTrainer.softplus(z)));
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
                                activeEvalY.close();
                            }
                            activeEvalX = evalX.get(members);
                            activeEvalY = evalY.get(members);
                        }
                    }
                }
                return new Fit(block.members(best), validationIdx, Math.min(epoch, o.maxEpochs()), bestEpoch, memberEpochs);
            }
        }
    }

    /** The seed of member {@code m}'s own generators (its validation split and batches, dropout, first weights). */
    static long memberSeed(long seed, int m) {
        return seed * 1_000_003L + m;
    }

    /** Rows {@code idx[m][start..start+size)} of {@code data} for every member m, laid out [member, row, column]. */
    private static float[] gather(float[][] data, int[][] idx, int start, int size, float[] into) {
        int width = data[0].length;
        float[] out = into != null ? into : new float[idx.length * size * width];
        int p = 0;
        for (int[] member : idx) {
            for (int i = start; i < start + size; i++) {
                System.arraycopy(data[member[i]], 0, out, p, width);
                p += width;
            }
        }
        return out;
    }

    private static int[] permute(int[] values, Random random) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    static double[] ones(int k) {
        double[] t = new double[k];
        Arrays.fill(t, 1);
        return t;
    }

    private static float[] ones(int k, float v) {
        float[] t = new float[k];
        Arrays.fill(t, v);
        return t;
    }

    private static float[][] toFloat(double[][] d) {
        float[][] f = new float[d.length][];
        for (int i = 0; i < d.length; i++) {
            f[i] = new float[d[i].length];
            for (int j = 0; j < d[i].length; j++) {
                f[i][j] = (float) d[i][j];
            }
        }
        return f;
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

    /**
     * {@code count} dense networks of the same shape as one block: weights {@code [member, in, out]}, biases
     * {@code [member, 1, out]}, input {@code [member, batch, in]}, output {@code [member, batch, playlists]} (logits).
     */
    static final class StackedMembers extends AbstractBlock {
        private final int count;
        private final List<Integer> widths;
        private final float dropout;
        private final List<Parameter> weights = new ArrayList<>();
        private final List<Parameter> biases = new ArrayList<>();

        /** Name of the optional input that lists the members to compute ({@code [a]} indices, int64). */
        static final String MEMBERS = "members";
        /** Name prefix of the optional inputs that hold the dropout masks of each hidden layer ({@code [a, batch, width]}). */
        static final String MASK = "dropout";

        StackedMembers(int count, List<Integer> widths, float dropout) {
            this.count = count;
            this.widths = List.copyOf(widths);
            this.dropout = dropout;
            for (int l = 0; l + 1 < widths.size(); l++) {
                weights.add(addParameter(Parameter.builder().setName("w" + l).setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(count, widths.get(l), widths.get(l + 1))).build()));
                biases.add(addParameter(Parameter.builder().setName("b" + l).setType(Parameter.Type.BIAS)
                        .optShape(new Shape(count, 1, widths.get(l + 1))).build()));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray a = inputs.get(0);
            NDArray members = null; // indices of the members computed (all when absent)
            NDArray[] masks = new NDArray[weights.size()];
            for (int i = 1; i < inputs.size(); i++) {
                NDArray extra = inputs.get(i);
                if (MEMBERS.equals(extra.getName())) {
                    members = extra;
                } else if (extra.getName() != null && extra.getName().startsWith(MASK)) {
                    masks[Integer.parseInt(extra.getName().substring(MASK.length()))] = extra;
                }
            }
            Device device = a.getDevice();
            for (int l = 0; l < weights.size(); l++) {
                NDArray w = store.getValue(weights.get(l), device, training);
                NDArray b = store.getValue(biases.get(l), device, training);
                if (members != null) {
                    w = w.get(members);
                    b = b.get(members);
                }
                a = a.matMul(w).add(b);
                if (l + 1 < weights.size()) {
                    a = Activation.relu(a);
                    if (training && dropout > 0) {
                        a = a.mul(java.util.Objects.requireNonNull(masks[l], "a training step needs its dropout masks (dropoutMasks)"));
                    }
                }
            }
            return new NDList(a);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            long computed = inputShapes[0].get(0) == 1 ? count : inputShapes[0].get(0); // songs [1, n, d] broadcast to every member
            return new Shape[]{new Shape(computed, inputShapes[0].get(1), widths.get(widths.size() - 1))};
        }

        /**
         * Adds the dropout masks of one training step to {@code inputs}: 0 for a dropped unit, 1 / (1 - p) for a kept
         * one, drawn in Java (4 units per 64-bit draw, p to 1/65536), each member's from its own generator. PyTorch's
         * own dropout draws every unit from one global generator, which costs more than the rest of the forward pass
         * at these sizes, and would tie each member's draws to which other members are still training.
         */
        void dropoutMasks(NDManager manager, int[] members, int batch, SplittableRandom[] random, NDList inputs) {
            if (dropout <= 0) {
                return;
            }
            int threshold = Math.round(dropout * 65_536);
            float keep = 1 / (1 - dropout);
            for (int l = 0; l + 2 < widths.size(); l++) {
                int per = batch * widths.get(l + 1);
                float[] mask = new float[members.length * per];
                for (int j = 0; j < members.length; j++) {
                    SplittableRandom r = random[members[j]];
                    for (int i = j * per, end = i + per; i < end; i += 4) {
                        long bits = r.nextLong();
                        for (int u = i; u < Math.min(i + 4, end); u++, bits >>>= 16) {
                            mask[u] = (bits & 0xFFFF) < threshold ? 0 : keep;
                        }
                    }
                }
                NDArray m = manager.create(mask, new Shape(members.length, batch, widths.get(l + 1)));
                m.setName(MASK + l);
                inputs.add(m);
            }
        }

        /** Xavier-uniform weights, each member's drawn from its own generator (seeded by {@code seed} and its index); zero biases. */
        void xavier(long seed) {
            Random[] random = new Random[count];
            for (int m = 0; m < count; m++) {
                random[m] = new Random(memberSeed(seed, m) + 7_919);
            }
            for (int l = 0; l < weights.size(); l++) {
                int in = widths.get(l);
                int out = widths.get(l + 1);
                double limit = Math.sqrt(6.0 / (in + out));
                float[] w = new float[count * in * out];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((random[i / (in * out)].nextDouble() * 2 - 1) * limit);
                }
                weights.get(l).getArray().set(w);
                biases.get(l).getArray().set(new float[count * out]);
            }
        }

        /** All parameters as flat arrays: w0, b0, w1, b1, ... */
        float[][] values() {
            float[][] v = new float[weights.size() * 2][];
            for (int l = 0; l < weights.size(); l++) {
                v[2 * l] = weights.get(l).getArray().toFloatArray();
                v[2 * l + 1] = biases.get(l).getArray().toFloatArray();
            }
            return v;
        }

        void copyMember(float[][] from, float[][] to, int member) {
            for (int p = 0; p < from.length; p++) {
                int per = from[p].length / count;
                System.arraycopy(from[p], member * per, to[p], member * per, per);
            }
        }

        /** Flat values as one layer list per member ({@code w[out][in]}). */
        List<List<Network.Layer>> members(float[][] v) {
            List<List<Network.Layer>> out = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                List<Network.Layer> layers = new ArrayList<>();
                for (int l = 0; l < weights.size(); l++) {
                    int in = widths.get(l);
                    int width = widths.get(l + 1);
                    float[][] w = new float[width][in];
                    int base = m * in * width;
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < width; o++) {
                            w[o][i] = v[2 * l][base + i * width + o];
                        }
                    }
                    float[] b = Arrays.copyOfRange(v[2 * l + 1], m * width, (m + 1) * width);
                    layers.add(new Network.Layer(w, b));
                }
                out.add(layers);
            }
            return out;
        }
    }

    /** The served probabilities computed by DJL itself (for checking the ONNX export against the engine). */
    public static double[][] predictWithDjl(VibeNet net, double[][] raw) {
        double[][] mean = meanWithDjl(net.members(), net.encoding().encode(raw));
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = net.calibrate(mean[i]);
        }
        return out;
    }

    /** The members' mean probability for encoded songs, computed by DJL as one batched block. */
    static double[][] meanWithDjl(List<List<Network.Layer>> members, float[][] x) {
        int count = members.size();
        List<Integer> widths = new ArrayList<>();
        widths.add(members.get(0).get(0).inputs());
        members.get(0).forEach(l -> widths.add(l.outputs()));
        StackedMembers block = new StackedMembers(count, widths, 0);
        int d = widths.get(0);
        int k = widths.get(widths.size() - 1);
        try (Model model = Model.newInstance("vibenet-forward", Device.cpu(), TorchEngine.name()); NDManager manager = model.getNDManager().newSubManager()) {
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(count, 1, d));
            for (int l = 0; l < block.weights.size(); l++) {
                int in = widths.get(l);
                int out = widths.get(l + 1);
                float[] w = new float[count * in * out];
                float[] b = new float[count * out];
                for (int m = 0; m < count; m++) {
                    Network.Layer layer = members.get(m).get(l);
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            w[m * in * out + i * out + o] = layer.w()[o][i];
                        }
                    }
                    System.arraycopy(layer.b(), 0, b, m * out, out);
                }
                block.weights.get(l).getArray().set(w);
                block.biases.get(l).getArray().set(b);
            }
            // the same songs for every member: [1, n, d] broadcasts against [member, d, out]
            float[] flat = new float[x.length * d];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, flat, i * d, d);
            }
            NDArray z = block.forward(new ParameterStore(manager, false), new NDList(manager.create(flat, new Shape(1, x.length, d))), false)
                    .singletonOrThrow();
            float[] p = Activation.sigmoid(z).mean(new int[]{0}).toFloatArray();
            double[][] out = new double[x.length][k];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < k; j++) {
                    out[i][j] = p[i * k + j];
                }
            }
            return out;
        }
    }
}
