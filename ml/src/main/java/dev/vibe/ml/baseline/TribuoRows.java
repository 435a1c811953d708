package dev.vibe.ml.baseline;

import dev.vibe.common.schema.FeatureSchema;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Songs as Tribuo sees them in the forests (the random-forest baseline here, the study's bagged forest): one
 * yes/no label per playlist, the 13 raw features by name with a missing value as -1 (trees are unaffected by scale),
 * and Tribuo's per-tree INFO logging turned down once.
 */
public final class TribuoRows {

    public static final LabelFactory LABELS = new LabelFactory();
    private static final String YES = "yes";
    private static final String[] NAMES = FeatureSchema.keys().toArray(String[]::new);
    /** Tribuo logs every tree at INFO through java.util.logging; a strong reference keeps the level set. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private TribuoRows() {
    }

    /** The label of a song for one playlist: on it or not. */
    public static Label label(boolean onPlaylist) {
        return new Label(onPlaylist ? YES : "no");
    }

    /** A song's raw features as an example; NaN (missing) becomes -1, as does any feature {@code leftOut} names by index. */
    public static Example<Label> example(double[] raw, Label label, int leftOut) {
        double[] v = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            v[j] = Double.isNaN(raw[j]) || j == leftOut ? -1 : raw[j];
        }
        return new ArrayExample<>(label, NAMES, v);
    }

    /** The share of trees that say "on the playlist". */
    public static double yes(Prediction<Label> prediction) {
        Label yes = prediction.getOutputScores().get(YES);
        return yes == null ? 0 : yes.getScore();
    }
}
