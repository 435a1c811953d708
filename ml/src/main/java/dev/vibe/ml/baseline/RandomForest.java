package dev.vibe.ml.baseline;

import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.Shuffling;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;

/**
 * Baseline: a random forest per playlist (multi-label as independent yes/no forests), with Tribuo's trees
 * (Apache 2.0). Like scikit-learn's default forest: bootstrap samples, Gini, trees grown until leaves are pure,
 * 3 of the 13 raw features tried at each split (sqrt), probability = the trees' mean leaf distribution. Trees
 * are unaffected by scale, so the raw features go in as they are; a missing time signature is -1.
 */
public final class RandomForest {

    /** scikit-learn's 300-tree forest; fewer trees on large data sets (see {@link #treesFor}). */
    public static final int TREES = 300;
    private static final LabelFactory LABELS = TribuoRows.LABELS;

    /** Per playlist, its forest in groups of trees (null for a playlist with nothing to learn). */
    private final List<List<Model<Label>>> forests;
    private final double[] constant;

    private RandomForest(List<List<Model<Label>>> forests, double[] constant) {
        this.forests = forests;
        this.constant = constant;
    }

    /** Above this many training songs a forest grows fewer trees, on a sample of the songs (Tribuo's trees are slow there). */
    public static final int LARGE = 2_000;
    /** The songs a forest of a large data set learns from (a seeded sample). */
    public static final int LARGE_SAMPLE = 3_000;
    /** Trees per playlist on large data sets. */
    public static final int LARGE_TREES = 60;
    /**
     * Trees grown as one unit of work (a Tribuo forest of its own, with its own seeds). A playlist's forest is its
     * groups together: every group has this many trees, so the mean over groups is the mean over all trees.
     */
    public static final int GROUP = 30;

    /** 300 trees per playlist; on more than {@value #LARGE} songs, {@value #LARGE_TREES} trees on a {@value #LARGE_SAMPLE}-song sample. */
    public static RandomForest fit(LabeledSongs data, long seed) {
        return growing(data, TREES, seed).join();
    }

    public static RandomForest fit(LabeledSongs data, int trees, long seed) {
        return new Growth(data, trees, seed).join();
    }

    /**
     * A forest to be grown by {@link Growth#work()} on any threads: {@code trees} per playlist (a multiple of
     * {@value #GROUP}); on more than {@value #LARGE} songs at most {@value #LARGE_TREES}, on a {@value #LARGE_SAMPLE}-song
     * sample.
     */
    public static Growth growing(LabeledSongs data, int trees, long seed) {
        if (data.size() <= LARGE) {
            return new Growth(data, trees, seed);
        }
        int[] order = Shuffling.shuffled(data.size(), new Random(seed));
        return new Growth(data.subset(Arrays.copyOf(order, Math.min(LARGE_SAMPLE, data.size()))), Math.min(trees, LARGE_TREES), seed);
    }

    /**
     * A forest grown a group of {@value #GROUP} trees at a time: every thread that calls {@link #work()} takes the next
     * group not yet taken, so a trainer's threads share the work (the forest's own thread from the start, the
     * training thread once the network is done). Each group has its own seeds, from the forest's seed, its playlist
     * and its number: the forest does not depend on which thread grew which group.
     */
    public static final class Growth {
        private final LabeledSongs data;
        private final long seed;
        private final int groups;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch grown;
        private final List<Model<Label>>[] models; // [playlist][group]
        private final double[] constant;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        @SuppressWarnings("unchecked")
        Growth(LabeledSongs data, int trees, long seed) {
            if (trees % GROUP != 0) {
                throw new IllegalArgumentException("a forest grows groups of " + GROUP + " trees: " + trees + " is not a multiple");
            }
            this.data = data;
            this.seed = seed;
            this.groups = trees / GROUP;
            this.grown = new CountDownLatch(data.width() * groups);
            this.models = new List[data.width()];
            this.constant = new double[data.width()];
            int[] positives = data.positives();
            for (int k = 0; k < data.width(); k++) {
                if (positives[k] == 0 || positives[k] == data.size()) { // nothing to learn: always no (or always yes)
                    constant[k] = positives[k] == 0 ? 0 : 1;
                } else {
                    models[k] = new ArrayList<>(Collections.nCopies(groups, (Model<Label>) null));
                }
            }
        }

        /** Grows groups of trees until none is left to take. */
        public void work() {
            for (int unit; (unit = next.getAndIncrement()) < data.width() * groups; ) {
                try {
                    if (models[unit / groups] != null) {
                        grow(unit / groups, unit % groups);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    grown.countDown();
                }
            }
        }

        /** Takes groups not yet taken, then waits for those other threads are growing. */
        public RandomForest join() {
            work();
            try {
                grown.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the random forest grew", e);
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            List<List<Model<Label>>> forests = new ArrayList<>();
            synchronized (models) {
                for (List<Model<Label>> m : models) {
                    forests.add(m == null ? null : List.copyOf(m));
                }
            }
            return new RandomForest(forests, constant.clone());
        }

        private void grow(int k, int group) {
            List<Example<Label>> examples = new ArrayList<>(data.size());
            for (LabeledSongs.Song s : data.songs()) {
                examples.add(TribuoRows.example(s.features(), TribuoRows.label(s.labels()[k]), -1));
            }
            MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(examples, LABELS,
                    new SimpleDataSourceProvenance("vibe playlist " + k, LABELS)));
            long groupSeed = seed + 31L * k + 1_000_003L * group;
            CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, 3f / FeatureSchema.SIZE, false,
                    new GiniIndex(), groupSeed + 7);
            Model<Label> model = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), GROUP, groupSeed).train(dataset);
            synchronized (models) {
                models[k].set(group, model);
            }
        }
    }

    /** Per song and playlist, the share of the playlist's trees that say yes (their mean leaf distribution). */
    public double[][] predict(double[][] raw) {
        double[][] p = new double[raw.length][forests.size()];
        List<Example<Label>> examples = new ArrayList<>(raw.length);
        for (double[] r : raw) {
            examples.add(TribuoRows.example(r, LabelFactory.UNKNOWN_LABEL, -1));
        }
        for (int k = 0; k < forests.size(); k++) {
            List<Model<Label>> groups = forests.get(k);
            if (groups == null) {
                for (double[] row : p) {
                    row[k] = constant[k];
                }
                continue;
            }
            for (Model<Label> group : groups) {
                List<Prediction<Label>> predictions = group.predict(examples);
                for (int i = 0; i < raw.length; i++) {
                    p[i][k] += TribuoRows.yes(predictions.get(i)) / groups.size();
                }
            }
        }
        return p;
    }

}
