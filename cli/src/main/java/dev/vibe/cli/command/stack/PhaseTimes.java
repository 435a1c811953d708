package dev.vibe.cli.command.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where the demo's time went, phase by phase, for the listener to see. */
final class PhaseTimes {

    private final long start = System.nanoTime();
    private long last = start;
    private final List<String> done = new ArrayList<>();

    /** The phase that ends now (it began when the one before ended). */
    void done(String phase) {
        long now = System.nanoTime();
        done.add(phase + " " + seconds(now - last));
        last = now;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    @Override
    public String toString() {
        return "Time: " + String.join(", ", done) + "; in all " + seconds(last - start) + ".";
    }
}
