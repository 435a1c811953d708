package dev.vibe.stack;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A port already taken is reported in one line that says what to do, and the stack never adopts a server it did not start. */
@Tag("stack")
class PortCheckTest {

    @Test
    void aTakenPortIsNamedWithWhatHoldsItAndTheVariableThatMovesIt() throws Exception {
        int free = Ports.free();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String message = PortCheck.firstTaken(List.of(new PortCheck.Need(free, "the ingest service", "VIBE_INGEST_PORT"),
                    new PortCheck.Need(taken.getLocalPort(), "PostgreSQL", "VIBE_POSTGRES_PORT"))).orElseThrow();
            assertTrue(message.startsWith("port " + taken.getLocalPort() + " (PostgreSQL) is already in use by pid " + ProcessHandle.current().pid()), message);
            assertTrue(message.contains("VIBE_POSTGRES_PORT="), message);
            assertEquals(1, message.lines().count());
        }
        assertTrue(PortCheck.firstTaken(List.of(new PortCheck.Need(free, "x", "X"))).isEmpty());
    }

    @Test
    void postgresNeverAdoptsAServerItDidNotStart(@TempDir Path dir) {
        try (PostgresServer theirs = new PostgresServer(dir.resolve("theirs"), Ports.free()).start()) {
            PostgresServer ours = new PostgresServer(dir.resolve("ours"), theirs.port());
            IllegalStateException e = assertThrows(IllegalStateException.class, ours::start);
            assertTrue(e.getMessage().contains("already in use by pid " + theirs.pid()) && e.getMessage().contains("VIBE_POSTGRES_PORT"), e.getMessage());
            assertFalse(ours.running());
            assertFalse(Files.exists(dir.resolve("ours/postmaster.pid")));
            assertTrue(theirs.version().startsWith("PostgreSQL"), "theirs still serves");
        }
    }

    @Test
    void whenKafkaCannotStartPostgresIsNotLeftRunning(@TempDir Path dir) throws Exception {
        try (ServerSocket kafkaPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalServers servers = new LocalServers(dir, Ports.free(), kafkaPort.getLocalPort(), Ports.free());
            IllegalStateException e = assertThrows(IllegalStateException.class, servers::start);
            assertTrue(e.getMessage().contains("(Kafka) is already in use") && e.getMessage().contains("VIBE_KAFKA_PORT"), e.getMessage());
            assertFalse(servers.postgres().running(), "PostgreSQL was stopped again");
            assertTrue(servers.postgres().pid() <= 0 || ProcessHandle.of(servers.postgres().pid()).map(p -> !p.isAlive()).orElse(true));
        }
    }
}
