package dev.vibe.ml.data;

import dev.vibe.common.schema.Feature;
import dev.vibe.ml.encoding.QuantileEncoding;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MissingValuesTest {

    static final int TS = Feature.TIME_SIGNATURE.index();

    /** {@code n} songs of group g, the first {@code missing} without a time signature. */
    static double[][] songs(int n, int missing) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new double[13];
            Arrays.fill(out[i], 0.5);
            out[i][TS] = i < missing ? Double.NaN : 4;
        }
        return out;
    }

    static double share(double[][] raw, int[] group, int g) {
        long in = Arrays.stream(group).filter(x -> x == g).count();
        long missing = 0;
        for (int i = 0; i < raw.length; i++) {
            missing += group[i] == g && Double.isNaN(raw[i][TS]) ? 1 : 0;
        }
        return (double) missing / in;
    }

    @Test
    void whenNearlyEverySongHasOneAShareOfAllSongsDrawnWhateverTheirGroupHideIt() {
        // playlist 0 and the background from exports (all known), playlist 1 with 2% missing
        double[][] raw = new double[3000][];
        int[] group = new int[3000];
        System.arraycopy(songs(1000, 0), 0, raw, 0, 1000);
        System.arraycopy(songs(1000, 20), 0, raw, 1000, 1000);
        System.arraycopy(songs(1000, 0), 0, raw, 2000, 1000);
        Arrays.fill(group, 1000, 2000, 1);
        Arrays.fill(group, 2000, 3000, 2);
        double[][] before = Arrays.stream(raw).map(double[]::clone).toArray(double[][]::new);
        MissingValues.Prepared p = MissingValues.forTraining(raw, group, 3, 7);
        assertTrue(p.timeSignatureUsed());
        assertEquals(0.02, p.missingShare(), 1e-12);
        // the same share hidden in every group (the network learns what a song without one is like, from every group)
        assertEquals(MissingValues.HIDDEN_SHARE, share(p.raw(), group, 0), 0.035);
        assertEquals(0.02 + 0.98 * MissingValues.HIDDEN_SHARE, share(p.raw(), group, 1), 0.035);
        assertEquals(MissingValues.HIDDEN_SHARE, share(p.raw(), group, 2), 0.035);
        for (int i = 0; i < raw.length; i++) {
            assertArrayEquals(before[i], raw[i], "the songs given are not changed");
        }
        assertArrayEquals(p.raw(), MissingValues.forTraining(raw, group, 3, 7).raw(), "seeded");
    }

    @Test
    void aGroupWithSomeSongsWithoutOneIsEnoughToLeaveTimeSignatureOut() {
        // the background: half the listener's songs (known), half a catalogue's (none): "known" would mean "the listener's"
        double[][] raw = new double[400][];
        int[] group = new int[400];
        System.arraycopy(songs(200, 0), 0, raw, 0, 200);
        System.arraycopy(songs(200, 100), 0, raw, 200, 200);
        Arrays.fill(group, 200, 400, 1);
        MissingValues.Prepared p = MissingValues.forTraining(raw, group, 2, 7);
        assertFalse(p.timeSignatureUsed());
        assertEquals(0.5, p.missingShare(), 1e-12);
    }

    @Test
    void whenOneGroupHasNoTimeSignaturesTheEncodingLeavesItOut() {
        double[][] raw = new double[200][];
        int[] group = new int[200];
        System.arraycopy(songs(100, 0), 0, raw, 0, 100);
        System.arraycopy(songs(100, 100), 0, raw, 100, 100); // the bundled background: none has one
        Arrays.fill(group, 100, 200, 1);
        MissingValues.Prepared eq = MissingValues.forTraining(raw, group, 2, 7);
        assertFalse(eq.timeSignatureUsed());
        QuantileEncoding enc = QuantileEncoding.fit(Arrays.asList(eq.raw()), 16, 8, eq.timeSignatureUsed());
        double[] three = raw[0].clone();
        three[TS] = 3;
        double[] none = raw[0].clone();
        none[TS] = Double.NaN;
        assertArrayEquals(enc.encode(none), enc.encode(three), "a given time signature changes nothing");
        assertArrayEquals(enc.encode(none), enc.encode(raw[0]));
    }
}
