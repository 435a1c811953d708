package dev.vibe.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The background process behind {@code ./vibe up}: it runs PostgreSQL and Kafka, starts the three services as
 * child processes, writes pid files under {@code .vibe/pids}, and on SIGTERM ({@code ./vibe down}) stops the
 * services, then Kafka, then PostgreSQL. Data stays in {@code .vibe/data} between runs.
 */
public final class StackSupervisor {

    private final StackConfig config;
    private final List<Process> services = new ArrayList<>();
    private LocalServers servers;

    public StackSupervisor(StackConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws InterruptedException {
        StackSupervisor supervisor = new StackSupervisor(StackConfig.fromEnvironment());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.stop();
            stopped.countDown();
        }, "vibe-stack-stop"));
        try {
            supervisor.start();
        } catch (RuntimeException e) {
            LocalServers.log("start-up failed: " + e.getMessage());
            System.exit(1); // the hook stops whatever did start
        }
        stopped.await();
    }

    void start() {
        try {
            Files.createDirectories(config.logs());
            Files.createDirectories(config.pids());
            writePid("supervisor", ProcessHandle.current().pid());
            servers = new LocalServers(config.data(), config.postgresPort(), config.kafkaPort(), config.kafkaControllerPort()).start();
            writePid("postgres", servers.postgres().pid());
            writePid("kafka", servers.kafka().pid());
            for (StackConfig.Service s : config.services()) {
                Process p = launch(s);
                services.add(p);
                writePid(s.name(), p.pid());
                LocalServers.log(s.name() + " service starting on " + s.baseUrl() + " (pid " + p.pid() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void stop() {
        ProcessControl.terminateAll(services.stream().map(Process::toHandle).toList(), Duration.ofSeconds(20));
        services.clear();
        if (servers != null) {
            servers.close();
            servers = null;
        }
        try (var files = Files.list(config.pids())) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    private Process launch(StackConfig.Service s) throws IOException {
        return ServiceLauncher.launch(s, servers.serviceConfig(), config.service("ingest").baseUrl(), config.service("trainer").baseUrl(),
                config.serviceSettings(), config.logs());
    }

    private void writePid(String name, long pid) throws IOException {
        Files.writeString(config.pids().resolve(name + ".pid"), Long.toString(pid));
    }
}
