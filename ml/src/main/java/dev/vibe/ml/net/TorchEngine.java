package dev.vibe.ml.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

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

    /** The engine's name for {@code Model.newInstance}: using it sets the properties above before the engine loads. */
    public static String name() {
        return "PyTorch";
    }

    /** The engine, seeded for the next training. */
    public static synchronized Engine seeded(long seed) {
        Engine engine = Engine.getEngine(name());
        engine.setRandomSeed((int) seed);
        return engine;
    }

    /**
     * log(1 + e^z), by the engine's own operator. Never through an operation with a Java number ({@code maximum(0)},
     * {@code div(n)}, ...): DJL makes the number a tensor over a Java buffer and frees it as soon as the operation
     * returns, but the gradient step still reads it, so a garbage collection in between corrupts training.
     */
    public static NDArray softplus(NDArray z) {
        return Activation.softPlus(z);
    }

}
