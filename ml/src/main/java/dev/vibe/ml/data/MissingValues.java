package dev.vibe.ml.data;

import dev.vibe.common.schema.Feature;
import dev.vibe.ml.encoding.QuantileEncoding;

import java.util.Random;

/**
 * Missing values are not a label. Time signature is the one feature a source may leave out (the TidyTuesday catalogue
 * and ReccoBeats have none, exports do): if the background songs lack it and the playlists' songs have it, a network
 * learns "no time signature = not on any playlist", and a playlist song from ReccoBeats would be judged by its source.
 * Hiding time signatures until every group (each playlist, the background) lacks as many is not enough: within a
 * group the songs that lack it come from one source and sound like it (the background's catalogue songs against the
 * listener's own songs), so the network still reads the source from whether the value is there.
 *
 * <p>So time signature is learned from only when nearly every song of every group has one (at most
 * {@value #MAX_MISSING_SHARE} of a group without); then {@value #HIDDEN_SHARE} of all songs, drawn at random whatever
 * their group, have it hidden while training, so the network learns what a song without one is like. Otherwise the
 * encoding leaves time signature out ({@link QuantileEncoding#timeSignature()}) and a given time signature changes
 * nothing.
 */
public final class MissingValues {

    /** A group may lack this share of time signatures, and time signature is still learned from. */
    public static final double MAX_MISSING_SHARE = 0.05;
    /** Share of all songs whose time signature is hidden while training (when it is learned from). */
    public static final double HIDDEN_SHARE = 0.15;

    private MissingValues() {
    }

    /**
     * Songs as trained on.
     *
     * @param missingShare the largest share of songs without a time signature in any group, as given
     */
    public record Prepared(double[][] raw, boolean timeSignatureUsed, double missingShare) {
    }

    /**
     * @param raw   raw features (not changed)
     * @param group each song's group (0 .. groups-1): a playlist, or the background
     */
    public static Prepared forTraining(double[][] raw, int[] group, int groups, long seed) {
        int ts = Feature.TIME_SIGNATURE.index();
        int[] size = new int[groups];
        int[] missing = new int[groups];
        for (int i = 0; i < raw.length; i++) {
            size[group[i]]++;
            missing[group[i]] += Double.isNaN(raw[i][ts]) ? 1 : 0;
        }
        double share = 0;
        for (int g = 0; g < groups; g++) {
            if (size[g] > 0) {
                share = Math.max(share, (double) missing[g] / size[g]);
            }
        }
        double[][] out = new double[raw.length][];
        System.arraycopy(raw, 0, out, 0, raw.length);
        if (share > MAX_MISSING_SHARE) {
            return new Prepared(out, false, share);
        }
        Random random = new Random(seed * 31 + 7);
        for (int i = 0; i < raw.length; i++) {
            if (random.nextDouble() < HIDDEN_SHARE && !Double.isNaN(raw[i][ts])) {
                double[] song = raw[i].clone();
                song[ts] = Double.NaN;
                out[i] = song;
            }
        }
        return new Prepared(out, true, share);
    }
}
