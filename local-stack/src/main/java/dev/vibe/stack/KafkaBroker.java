package dev.vibe.stack;

import dev.vibe.common.events.TopicCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run as a child
 * JVM from the jars of Maven Central gathered by the build. No Docker, loopback only.
 *
 * <p>The data folder survives {@link #stop()}, so {@link #start()} again brings the same broker back with its
 * topics and offsets: that is how tests stop and restart the broker under load.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dir.resolve("kafka.log");
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Formats the storage on first use, starts the broker and waits until it answers a metadata request. */
    public synchronized KafkaBroker start() {
        if (running()) {
            return this;
        }
        PortCheck.requireFree(new PortCheck.Need(port, "Kafka", "VIBE_KAFKA_PORT"));
        PortCheck.requireFree(new PortCheck.Need(controllerPort, "Kafka's controller", "VIBE_KAFKA_CONTROLLER_PORT"));
        try {
            Files.createDirectories(dir);
            if (!Files.exists(logFile())) {
                Files.createFile(logFile());
            }
            Path config = writeConfig();
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format(config);
            }
            process = java("kafka.Kafka", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dir, e);
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s); the data folder stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessControl.terminate(process.toHandle(), Duration.ofSeconds(30));
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("server.properties");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "3");
        // topics are made on purpose (Topics.ALL, right after start), never by a client that happens to name one
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // A small heap dies in the log cleaner with the default 128 MB dedupe buffer.
        props.put("log.cleaner.dedupe.buffer.size", "8388608");
        StringBuilder sb = new StringBuilder("# written by Vibe's local stack\n");
        props.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(config, sb.toString());
        Files.writeString(dir.resolve("log4j2.properties"), """
                status = warn
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = info
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.kafka.name = kafka
                logger.kafka.level = warn
                logger.apache.name = org.apache.kafka
                logger.apache.level = warn
                logger.started.name = kafka.server.KafkaRaftServer
                logger.started.level = info
                """);
        return config;
    }

    private void format(Path config) throws IOException {
        Process p = java("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed; see " + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessControl.javaExecutable(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", VibeHome.kafkaLibs().toAbsolutePath() + "/*",
                mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with code " + process.exitValue() + " during start-up; see " + logFile());
            }
            if (Ports.listening(port)) {
                // Kafka's clients load their classes through the context class loader: make it this class's own (a test's
                // application class loader holds another copy of the same classes)
                Thread thread = Thread.currentThread();
                ClassLoader context = thread.getContextClassLoader();
                thread.setContextClassLoader(KafkaBroker.class.getClassLoader());
                try (Admin admin = Admin.create(conf)) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    TopicCheck.create(admin, 30);
                    return;
                } catch (Exception notYet) {
                    // keep polling until the deadline
                } finally {
                    thread.setContextClassLoader(context);
                }
            }
            ProcessControl.sleep(200);
        }
        stop();
        throw new IllegalStateException("Kafka did not become ready in " + READY_TIMEOUT.toSeconds() + " s; see " + logFile());
    }
}
