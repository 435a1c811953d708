package dev.vibe.scoring.service;

import dev.vibe.ml.net.VibeNet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served model's calls of a few songs reuse their buffers and ONNX Runtime tensors (issue 23: a one-song call
 * spent more on making tensors and converting its outputs through JNI than on the graph): the same answers as the
 * network in Java, whatever the sizes in turn, and a one-song call allocates almost nothing.
 */
class ServedModelTest {

    static RandomVibeNet model;

    @BeforeAll
    static void load() {
        model = RandomVibeNet.make(7);
    }

    @AfterAll
    static void close() {
        model.served().retire();
    }

    @Test
    void callsOfEverySizeInTurnGiveTheNetworksViews() {
        int from = 0;
        for (int n : new int[]{1, 3, 1, 64, 2, 65, 200, 1, 3}) { // reused sizes, the largest reused one, and beyond it
            float[][] rows = model.rows(from, n);
            ServedModel.Views views = model.served().predictViews(rows);
            assertEquals(n, views.absolute().length);
            for (int i = 0; i < n; i++) {
                double[] raw = new double[rows[i].length];
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = rows[i][j];
                }
                VibeNet.Probabilities expected = model.network().predict(raw);
                for (int k = 0; k < expected.absolute().length; k++) {
                    assertEquals(expected.absolute()[k], views.absolute()[i][k], 1e-5, n + " songs, song " + i + ", absolute " + k);
                    assertEquals(expected.conditional()[k], views.conditional()[i][k], 1e-5, n + " songs, song " + i + ", conditional " + k);
                }
            }
            from += n;
        }
    }

    @Test
    void aOneSongCallAllocatesAlmostNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[][] one = model.rows(5, 1);
        for (int i = 0; i < 2_000; i++) {
            model.served().predictViews(one);
        }
        int calls = 5_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            model.served().predictViews(one);
        }
        long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / calls;
        // the answer itself (the views: two rows of 4 chances) and ONNX Runtime's Java result: about 770 bytes; a call
        // that made its tensors and read its outputs as Java arrays allocated 2,000
        assertTrue(perCall < 1_300, perCall + " bytes per one-song call");
    }
}
