package dev.vibe.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml, checked without a Docker engine: Debian's docker-compose validates it, and this test holds it to
 * the services' real configuration keys, ports, health endpoints and Dockerfiles.
 */
class ComposeFileTest {

    static final Path COMPOSE = ServiceConfig.ROOT.resolve("docker-compose.yml");

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(COMPOSE)); // SnakeYAML resolves the '<<' merge keys as compose does
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            assertTrue(n instanceof Map, "no " + String.join(".", path) + " in docker-compose.yml");
            n = ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("docker-compose is missing: .ci/run installs Debian's docker-compose package");
        }
        assumeTrue(installed, "docker-compose not installed (apt-get install docker-compose); the typed checks below still run");
        Process p = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void infrastructureIsTheOfficialKafkaInKraftModeAndPostgres() throws Exception {
        Map<String, Object> c = compose();
        Map<String, Object> services = at(c, "services");
        assertEquals(Set.of("kafka", "kafka-init", "postgres", "ingest", "trainer", "scoring"), services.keySet());
        // topics made on purpose: auto-creation off, every topic of Topics.ALL made by kafka-init with its cleanup policy
        assertEquals("false", at(services, "kafka", "environment", "KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        String init = String.valueOf((Object) at(services, "kafka-init", "command"));
        for (var spec : dev.vibe.common.events.Topics.ALL) {
            String policy = "cleanup.policy=" + spec.cleanupPolicy();
            assertTrue(java.util.regex.Pattern.compile("for topic in [^;]*\\b" + spec.name() + "\\b[^;]*; do\\s+\\S+ [^\\n]*--partitions "
                    + spec.partitions() + " --config " + policy).matcher(init).find(), spec.name() + " is made with " + policy + ": " + init);
        }
        String pom = Files.readString(ServiceConfig.ROOT.resolve("pom.xml"));
        Matcher v = Pattern.compile("<kafka.broker.version>([^<]+)<").matcher(pom);
        assertTrue(v.find());
        assertEquals("${VIBE_KAFKA_IMAGE:-apache/kafka:" + v.group(1) + "}", at(c, "services", "kafka", "image"), "the broker version the tests run");
        assertEquals((Object) at(c, "services", "kafka", "image"), at(c, "services", "kafka-init", "image"));
        assertEquals("${VIBE_POSTGRES_IMAGE:-postgres:16}", at(c, "services", "postgres", "image"));
        // the topics and the database outlive `docker compose down`
        assertEquals(Set.of("postgres-data", "kafka-data"), ((Map<?, ?>) at(c, "volumes")).keySet());
        Map<String, Object> kafkaEnv = at(c, "services", "kafka", "environment");
        assertEquals(List.of("kafka-data:" + kafkaEnv.get("KAFKA_LOG_DIRS")), at(c, "services", "kafka", "volumes"));
        assertEquals("broker,controller", kafkaEnv.get("KAFKA_PROCESS_ROLES"));
        assertNotNull(at(c, "services", "kafka", "healthcheck", "test"));
        assertNotNull(at(c, "services", "postgres", "healthcheck", "test"));
    }

    @Test
    void theServicesImageIsQuarkusJvmModeOnAReplaceableJreAsAnUnprivilegedUser() throws Exception {
        String d = Files.readString(ServiceConfig.DOCKERFILE);
        assertTrue(d.contains("ARG JRE_IMAGE=eclipse-temurin:17-jre\nFROM ${JRE_IMAGE}\n"), "a well-known JRE by default, replaceable");
        for (String part : List.of("lib/", "app/", "quarkus/")) {
            assertTrue(d.contains("COPY " + part + " /app/" + part), "the fast-jar's " + part);
        }
        assertTrue(d.contains("COPY *.jar /app/"), "quarkus-run.jar");
        assertTrue(d.contains("EXPOSE ${PORT}"));
        assertTrue(Pattern.compile("(?m)^USER 10001:10001$").matcher(d).find(), "runs as an unprivileged user");
        assertFalse(d.contains("--chown"), "the application stays root's: the service cannot change it");
        assertTrue(Pattern.compile("(?s)HEALTHCHECK .*CMD .*/dev/tcp/127\\.0\\.0\\.1/\\$QUARKUS_HTTP_PORT.*GET /q/health/ready").matcher(d).find(),
                "healthy = ready: " + d);
        assertFalse(Pattern.compile("(?m)^RUN ").matcher(d).find(), "built on the host; nothing is built or installed in the image");
    }

    @Test
    void everyServiceMatchesItsRealConfigPortAndDockerfile() throws Exception {
        Map<String, Object> c = compose();
        Map<String, Object> kafkaEnv = at(c, "services", "kafka", "environment");
        String advertised = kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").toString().replaceFirst("^PLAINTEXT://", "");
        Map<String, Object> pgEnv = at(c, "services", "postgres", "environment");
        for (String name : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.load(name);
            int port = config.port();
            Map<String, Object> s = at(c, "services", name);
            // the image: the module's fast-jar folder (built on the host) into the one Dockerfile, the JRE replaceable
            Path context = ServiceConfig.ROOT.resolve(at(s, "build", "context").toString()).normalize();
            assertEquals(ServiceConfig.ROOT.resolve(name + "-service/target/quarkus-app"), context, name);
            assertEquals(ServiceConfig.DOCKERFILE, context.resolve(at(s, "build", "dockerfile").toString()).normalize(), name);
            assertEquals(Map.of("PORT", Integer.toString(port), "JRE_IMAGE", "${VIBE_JRE_IMAGE:-eclipse-temurin:17-jre}"),
                    at(s, "build", "args"), name);
            assertEquals("${VIBE_IMAGE_PREFIX:-vibe}/" + name + "-service:0.1.0", at(s, "image"), name);

            assertEquals(List.of("${VIBE_BIND_ADDRESS:-127.0.0.1}:${VIBE_" + name.toUpperCase() + "_PORT:-" + port + "}:" + port), at(s, "ports"),
                    name + " publishes its port on loopback unless the user says otherwise");
            assertEquals("${VIBE_API_KEY:-}", ((Map<?, ?>) at(s, "environment")).get("VIBE_API_KEY"), name + " takes the API key");
            Map<String, Object> env = at(s, "environment");
            assertEquals(Integer.toString(port), env.get("QUARKUS_HTTP_PORT"));
            for (String key : env.keySet()) {
                assertTrue(config.reads(key), name + ": " + key + " is not a configuration key the service reads");
            }
            assertEquals(advertised, env.get("KAFKA_BOOTSTRAP_SERVERS"), name);
            Map<String, Object> deps = at(s, "depends_on");
            assertEquals("service_healthy", at(deps, "kafka", "condition"), name + " waits for kafka");
            assertEquals("service_completed_successfully", at(deps, "kafka-init", "condition"), name + " waits for its topics");
            if (name.equals("scoring")) {
                // no database: its models come from the trainer
                assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("QUARKUS_DATASOURCE")), "scoring has no database login: " + env.keySet());
                assertFalse(deps.containsKey("postgres"));
                assertEquals("service_healthy", at(deps, "trainer", "condition"));
            } else {
                // its own login, which owns its schema only (deploy/postgres/service-roles.sql)
                assertEquals("jdbc:postgresql://postgres:5432/" + pgEnv.get("POSTGRES_DB"), env.get("QUARKUS_DATASOURCE_JDBC_URL"), name);
                assertEquals("vibe_" + name, env.get("QUARKUS_DATASOURCE_USERNAME"), name);
                assertEquals("vibe_" + name, config.properties().get("quarkus.datasource.username"), name + "'s own default login");
                assertTrue(env.get("QUARKUS_DATASOURCE_PASSWORD").toString().contains(name.toUpperCase() + "_DB_PASSWORD"), name);
                assertTrue(pgEnv.containsKey(name.toUpperCase() + "_DB_PASSWORD"), "postgres sets " + name + "'s password");
                assertEquals("service_healthy", at(deps, "postgres", "condition"), name + " waits for postgres");
            }
            assertNull(s.get("healthcheck"), name + ": the image's own health check (Dockerfile.jvm) is the one");
        }
        List<String> pgVolumes = at(c, "services", "postgres", "volumes");
        assertTrue(pgVolumes.stream().anyMatch(v -> v.startsWith("./deploy/postgres/service-roles.sql:/docker-entrypoint-initdb.d/")), pgVolumes.toString());
        String roles = java.nio.file.Files.readString(ServiceConfig.ROOT.resolve("deploy/postgres/service-roles.sql"));
        for (String user : List.of("vibe_ingest", "vibe_trainer")) {
            assertTrue(roles.contains("CREATE ROLE " + user + " LOGIN"), user);
        }
        assertTrue(roles.contains("CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION vibe_ingest"));
        assertTrue(roles.contains("CREATE SCHEMA IF NOT EXISTS trainer AUTHORIZATION vibe_trainer"));
        Map<String, Object> scoringEnv = at(c, "services", "scoring", "environment");
        assertEquals("http://ingest:" + ServiceConfig.load("ingest").port(), scoringEnv.get("QUARKUS_REST_CLIENT_INGEST_URL"));
        assertEquals("http://trainer:" + ServiceConfig.load("trainer").port(), scoringEnv.get("QUARKUS_REST_CLIENT_TRAINER_URL"));
        Map<String, Object> ingestEnv = at(c, "services", "ingest", "environment");
        assertTrue(ingestEnv.containsKey("CLIENT_SECRET"), "Spotify credentials reach ingest");
        for (String other : List.of("trainer", "scoring")) {
            Map<String, Object> env = at(c, "services", other, "environment");
            assertFalse(env.containsKey("CLIENT_SECRET"), other + " has no business with the Spotify secret");
        }
    }

    /** Issue 23: at the default 1 s poll timeout each consumer took 2-2.5 s to stop, the trainer 8 s, the demo's stop 8-9 s. */
    @Test
    void servicesWithKafkaConsumersStopInSecondsNotTens() {
        for (String name : List.of("ingest", "trainer")) {
            String timeout = ServiceConfig.load(name).properties().get("mp.messaging.connector.smallrye-kafka.poll-timeout");
            assertNotNull(timeout, name + " sets its consumers' poll timeout");
            assertTrue(Integer.parseInt(timeout) <= 250, name + ": a stopping consumer waits twice its poll timeout (" + timeout + " ms)");
        }
    }

    @Test
    void theConfigCheckRejectsAKeyNoServiceReads() {
        ServiceConfig ingest = ServiceConfig.load("ingest");
        assertTrue(ingest.reads("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(ingest.reads("CLIENT_SECRET"));
        assertTrue(ingest.reads("DJL_CACHE_DIR"), "declared by the Dockerfile");
        assertFalse(ingest.reads("QUARKUS_DATASOURCE_JDBC_URI"), "a typo must not pass");
        assertFalse(ServiceConfig.load("trainer").reads("QUARKUS_REST_CLIENT_INGEST_URL"), "only scoring calls ingest");
    }
}
