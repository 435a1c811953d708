package dev.vibe.ml;

import dev.vibe.common.schema.Feature;

import java.util.Random;

/**
 * Missing values are not a label. Time signature is the one feature a source may leave out (the TidyTuesday catalogue
 * and ReccoBeats have none, exports do): if the background songs all lack it and the playlists' songs have it, a network
 * learns "no time signature = not on any playlist", and a playlist song from ReccoBeats would be judged by its source.
 *
 * <p>So before training, each group of songs (each playlist, and the background) gets the same share of missing time
 * signatures: the largest share of any group; in the other groups time signatures are hidden from songs drawn at random
 * (seeded) until their share is that large. Whether a song's time signature is known then says nothing about where it
 * belongs. When a whole group has none, the network cannot learn from time signature at all: the encoding leaves it out
 * ({@link QuantileEncoding#timeSignature()}) and a given time signature changes nothing.
 */
public final class MissingValues {

    private MissingValues() {
    }

    /** Songs as trained on, and whether time signature is used at all. */
    public record Equalised(double[][] raw, boolean timeSignatureUsed, double missingShare) {
    }

    /**
     * @param raw   raw features (not changed)
     * @param group each song's group (0 .. groups-1): a playlist, or the background
     */
    public static Equalised equalise(double[][] raw, int[] group, int groups, long seed) {
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
        if (share == 0) {
            return new Equalised(out, true, 0);
        }
        if (share >= 1) {
            return new Equalised(out, false, 1);
        }
        for (int g = 0; g < groups; g++) {
            int hide = (int) Math.round(share * size[g]) - missing[g];
            if (hide <= 0) {
                continue;
            }
            int known = size[g] - missing[g];
            int[] members = new int[known];
            int n = 0;
            for (int i = 0; i < raw.length; i++) {
                if (group[i] == g && !Double.isNaN(raw[i][ts])) {
                    members[n++] = i;
                }
            }
            Random random = new Random(seed * 31 + g);
            for (int j = 0; j < hide; j++) { // a partial shuffle: the first `hide` of a random order
                int pick = j + random.nextInt(known - j);
                int t = members[j];
                members[j] = members[pick];
                members[pick] = t;
                double[] song = raw[members[j]].clone();
                song[ts] = Double.NaN;
                out[members[j]] = song;
            }
        }
        return new Equalised(out, true, share);
    }
}
