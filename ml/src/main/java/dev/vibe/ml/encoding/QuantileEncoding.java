package dev.vibe.ml.encoding;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.MissingValues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The network's input encoding, fitted on the training songs only. Each of the 10 continuous features becomes
 * 1 + {@code ramps} columns, all piecewise linear in the raw value:
 * <ul>
 *   <li>u, the feature's training quantile: interpolated over knots at {@code quantiles + 1} evenly spaced
 *   probabilities (equal knots, e.g. many instrumentalness = 0, merged into one with the mean of their
 *   probabilities); constant outside the knots; a constant feature has u = 0.5;</li>
 *   <li>column z, the normal score of u (interpolated over the knots' inverse-normal probabilities, clipped to
 *   [0.5/n, 1 - 0.5/n]);</li>
 *   <li>{@code ramps} columns clip(ramps * u - t, 0, 1), t = 0 .. ramps-1: where in its distribution the value lies.</li>
 * </ul>
 * Then mode == 1, then time_signature one-hot over {3, 4, 5} (missing or rare = all zeros; always zeros when the
 * training songs could not teach it: see {@link MissingValues}). Key is left out: in
 * the design study a one-hot key made the network worse. Column order: the 10 z values, each feature's ramps in
 * turn, mode, time signatures.
 *
 * <p>Every continuous column is a piecewise-linear function of one feature with the same breakpoints (the knots
 * and the points where u crosses t / ramps), so the encoding is exactly {@code value(b0) + sum_j delta_j * h_j}
 * over the segment fills {@code h_j = clip((x - b_j) / (b_j+1 - b_j), 0, 1)}: that is how the ONNX graph computes
 * it, and the network's first layer absorbs the sum. Breakpoints are float values, so Java and the graph cut
 * the same segments.
 *
 * @param grids         one per continuous feature, in {@link FeatureEncoding#CONTINUOUS} order
 * @param timeSignature whether the time-signature columns carry the song's time signature (false: always zeros)
 */
public record QuantileEncoding(int quantiles, int ramps, List<Grid> grids, boolean timeSignature) {

    /** The time signatures that get a column. */
    public static final double[] TIME_SIGNATURES = {3, 4, 5};

    /**
     * One feature's breakpoints and the value of each of its columns at each breakpoint.
     *
     * @param values {@code values[breakpoint][column]}, column 0 = z, then the ramps
     */
    public record Grid(int feature, double[] breakpoints, double[][] values) {

        /** The feature's columns at raw value {@code x}. */
        void columns(double x, double[] out) {
            int last = breakpoints.length - 1;
            if (last == 0 || x <= breakpoints[0]) {
                System.arraycopy(values[0], 0, out, 0, out.length);
                return;
            }
            if (x >= breakpoints[last]) {
                System.arraycopy(values[last], 0, out, 0, out.length);
                return;
            }
            int i = Arrays.binarySearch(breakpoints, x);
            int lo = i >= 0 ? i : -i - 2;
            int hi = Math.min(lo + 1, last);
            double t = hi == lo ? 0 : (x - breakpoints[lo]) / (breakpoints[hi] - breakpoints[lo]);
            for (int c = 0; c < out.length; c++) {
                out[c] = values[lo][c] + t * (values[hi][c] - values[lo][c]);
            }
        }

        public int segments() {
            return breakpoints.length - 1;
        }
    }

    public static QuantileEncoding fit(List<double[]> rows, int quantiles, int ramps) {
        return fit(rows, quantiles, ramps, true);
    }

    /** As {@link #fit(List, int, int)}; {@code timeSignature} false leaves the time-signature columns at zero. */
    public static QuantileEncoding fit(List<double[]> rows, int quantiles, int ramps, boolean timeSignature) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to fit the encoding on");
        }
        List<Grid> grids = new ArrayList<>();
        for (Feature f : FeatureEncoding.CONTINUOUS) {
            double[] v = rows.stream().mapToDouble(r -> r[f.index()]).sorted().toArray();
            grids.add(grid(f.index(), v, quantiles, ramps));
        }
        return new QuantileEncoding(quantiles, ramps, grids, timeSignature);
    }

    private static Grid grid(int feature, double[] sorted, int quantiles, int ramps) {
        int n = sorted.length;
        // knots at p_i = i / quantiles (linear interpolation between order statistics), equal ones merged
        List<double[]> knots = new ArrayList<>(); // {x, p}
        List<Integer> merged = new ArrayList<>();
        for (int i = 0; i <= quantiles; i++) {
            double p = (double) i / quantiles;
            double pos = p * (n - 1);
            int a = (int) Math.floor(pos);
            int b = Math.min(n - 1, a + 1);
            double x = (float) (sorted[a] + (pos - a) * (sorted[b] - sorted[a]));
            if (!knots.isEmpty() && knots.get(knots.size() - 1)[0] == x) {
                double[] k = knots.get(knots.size() - 1);
                int c = merged.get(merged.size() - 1);
                k[1] = (k[1] * c + p) / (c + 1);
                merged.set(merged.size() - 1, c + 1);
            } else {
                knots.add(new double[]{x, p});
                merged.add(1);
            }
        }
        int columns = 1 + ramps;
        if (knots.size() == 1) { // a constant feature: u = 0.5, z = 0 everywhere
            return new Grid(feature, new double[]{knots.get(0)[0]}, new double[][]{columnsAt(0.5, 0, ramps)});
        }
        double[] kx = knots.stream().mapToDouble(k -> k[0]).toArray();
        double[] kp = knots.stream().mapToDouble(k -> k[1]).toArray();
        double[] kz = Arrays.stream(kp).map(p -> InverseNormal.of(Math.min(1 - 0.5 / n, Math.max(0.5 / n, p)))).toArray();
        TreeSet<Double> cuts = new TreeSet<>();
        for (double x : kx) {
            cuts.add(x);
        }
        for (int i = 0; i + 1 < kx.length; i++) {
            for (int t = 1; t < ramps; t++) {
                double c = (double) t / ramps;
                if (kp[i] < c && c < kp[i + 1]) {
                    double x = (float) (kx[i] + (c - kp[i]) / (kp[i + 1] - kp[i]) * (kx[i + 1] - kx[i]));
                    if (x > kx[i] && x < kx[i + 1]) {
                        cuts.add(x);
                    }
                }
            }
        }
        double[] breakpoints = cuts.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] values = new double[breakpoints.length][columns];
        for (int j = 0; j < breakpoints.length; j++) {
            double x = breakpoints[j];
            values[j] = columnsAt(interpolate(kx, kp, x), interpolate(kx, kz, x), ramps);
        }
        return new Grid(feature, breakpoints, values);
    }

    private static double[] columnsAt(double u, double z, int ramps) {
        double[] c = new double[1 + ramps];
        c[0] = z;
        for (int t = 0; t < ramps; t++) {
            c[1 + t] = Math.min(1, Math.max(0, ramps * u - t));
        }
        return c;
    }

    private static double interpolate(double[] xs, double[] ys, double x) {
        if (x <= xs[0]) {
            return ys[0];
        }
        if (x >= xs[xs.length - 1]) {
            return ys[ys.length - 1];
        }
        int i = Arrays.binarySearch(xs, x);
        if (i >= 0) {
            return ys[i];
        }
        int lo = -i - 2;
        return ys[lo] + (x - xs[lo]) / (xs[lo + 1] - xs[lo]) * (ys[lo + 1] - ys[lo]);
    }

    /** Encoded width: z and ramps of each continuous feature, mode, time signatures. */
    public int width() {
        return grids.size() * (1 + ramps) + 1 + TIME_SIGNATURES.length;
    }

    /** The encoded column of feature {@code g}'s column {@code c} (0 = z, 1.. = ramps). */
    public int column(int g, int c) {
        return c == 0 ? g : grids.size() + g * ramps + (c - 1);
    }

    /** Index of the mode column; the time-signature columns follow it. */
    public int modeColumn() {
        return grids.size() * (1 + ramps);
    }

    public void encode(double[] raw, float[] out, int offset) {
        double[] cols = new double[1 + ramps];
        for (int g = 0; g < grids.size(); g++) {
            Grid grid = grids.get(g);
            grid.columns((float) raw[grid.feature()], cols);
            for (int c = 0; c < cols.length; c++) {
                out[offset + column(g, c)] = (float) cols[c];
            }
        }
        int m = offset + modeColumn();
        out[m] = raw[Feature.MODE.index()] == 1 ? 1f : 0f;
        double ts = timeSignature ? raw[Feature.TIME_SIGNATURE.index()] : Double.NaN;
        for (int t = 0; t < TIME_SIGNATURES.length; t++) {
            out[m + 1 + t] = ts == TIME_SIGNATURES[t] ? 1f : 0f;
        }
    }

    public float[] encode(double[] raw) {
        float[] out = new float[width()];
        encode(raw, out, 0);
        return out;
    }

    public float[][] encode(double[][] raw) {
        float[][] out = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = encode(raw[i]);
        }
        return out;
    }

    /** Human-readable names of the encoded columns. */
    public List<String> columnNames() {
        String[] names = new String[width()];
        for (int g = 0; g < grids.size(); g++) {
            String f = FeatureSchema.FEATURES.get(grids.get(g).feature()).key();
            names[column(g, 0)] = f + ":z";
            for (int t = 0; t < ramps; t++) {
                names[column(g, 1 + t)] = f + ":ramp" + t;
            }
        }
        names[modeColumn()] = "mode=1";
        for (int t = 0; t < TIME_SIGNATURES.length; t++) {
            names[modeColumn() + 1 + t] = "time_signature=" + (int) TIME_SIGNATURES[t];
        }
        return List.of(names);
    }
}
