package dev.vibe.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.LocalServers;
import dev.vibe.stack.Ports;
import dev.vibe.stack.PostgresServer;
import dev.vibe.stack.ProcessControl;
import dev.vibe.stack.ServiceLauncher;
import dev.vibe.stack.StackConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The whole of Vibe as a user runs it: real PostgreSQL, real Kafka (topics of 3 partitions), the built services as
 * processes: {@code instances} of each, named {@code ingest-1}, {@code ingest-2}, ... Scoring instance i reads stored
 * playlists from ingest-i and models from {@link #scoringTrainer} (as a Kubernetes Service would, one address).
 */
final class SystemUnderTest implements AutoCloseable {

    static final List<String> TYPES = List.of("ingest", "trainer", "scoring");

    final Path dir;
    final LocalServers servers;
    final Map<String, StackConfig.Service> services = new LinkedHashMap<>();
    final Map<String, Process> processes = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The trainer instance every scoring instance asks for models. */
    String scoringTrainer = "trainer-1";

    SystemUnderTest(Path dir, int instances) {
        this.dir = dir;
        this.servers = LocalServers.onFreePorts(dir.resolve("data")).start();
        for (String type : TYPES) {
            for (int i = 1; i <= instances; i++) {
                services.put(type + "-" + i, new StackConfig.Service(type, Ports.free()));
            }
        }
    }

    /** Starts every instance; ingest and trainer first (their migrations), then scoring. */
    SystemUnderTest startAll() {
        List<String> first = services.keySet().stream().filter(s -> !s.startsWith("scoring")).toList();
        first.forEach(this::launch);
        first.forEach(s -> awaitReady(s, Duration.ofMinutes(4)));
        List<String> scoring = services.keySet().stream().filter(s -> s.startsWith("scoring")).toList();
        scoring.forEach(this::launch);
        scoring.forEach(s -> awaitReady(s, Duration.ofMinutes(4)));
        return this;
    }

    List<String> instancesOf(String type) {
        return services.keySet().stream().filter(s -> s.startsWith(type + "-")).toList();
    }

    void launch(String instance) {
        String n = instance.substring(instance.indexOf('-') + 1);
        try {
            processes.put(instance, ServiceLauncher.launch(services.get(instance), instance, servers.serviceConfig(), url("ingest-" + n),
                    url(scoringTrainer), Map.of("vibe.features.reccobeats.enabled", "false",
                    "vibe.trainer.members", "4", "vibe.trainer.forest-trees", "60", "vibe.trainer.warm-up", "false"),
                    dir.resolve("logs"))); // a 4-member ensemble, a 60-tree forest, no warm-up: scale and faults, not quality or speed, are tested here
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The instance's log so far. */
    String log(String instance) {
        try {
            return java.nio.file.Files.readString(dir.resolve("logs").resolve(instance + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** A metric of the instance from /q/metrics (summed over its tags), or NaN if absent. */
    double metric(String instance, String name) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(url(instance) + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).reduce(Double::sum).orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** SIGKILL (a crash) or SIGTERM (an orderly stop), and wait until the process is gone. */
    void stop(String name, boolean crash) {
        Process p = processes.remove(name);
        if (crash) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url(String name) {
        return services.get(name).baseUrl();
    }

    int readiness(String name) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(name) + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void awaitReady(String name, Duration timeout) {
        await(name + " to be ready", timeout, () -> readiness(name) == 200);
    }

    /** Polls {@code condition} (every 100 ms) until it holds: waiting for an effect, never a fixed sleep. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            ProcessControl.sleep(100);
        }
    }

    /** A response: status and parsed JSON body (null if none). */
    record Answer(int status, JsonNode body) {
    }

    Answer call(String service, String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(service) + path)).timeout(Duration.ofMinutes(2));
        if (body != null) {
            r.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> response = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : EventJson.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(service + " " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String service, String path) {
        return call(service, "GET", path, null, null);
    }

    Answer postJson(String service, String path, Object body) {
        return call(service, "POST", path, "application/json", EventJson.write(body));
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(servers.postgres().jdbcUrl(), PostgresServer.USER, "");
    }

    long count(String sql, Object... params) {
        try (Connection c = db(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Stops every instance at once (SIGTERM to all, then waits for each), then the broker and the database. */
    @Override
    public void close() {
        List<String> names = List.copyOf(processes.keySet());
        names.forEach(name -> processes.get(name).destroy());
        for (String name : names) {
            stop(name, false);
        }
        servers.close();
    }
}
