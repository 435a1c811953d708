package dev.vibe.ml.net;

import java.util.List;

/**
 * Fits the calibration of one output on held-out pairs {@code {logit of the held-out probability, label}}: Platt
 * scaling (slope and intercept) or a temperature.
 */
final class Calibrations {

    private Calibrations() {
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
}
