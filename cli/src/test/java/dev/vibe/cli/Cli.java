package dev.vibe.cli;

import dev.vibe.stack.Ports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the {@code vibe} command in this JVM with its output captured, and gives each test a stack of its own. */
final class Cli {

    /** The settings that place a local stack: its state folder and every port. */
    static final List<String> STACK_PROPS = List.of("vibe.state.dir", "vibe.port.postgres", "vibe.port.kafka",
            "vibe.port.kafka.controller", "vibe.port.ingest", "vibe.port.trainer", "vibe.port.scoring");

    private Cli() {
    }

    record Captured(int exit, String text) {
    }

    static Captured capture(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true);
        System.setOut(both);
        System.setErr(both);
        try {
            int exit = VibeCommand.run(args);
            return new Captured(exit, buffer.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            out.print(buffer);
        }
    }

    /** A stack placement (state folder, free ports), as the settings that select it. */
    static Map<String, String> newStack(Path state) {
        deleteTree(state); // each run starts as a fresh checkout would: no data, tokens or logs of an earlier run
        Map<String, String> p = new LinkedHashMap<>();
        p.put("vibe.state.dir", state.toString());
        STACK_PROPS.stream().skip(1).forEach(k -> p.put(k, Integer.toString(Ports.free())));
        return p;
    }

    static void deleteTree(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /** Selects the stack that the next commands talk to (as a checkout with its own VIBE_*_PORT values would). */
    static void use(Map<String, String> stack) {
        stack.forEach(System::setProperty);
    }

    static void forgetStack() {
        STACK_PROPS.forEach(System::clearProperty);
    }

    /** The processes a stack's pid files name, with their children. */
    static List<ProcessHandle> processes(Path state) throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        if (!Files.isDirectory(state.resolve("pids"))) {
            return all;
        }
        try (var pids = Files.list(state.resolve("pids"))) {
            for (Path f : pids.toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(p -> {
                    all.add(p);
                    p.descendants().forEach(all::add);
                });
            }
        }
        return all;
    }
}
