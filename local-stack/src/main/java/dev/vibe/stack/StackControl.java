package dev.vibe.stack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code ./vibe up}, {@code down} and {@code status}: start, stop and inspect the local stack in the background. */
public final class StackControl {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackConfig config;
    private final PrintStream out;

    public StackControl(StackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** One line of {@code status}. */
    public record ComponentStatus(String name, long pid, String address, boolean healthy, String detail) {
    }

    /**
     * Starts the stack in the background unless it runs, and waits until every service is ready. A port already taken is
     * reported at once, before anything starts; a stack that fails to start is stopped entirely, and the message names a
     * log that exists.
     */
    public List<ComponentStatus> up(Duration timeout) {
        if (supervisorPid().isPresent()) {
            out.println("The local stack is already running.");
        } else {
            for (StackConfig.Service s : config.services()) {
                if (!Files.isRegularFile(s.jar())) {
                    throw new IllegalStateException(s.jar() + " is missing: build first (mvn -DskipTests install)");
                }
            }
            PortCheck.firstTaken(config.ports()).ifPresent(taken -> {
                throw new IllegalStateException(taken);
            });
            launchSupervisor();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ComponentStatus> status = status();
        String lastReport = "";
        while (!status.stream().allMatch(ComponentStatus::healthy)) {
            if (supervisorPid().isEmpty()) {
                down();
                throw new IllegalStateException("the local stack could not start: " + lastLine(config.logs().resolve("stack.log"))
                        + " (see " + config.logs().resolve("stack.log") + ")");
            }
            for (ComponentStatus c : status) {
                // the pid is read again: one written after the status was taken belongs to a process that has just started
                if (c.detail().equals("STOPPED") && exited(c.name())) {
                    down();
                    Path log = config.logs().resolve(c.name() + ".log");
                    throw new IllegalStateException(c.name() + " exited during start-up, so the stack was stopped: " + lastLine(log)
                            + " (see " + log + ")");
                }
            }
            if (System.nanoTime() > deadline) {
                String waiting = String.join(", ", status.stream().filter(c -> !c.healthy()).map(ComponentStatus::name).toList());
                down();
                throw new IllegalStateException("not ready after " + timeout.toSeconds() + " s: " + waiting + ", so the stack was stopped; see the logs in "
                        + config.logs());
            }
            String report = "waiting for " + String.join(", ", status.stream().filter(c -> !c.healthy()).map(ComponentStatus::name).toList());
            if (!report.equals(lastReport)) {
                out.println(report + " ...");
                lastReport = report;
            }
            ProcessControl.sleep(500);
            status = status();
        }
        return status;
    }

    /** The last line of a log that says something (an error, usually), or a note that the log is empty. */
    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("at ")).toList();
            return lines.isEmpty() ? "the log is empty" : lines.get(lines.size() - 1);
        } catch (IOException | UncheckedIOException e) {
            return "no log was written";
        }
    }

    /** Stops the supervisor and, should anything outlive it, every process it started. Returns what was stopped. */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        supervisorPid().flatMap(ProcessHandle::of).ifPresent(p -> {
            ProcessControl.terminate(p, Duration.ofSeconds(90));
            stopped.add("supervisor");
        });
        for (String name : List.of("ingest", "trainer", "scoring", "kafka", "postgres")) {
            pid(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
                ProcessControl.terminate(p, Duration.ofSeconds(20));
                stopped.add(name);
            });
        }
        Path postmaster = config.data().resolve("postgres/data/postmaster.pid");
        readPid(postmaster).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
            ProcessControl.terminate(p, Duration.ofSeconds(20));
            stopped.add("postgres (orphan)");
        });
        try {
            if (Files.isDirectory(config.pids())) {
                try (var files = Files.list(config.pids())) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    /** The state of PostgreSQL, Kafka and the three services. */
    public List<ComponentStatus> status() {
        List<ComponentStatus> all = new ArrayList<>();
        all.add(tcp("postgres", config.postgresPort()));
        all.add(tcp("kafka", config.kafkaPort()));
        for (StackConfig.Service s : config.services()) {
            all.add(health(s));
        }
        return all;
    }

    public boolean running() {
        return supervisorPid().isPresent();
    }

    public static String format(List<ComponentStatus> status) {
        StringBuilder sb = new StringBuilder(String.format("%-9s %-8s %-24s %s%n", "COMPONENT", "PID", "ADDRESS", "STATE"));
        for (ComponentStatus c : status) {
            sb.append(String.format("%-9s %-8s %-24s %s%n", c.name(), c.pid() > 0 ? Long.toString(c.pid()) : "-",
                    c.address(), c.healthy() ? "UP" : c.detail()));
        }
        return sb.toString();
    }

    private ComponentStatus tcp(String name, int port) {
        long pid = alivePid(name);
        boolean up = pid > 0 && Ports.listening(port);
        return new ComponentStatus(name, pid, "127.0.0.1:" + port, up, pid > 0 ? "NOT LISTENING" : "STOPPED");
    }

    private ComponentStatus health(StackConfig.Service s) {
        long pid = alivePid(s.name());
        if (pid <= 0) {
            return new ComponentStatus(s.name(), pid, s.baseUrl(), false, "STOPPED");
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new ComponentStatus(s.name(), pid, s.baseUrl(), r.statusCode() == 200,
                    r.statusCode() == 200 ? "UP" : "NOT READY (" + r.statusCode() + ")");
        } catch (IOException e) {
            return new ComponentStatus(s.name(), pid, s.baseUrl(), false, "STARTING");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ComponentStatus(s.name(), pid, s.baseUrl(), false, "UNKNOWN");
        }
    }

    /** A process was started for this component and is no longer alive. */
    boolean exited(String name) {
        return pid(name).map(p -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true)).orElse(false);
    }

    private long alivePid(String name) {
        return pid(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).map(ProcessHandle::pid).orElse(-1L);
    }

    private Optional<Long> supervisorPid() {
        return pid("supervisor").filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }

    private Optional<Long> pid(String name) {
        return readPid(config.pids().resolve(name + ".pid"));
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void launchSupervisor() {
        try {
            Files.createDirectories(config.logs());
            Files.createDirectories(config.pids());
            try (var stale = Files.list(config.pids())) { // left by a stack that was killed; its ports are free (checked above)
                for (Path f : stale.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid"); // its own session: closing the terminal does not stop the stack
            }
            cmd.addAll(List.of(ProcessControl.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dvibe.home=" + VibeHome.root(),
                    "-Dvibe.state.dir=" + config.stateDir(),
                    "-Dvibe.port.postgres=" + config.postgresPort(),
                    "-Dvibe.port.kafka=" + config.kafkaPort(),
                    "-Dvibe.port.kafka.controller=" + config.kafkaControllerPort(),
                    "-Dvibe.offline=" + config.offline()));
            for (StackConfig.Service s : config.services()) {
                cmd.add("-Dvibe.port." + s.name() + "=" + s.port());
            }
            StackConfig.forwardedProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StackSupervisor.class.getName()));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logs().resolve("stack.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            // setsid forks; the supervisor writes its own pid file as soon as it runs
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (supervisorPid().isEmpty()) {
                if (System.nanoTime() > deadline || (!p.isAlive() && p.exitValue() != 0)) {
                    throw new IllegalStateException("the local stack did not start; see " + config.logs().resolve("stack.log"));
                }
                ProcessControl.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack", e);
        }
    }
}
