package dev.vibe.scoring.service;

import java.util.List;

/**
 * A 2-D principal-component projection: the two directions along which a set of points (the songs as the model
 * sees them, encoded) spread most. Fitted on the training songs; any other song is placed with the same centre and
 * directions. Deterministic: power iteration from a fixed start, each direction's sign set so that its largest
 * weight is positive.
 */
public record Projection(double[] centre, double[][] components, double[] varianceShare) {

    private static final int ITERATIONS = 1000;

    public static Projection fit(List<float[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to project");
        }
        int d = rows.get(0).length;
        double[] centre = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                centre[j] += r[j] / (double) rows.size();
            }
        }
        double[][] cov = new double[d][d];
        for (float[] r : rows) {
            for (int a = 0; a < d; a++) {
                double da = r[a] - centre[a];
                for (int b = 0; b < d; b++) {
                    cov[a][b] += da * (r[b] - centre[b]) / rows.size();
                }
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) {
            total += cov[j][j];
        }
        double[][] components = new double[2][];
        double[] share = new double[2];
        for (int c = 0; c < 2; c++) {
            double[] v = dominant(cov);
            double lambda = dot(v, multiply(cov, v));
            components[c] = v;
            share[c] = total > 0 ? Math.max(0, lambda) / total : 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b]; // deflation: what is left once this direction is taken out
                }
            }
        }
        return new Projection(centre, components, share);
    }

    /** The point's place: {x, y}. */
    public double[] place(float[] row) {
        double[] out = new double[2];
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < centre.length; j++) {
                out[c] += (row[j] - centre[j]) * components[c][j];
            }
        }
        return out;
    }

    private static double[] dominant(double[][] m) {
        int d = m.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1.0 + j * 1e-3; // fixed start, not orthogonal to any axis-aligned direction
        }
        normalise(v);
        for (int i = 0; i < ITERATIONS; i++) {
            double[] next = multiply(m, v);
            if (norm(next) < 1e-12) {
                break; // no variance left
            }
            normalise(next);
            double change = 0;
            for (int j = 0; j < d; j++) {
                change = Math.max(change, Math.abs(next[j] - v[j]));
            }
            v = next;
            if (change < 1e-10) {
                break;
            }
        }
        int largest = 0;
        for (int j = 1; j < d; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        if (v[largest] < 0) {
            for (int j = 0; j < d; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < m.length; a++) {
            out[a] = dot(m[a], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static void normalise(double[] v) {
        double n = norm(v);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }
}
