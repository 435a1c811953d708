package dev.vibe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose.yml run as a user runs it, under a project name of its own: Debian's {@code docker-compose} (v1) with
 * the variables the file reads, and {@code docker} to look at what it made.
 */
final class Compose {

    record Result(int exit, String output) {
    }

    /** One container of the project as Docker sees it. */
    record Container(String service, String state, String health, int exitCode) {
        boolean ready() {
            return health.isEmpty() ? state.equals("running") : health.equals("healthy");
        }
    }

    final String project;
    private final Map<String, String> env;

    Compose(String project, Map<String, String> env) {
        this.project = project;
        this.env = new LinkedHashMap<>(env);
    }

    /** Whether a Docker engine answers here. */
    static boolean engineAnswers() {
        try {
            return run(List.of("docker", "info"), Map.of(), Duration.ofSeconds(30)).exit() == 0;
        } catch (UncheckedIOException e) {
            return false; // no docker command
        }
    }

    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("vibe-compose", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(ServiceConfig.ROOT.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, String.join(" ", command) + " did not end in " + timeout + ":\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Result compose(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", project, "-f", ComposeFileTest.COMPOSE.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, env, timeout);
    }

    /** Runs a docker-compose command that must succeed. */
    String must(Duration timeout, String... args) {
        Result r = compose(timeout, args);
        if (r.exit() != 0) {
            throw new AssertionError("docker-compose " + String.join(" ", args) + " failed (" + r.exit() + "):\n" + r.output());
        }
        return r.output();
    }

    /** The project's containers, stopped ones included. */
    List<Container> containers() {
        Result ids = run(List.of("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + project), Map.of(), Duration.ofSeconds(30));
        List<String> list = ids.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of("docker", "inspect", "--format",
                "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}"));
        cmd.addAll(list);
        Result r = run(cmd, Map.of(), Duration.ofSeconds(30));
        List<Container> out = new ArrayList<>();
        for (String line : r.output().lines().toList()) {
            String[] f = line.strip().split(" ");
            if (f.length >= 3) {
                out.add(new Container(f[0], f[1], f.length > 3 ? f[3] : "", Integer.parseInt(f[2])));
            }
        }
        return out;
    }

    /**
     * Waits until every long-running service is healthy (or running, without a health check) and every one-shot step
     * has exited 0; fails at once when a container exits with an error or turns unhealthy, with its log.
     */
    void awaitHealthy(List<String> services, List<String> oneShots, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Container> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = containers();
            boolean all = true;
            for (String s : services) {
                Container c = seen.stream().filter(x -> x.service().equals(s)).findFirst().orElse(null);
                if (c != null && (c.health().equals("unhealthy") || c.state().equals("exited") || c.state().equals("dead"))) {
                    throw new AssertionError(s + " is " + c.state() + " " + c.health() + ":\n" + logs(s));
                }
                all &= c != null && c.ready();
            }
            for (String s : oneShots) {
                Container c = seen.stream().filter(x -> x.service().equals(s)).findFirst().orElse(null);
                if (c != null && c.state().equals("exited") && c.exitCode() != 0) {
                    throw new AssertionError(s + " exited " + c.exitCode() + ":\n" + logs(s));
                }
                all &= c != null && c.state().equals("exited");
            }
            if (all) {
                return;
            }
            Thread.sleep(1000); // polling Docker's own view of the containers; nothing to wait on instead
        }
        StringBuilder why = new StringBuilder("not all healthy in " + timeout + ": " + seen);
        for (String s : services) {
            why.append("\n--- ").append(s).append(" ---\n").append(logs(s));
        }
        throw new AssertionError(why.toString());
    }

    String logs(String service) {
        String all = compose(Duration.ofSeconds(60), "logs", "--no-color", "--tail", "60", service).output();
        return all.length() > 8000 ? all.substring(all.length() - 8000) : all;
    }

    /** What of the project is left in Docker: containers, networks and volumes with its label. */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        for (String kind : List.of("container", "network", "volume")) {
            List<String> cmd = kind.equals("container")
                    ? List.of("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                    : List.of("docker", kind, "ls", "-q", "--filter", "label=com.docker.compose.project=" + project);
            run(cmd, Map.of(), Duration.ofSeconds(30)).output().lines().map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(id -> left.add(kind + " " + id));
        }
        return left;
    }
}
