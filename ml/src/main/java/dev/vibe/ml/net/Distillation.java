package dev.vibe.ml.net;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.encoding.QuantileEncoding;

import java.util.Random;

/**
 * The student: one network distilled from the ensemble ({@link VibeNetOptions.Serve#DISTILLED}), trained on the
 * ensemble's mean probabilities, optionally mixed with a random forest's ({@link VibeNetOptions.Student#forestShare()}).
 */
final class Distillation {

    private Distillation() {
    }

    /**
     * One network trained on the ensemble's mean probabilities (soft targets, unweighted cross-entropy) over the
     * playlist songs, synthetic songs between them and the background songs, with its own encoding; the ensemble's
     * calibration applies.
     */
    static VibeNet distil(VibeNetTrainer.Ensemble e, VibeNetOptions o, double[][] calibration, RandomForest forest) {
        VibeNetOptions.Student st = o.student();
        Random random = new Random(o.seed() + 104_729);
        int p = e.playlists();
        int background = e.raw().length - p;
        int synthetic = p * st.synthetic();
        double[][] songs = new double[p + synthetic + background][];
        System.arraycopy(e.raw(), 0, songs, 0, p);
        for (int i = p; i < p + synthetic; i++) {
            double[] song = e.raw()[random.nextInt(p)].clone();
            double[] other = e.raw()[random.nextInt(p)];
            for (Feature f : FeatureEncoding.CONTINUOUS) {
                if (random.nextDouble() < 0.3) {
                    song[f.index()] = other[f.index()];
                }
            }
            songs[i] = song;
        }
        System.arraycopy(e.raw(), p, songs, p + synthetic, background);
        VibeNet teacher = e.members();
        float[][] soft = toFloat(DjlPredictor.meanWithDjl(teacher.members(), teacher.encoding().encode(songs)));
        int k = teacher.playlists();
        if (forest != null && st.forestShare() > 0) {
            double[][] f = forest.predict(songs);
            double share = st.forestShare();
            for (int i = 0; i < songs.length; i++) {
                for (int j = 0; j < k; j++) {
                    int c = VibeNet.Columns.conditional(k, j);
                    soft[i][c] = (float) ((1 - share) * soft[i][c] + share * f[i][j]);
                }
            }
        }
        QuantileEncoding encoding = QuantileEncoding.fit(e.encoded(), st.quantiles(), teacher.encoding().ramps(), teacher.encoding().timeSignature());
        VibeNetOptions so = new VibeNetOptions(1, st.hidden(), 0.1f, st.quantiles(), teacher.encoding().ramps(), Math.min(st.maxEpochs(), o.maxEpochs()),
                o.patience(), o.validation(), st.batchSize(), st.learningRate(), o.weightDecay(), o.maxPositiveWeight(), VibeNetOptions.Serve.MEMBERS, 1,
                VibeNetOptions.Calibration.NONE, st, o.openSet(), o.seed() + 7919);
        double perFixed = background == 0 ? 0 : o.openSet().studentBackgroundPerSong() / (1 + st.synthetic());
        EnsembleFit.Rows rows = new EnsembleFit.Rows(encoding.encode(songs), soft, null, null, p + synthetic, perFixed);
        EnsembleFit.Fit student = EnsembleFit.fit(rows, 1, so, so.seed(), TrainingProgress.NONE);
        return new VibeNet(encoding, teacher.standardisation(), student.members(), calibration[0], calibration[1], o.openSet().combination());
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
}
