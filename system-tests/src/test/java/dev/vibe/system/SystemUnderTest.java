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

/** The whole of Vibe as a user runs it: real PostgreSQL, real Kafka, the three built services as processes. */
final class SystemUnderTest implements AutoCloseable {

    final Path dir;
    final LocalServers servers;
    final Map<String, StackConfig.Service> services = new LinkedHashMap<>();
    final Map<String, Process> processes = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    SystemUnderTest(Path dir) {
        this.dir = dir;
        this.servers = LocalServers.onFreePorts(dir.resolve("data")).start();
        for (String name : List.of("ingest", "trainer", "scoring")) {
            services.put(name, new StackConfig.Service(name, Ports.free()));
        }
    }

    SystemUnderTest startAll() {
        services.keySet().forEach(this::launch);
        services.keySet().forEach(s -> awaitReady(s, Duration.ofMinutes(3)));
        return this;
    }

    void launch(String name) {
        try {
            processes.put(name, ServiceLauncher.launch(services.get(name), servers.serviceConfig(), url("ingest"),
                    Map.of("vibe.features.reccobeats.enabled", "false"), dir.resolve("logs")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
        await("the " + name + " service to be ready", timeout, () -> readiness(name) == 200);
    }

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

    @Override
    public void close() {
        for (String name : List.copyOf(processes.keySet())) {
            stop(name, false);
        }
        servers.close();
    }
}
