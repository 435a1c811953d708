package dev.vibe.study;

import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.baseline.TribuoRows;
import dev.vibe.common.schema.Feature;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.encoding.QuantileEncoding;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random-forest baseline of the open-set benchmark, grown tree by tree from Tribuo's CART trees with the bootstrap
 * samples drawn here, so that each training song also gets its out-of-bag probability (the mean over the trees whose
 * sample left it out): what a forest says of a song it did not learn from, to name a playlist's misfits. As
 * {@link RandomForest}: per playlist, bootstrap samples, Gini, trees grown until leaves are pure, 3 of the 13 raw
 * features tried at each split; a missing time signature is -1. Background songs are rows on no playlist.
 */
final class BaggedForest {

    private static final LabelFactory LABELS = TribuoRows.LABELS;

    private final List<List<Model<Label>>> trees; // [playlist][tree]
    /** [song][playlist], NaN where every tree's sample held the song */
    private final double[][] outOfBag;

    /** Whether the trees see time signature (false: it is -1 for every song, as {@link QuantileEncoding#timeSignature()}). */
    private final boolean timeSignature;

    private BaggedForest(List<List<Model<Label>>> trees, double[][] outOfBag, boolean timeSignature) {
        this.trees = trees;
        this.outOfBag = outOfBag;
        this.timeSignature = timeSignature;
    }

    /**
     * @param raw    training songs' raw features (playlist songs and background songs)
     * @param labels their playlists (a background song: none)
     */
    static BaggedForest grow(double[][] raw, boolean[][] labels, int playlists, int trees, long seed, boolean timeSignature) {
        int n = raw.length;
        List<List<Model<Label>>> forest = new ArrayList<>();
        double[][] oobSum = new double[n][playlists];
        int[][] oobCount = new int[n][playlists];
        List<Example<Label>> unknown = new ArrayList<>(n);
        for (double[] r : raw) {
            unknown.add(TribuoRows.example(r, LabelFactory.UNKNOWN_LABEL, timeSignature ? -1 : Feature.TIME_SIGNATURE.index()));
        }
        for (int k = 0; k < playlists; k++) {
            List<Model<Label>> models = new ArrayList<>();
            Random random = new Random(seed * 31 + k);
            for (int t = 0; t < trees; t++) {
                boolean[] inBag = new boolean[n];
                List<Example<Label>> sample = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int pick = random.nextInt(n);
                    inBag[pick] = true;
                    sample.add(TribuoRows.example(raw[pick], TribuoRows.label(labels[pick][k]), timeSignature ? -1 : Feature.TIME_SIGNATURE.index()));
                }
                MutableDataset<Label> data = new MutableDataset<>(new ListDataSource<>(sample, LABELS, new SimpleDataSourceProvenance("bag", LABELS)));
                if (data.getOutputInfo().size() < 2) {
                    continue; // a sample with one class only: nothing to split
                }
                Model<Label> tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, 3f / FeatureSchema.SIZE, false, new GiniIndex(),
                        random.nextLong()).train(data);
                models.add(tree);
                List<Example<Label>> out = new ArrayList<>();
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!inBag[i]) {
                        out.add(unknown.get(i));
                        at.add(i);
                    }
                }
                List<Prediction<Label>> predictions = tree.predict(out);
                for (int j = 0; j < at.size(); j++) {
                    oobSum[at.get(j)][k] += TribuoRows.yes(predictions.get(j));
                    oobCount[at.get(j)][k]++;
                }
            }
            forest.add(models);
        }
        double[][] oob = new double[n][playlists];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < playlists; k++) {
                oob[i][k] = oobCount[i][k] == 0 ? Double.NaN : oobSum[i][k] / oobCount[i][k];
            }
        }
        return new BaggedForest(forest, oob, timeSignature);
    }

    /** Per song and playlist, the mean over the playlist's trees of the leaf's share of yes. */
    double[][] predict(double[][] raw) {
        double[][] p = new double[raw.length][trees.size()];
        List<Example<Label>> examples = new ArrayList<>(raw.length);
        for (double[] r : raw) {
            examples.add(TribuoRows.example(r, LabelFactory.UNKNOWN_LABEL, timeSignature ? -1 : Feature.TIME_SIGNATURE.index()));
        }
        for (int k = 0; k < trees.size(); k++) {
            for (Model<Label> tree : trees.get(k)) {
                List<Prediction<Label>> predictions = tree.predict(examples);
                for (int i = 0; i < raw.length; i++) {
                    p[i][k] += TribuoRows.yes(predictions.get(i)) / trees.get(k).size();
                }
            }
        }
        return p;
    }

    double[][] outOfBag() {
        return outOfBag;
    }


}
