package dev.vibe.system;

import dev.vibe.common.events.Topics;
import dev.vibe.stack.LocalServers;
import dev.vibe.stack.Ports;
import dev.vibe.stack.ServiceLauncher;
import dev.vibe.stack.StackConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The brokers make no topic a client names: a service started against one that lacks a topic stops and says which and how to make it. */
@Tag("stack")
class MissingTopicTest {

    @Test
    void aServiceStartedWithoutItsTopicStopsAndNamesIt(@TempDir Path dir) throws Exception {
        try (LocalServers servers = LocalServers.onFreePorts(dir.resolve("data")).start()) {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers()))) {
                admin.deleteTopics(List.of(Topics.MODELS)).all().get(30, TimeUnit.SECONDS);
            }
            StackConfig.Service scoring = new StackConfig.Service("scoring", Ports.free());
            Process p = ServiceLauncher.launch(scoring, servers.serviceConfig(), "http://127.0.0.1:1", "http://127.0.0.1:1", Map.of(), dir.resolve("logs"));
            try {
                assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the service kept running without its topic");
                assertNotEquals(0, p.exitValue(), "a service that cannot work says so with its exit code");
                String log = Files.readString(dir.resolve("logs/scoring.log"));
                assertTrue(log.contains("has no topic vibe-models") && log.contains("kafka-topics.yaml"), log);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
