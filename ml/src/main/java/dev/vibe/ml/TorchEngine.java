package dev.vibe.ml;

import ai.djl.engine.Engine;

/**
 * The PyTorch engine as every trainer here uses it: offline, one intra-op and one inter-op thread (one thread trains
 * fastest on 2 cores, and results do not depend on thread scheduling), seeded before each training.
 */
public final class TorchEngine {

    static {
        // Must be set before the engine loads.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    private TorchEngine() {
    }

    /** The engine, seeded for the next training. */
    public static synchronized Engine seeded(long seed) {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        return engine;
    }
}
