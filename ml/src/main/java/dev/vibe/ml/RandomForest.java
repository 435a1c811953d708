package dev.vibe.ml;

import dev.vibe.common.schema.FeatureSchema;
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
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * Baseline: a random forest per playlist (multi-label as independent yes/no forests), with Tribuo's trees
 * (Apache 2.0). Like scikit-learn's default forest: bootstrap samples, Gini, trees grown until leaves are pure,
 * 3 of the 13 raw features tried at each split (sqrt), probability = the trees' mean leaf distribution. Trees
 * are unaffected by scale, so the raw features go in as they are; a missing time signature is -1.
 */
public final class RandomForest {

    /** scikit-learn's 300-tree forest; fewer trees on large data sets (see {@link #treesFor}). */
    public static final int TREES = 300;
    private static final String YES = "yes";
    private static final String[] NAMES = FeatureSchema.keys().toArray(String[]::new);
    private static final LabelFactory LABELS = new LabelFactory();
    /** Tribuo logs every tree at INFO through java.util.logging; a strong reference keeps the level set. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final List<Model<Label>> forests;
    private final double[] constant;

    private RandomForest(List<Model<Label>> forests, double[] constant) {
        this.forests = forests;
        this.constant = constant;
    }

    /** Above this many training songs a forest grows fewer trees, on a sample of the songs (Tribuo's trees are slow there). */
    public static final int LARGE = 2_000;
    /** The songs a forest of a large data set learns from (a seeded sample). */
    public static final int LARGE_SAMPLE = 3_000;
    /** Trees per playlist on large data sets. */
    public static final int LARGE_TREES = 60;

    /** 300 trees per playlist; on more than {@value #LARGE} songs, {@value #LARGE_TREES} trees on a {@value #LARGE_SAMPLE}-song sample. */
    public static RandomForest fit(LabeledSongs data, long seed) {
        if (data.size() <= LARGE) {
            return fit(data, TREES, seed);
        }
        int[] order = MlpTrainer.shuffled(data.size(), new java.util.Random(seed));
        return fit(data.subset(java.util.Arrays.copyOf(order, Math.min(LARGE_SAMPLE, data.size()))), LARGE_TREES, seed);
    }

    public static RandomForest fit(LabeledSongs data, int trees, long seed) {
        List<Model<Label>> forests = new ArrayList<>();
        double[] constant = new double[data.width()];
        int[] positives = data.positives();
        for (int k = 0; k < data.width(); k++) {
            if (positives[k] == 0 || positives[k] == data.size()) { // nothing to learn: always no (or always yes)
                forests.add(null);
                constant[k] = positives[k] == 0 ? 0 : 1;
                continue;
            }
            List<Example<Label>> examples = new ArrayList<>(data.size());
            for (LabeledSongs.Song s : data.songs()) {
                examples.add(example(s.features(), new Label(s.labels()[k] ? YES : "no")));
            }
            MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(examples, LABELS,
                    new SimpleDataSourceProvenance("vibe playlist " + k, LABELS)));
            CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, 3f / FeatureSchema.SIZE, false,
                    new GiniIndex(), seed + k);
            RandomForestTrainer<Label> forest = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), trees, seed + 31L * k);
            forests.add(forest.train(dataset));
        }
        return new RandomForest(forests, constant);
    }

    public double[][] predict(double[][] raw) {
        double[][] p = new double[raw.length][forests.size()];
        List<Example<Label>> examples = new ArrayList<>(raw.length);
        for (double[] r : raw) {
            examples.add(example(r, LabelFactory.UNKNOWN_LABEL));
        }
        for (int k = 0; k < forests.size(); k++) {
            Model<Label> forest = forests.get(k);
            if (forest == null) {
                for (double[] row : p) {
                    row[k] = constant[k];
                }
                continue;
            }
            List<Prediction<Label>> predictions = forest.predict(examples);
            for (int i = 0; i < raw.length; i++) {
                Label yes = predictions.get(i).getOutputScores().get(YES);
                p[i][k] = yes == null ? 0 : yes.getScore();
            }
        }
        return p;
    }

    private static Example<Label> example(double[] raw, Label label) {
        double[] v = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            v[j] = Double.isNaN(raw[j]) ? -1 : raw[j];
        }
        return new ArrayExample<>(label, NAMES, v);
    }
}
