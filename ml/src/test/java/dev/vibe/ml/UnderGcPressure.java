package dev.vibe.ml;

import java.util.function.Supplier;

/**
 * Runs a training while another thread asks for a garbage collection every 2 ms: what the engine reads from memory
 * the collector may free shows up as a different result.
 */
public final class UnderGcPressure {

    private UnderGcPressure() {
    }

    public static <T> T run(Supplier<T> work) {
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-pressure");
        collector.setDaemon(true);
        collector.start();
        try {
            return work.get();
        } finally {
            collector.interrupt();
        }
    }
}
