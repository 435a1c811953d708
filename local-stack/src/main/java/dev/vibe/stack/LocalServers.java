package dev.vibe.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The two servers every Vibe service needs, started for real on loopback: PostgreSQL and a Kafka broker.
 * Used by the tests ({@link VibeStackTestResource}) and by {@code ./vibe up} ({@link StackSupervisor}).
 */
public final class LocalServers implements AutoCloseable {

    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    public LocalServers(Path workDir, int postgresPort, int kafkaPort, int kafkaControllerPort) {
        this.postgres = new PostgresServer(workDir.resolve("postgres/data"), postgresPort);
        this.kafka = new KafkaBroker(workDir.resolve("kafka"), kafkaPort, kafkaControllerPort);
    }

    private static LocalServers shared;

    /**
     * The servers of this JVM, started in {@code dir} (emptied first) on first use and stopped when the JVM exits: what the
     * tests share. The class must be loaded once per JVM for this to hold (the services load the local stack parent first).
     */
    public static synchronized LocalServers shared(Path dir) {
        if (shared == null) {
            deleteRecursively(dir);
            LocalServers started = onFreePorts(dir).start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "vibe-test-stack-stop"));
            shared = started;
        }
        return shared;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    /** Both servers on free ports. */
    public static LocalServers onFreePorts(Path workDir) {
        return new LocalServers(workDir, Ports.free(), Ports.free(), Ports.free());
    }

    /**
     * Starts PostgreSQL and Kafka in parallel and logs where they listen. If either cannot start, the other is stopped
     * too: nothing is left running.
     */
    public LocalServers start() {
        long t0 = System.nanoTime();
        var pg = CompletableFuture.runAsync(postgres::start);
        try {
            kafka.start();
            pg.join();
        } catch (RuntimeException e) {
            try {
                pg.handle((ok, failed) -> null).join();
                close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log("PostgreSQL started on 127.0.0.1:" + postgres.port() + " (pid " + postgres.pid() + "): " + postgres.version());
        log("Kafka 4.3.1 KRaft broker started on " + kafka.bootstrapServers() + " (pid " + kafka.pid() + ")");
        log("both servers ready in " + ms + " ms");
        return this;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /**
     * The configuration a Quarkus service needs to use these servers. Each service logs in as its own user (its
     * application.properties names it; local logins need no password).
     */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }

    @Override
    /** Stops the broker and the database side by side (neither needs the other to shut down). */
    public void close() {
        Thread broker = new Thread(kafka::stop, "vibe-stack-kafka-stop");
        broker.start();
        try {
            postgres.stop();
        } finally {
            try {
                broker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log("PostgreSQL and Kafka stopped");
        }
    }

    static void log(String message) {
        System.out.println("[vibe-stack] " + message);
    }
}
