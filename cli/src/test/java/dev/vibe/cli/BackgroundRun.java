package dev.vibe.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code vibe} command run on another thread with its output captured, so that a test can act while it waits (play
 * the browser for a sign-in). Output is matched as it is written: no polling, no sleeping.
 */
final class BackgroundRun implements AutoCloseable {

    private static final Pattern AUTHORIZE = Pattern.compile("(https?://\\S+/authorize\\?\\S+)");

    private final StringBuffer text = new StringBuffer();
    private final Object lock = new Object();
    private final PrintStream savedOut = System.out;
    private final PrintStream savedErr = System.err;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private BackgroundRun(String... args) {
        PrintStream watching = new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                synchronized (lock) {
                    line.write(b);
                    if (b == '\n') {
                        text.append(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        lock.notifyAll();
                    }
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(watching);
        System.setErr(watching);
        Thread t = new Thread(() -> {
            try {
                exit.complete(VibeCommand.run(args));
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "vibe " + String.join(" ", args));
        t.setDaemon(true);
        t.start();
    }

    static BackgroundRun start(String... args) {
        return new BackgroundRun(args);
    }

    /** The sign-in link the command printed, once it has. */
    URI awaitAuthorizeLink(Duration timeout) throws InterruptedException {
        Matcher m = awaitMatch(AUTHORIZE, timeout);
        return URI.create(m.group(1));
    }

    Matcher awaitMatch(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    return m;
                }
                if (exit.isDone()) {
                    String how = exit.handle((code, e) -> e == null ? "exit " + code : "it threw " + e).join();
                    throw new AssertionError("the command ended (" + how + ") before printing " + pattern + ":\n" + text);
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no " + pattern + " within " + timeout + ":\n" + text);
                }
                lock.wait(left); // woken by each line and by the end of the command
            }
        }
    }

    /** Waits for the command to end; returns its exit code. */
    int await(Duration timeout) throws Exception {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            close();
        }
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }
}
