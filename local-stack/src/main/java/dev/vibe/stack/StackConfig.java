package dev.vibe.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ports and folders of the local stack. Each value comes from a system property, else an environment
 * variable, else the default: {@code vibe.port.ingest} / {@code VIBE_INGEST_PORT} (8081), and so on.
 *
 * @param offline {@code vibe.offline} / {@code VIBE_OFFLINE}: the services ask no outside service (ReccoBeats) for
 *                features; {@code ./vibe demo} and the tests run so
 */
public record StackConfig(Path stateDir, int postgresPort, int kafkaPort, int kafkaControllerPort, List<Service> services, boolean offline) {

    /** One of the three Quarkus services. */
    public record Service(String name, int port) {
        /** The runnable application the build makes (quarkus-maven-plugin, fast-jar). */
        public Path jar() {
            return VibeHome.root().resolve(name + "-service/target/quarkus-app/quarkus-run.jar");
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
    }

    public static StackConfig fromEnvironment() {
        Path state = Path.of(setting("vibe.state.dir", "VIBE_STATE_DIR", VibeHome.stateDir().toString())).toAbsolutePath();
        return new StackConfig(state,
                port("postgres", 15432), port("kafka", 19092), port("kafka.controller", 19093),
                List.of(new Service("ingest", port("ingest", 8081)),
                        new Service("trainer", port("trainer", 8082)),
                        new Service("scoring", port("scoring", 8083))),
                Boolean.parseBoolean(setting("vibe.offline", "VIBE_OFFLINE", "false").strip()));
    }

    /**
     * Settings every service of this stack gets on top of the database and broker: ReccoBeats off when offline, then
     * the {@link #forwardedProperties()} (how tests point the services at local fakes).
     */
    public Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (offline) {
            settings.put("vibe.features.reccobeats.enabled", "false");
        }
        settings.putAll(forwardedProperties());
        return settings;
    }

    /**
     * The {@code vibe.spotify.*}, {@code vibe.features.*} and {@code vibe.trainer.*} system properties of this JVM, and
     * {@code vibe.stack.jvm-options}, passed on to the stack's processes; secrets are not (they would show in the
     * process list): services read those from the environment.
     */
    public static Map<String, String> forwardedProperties() {
        Map<String, String> out = new TreeMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if ((key.startsWith("vibe.spotify.") || key.startsWith("vibe.features.") || key.startsWith("vibe.trainer.")
                    || key.equals("vibe.stack.jvm-options")) && !key.contains("secret")) {
                out.put(key, System.getProperty(key));
            }
        }
        return out;
    }

    /** Every port this stack listens on, what for, and the variable that moves it. */
    public List<PortCheck.Need> ports() {
        List<PortCheck.Need> needs = new ArrayList<>(List.of(
                new PortCheck.Need(postgresPort, "PostgreSQL", "VIBE_POSTGRES_PORT"),
                new PortCheck.Need(kafkaPort, "Kafka", "VIBE_KAFKA_PORT"),
                new PortCheck.Need(kafkaControllerPort, "Kafka's controller", "VIBE_KAFKA_CONTROLLER_PORT")));
        for (Service s : services) {
            needs.add(new PortCheck.Need(s.port(), "the " + s.name() + " service", "VIBE_" + s.name().toUpperCase(Locale.ROOT) + "_PORT"));
        }
        return needs;
    }

    public Service service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    public Path logs() {
        return stateDir.resolve("logs");
    }

    public Path pids() {
        return stateDir.resolve("pids");
    }

    public Path data() {
        return stateDir.resolve("data");
    }

    private static int port(String name, int fallback) {
        String env = "VIBE_" + name.toUpperCase().replace('.', '_') + "_PORT";
        String value = setting("vibe.port." + name, env, Integer.toString(fallback));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(env + " must be a port number, got '" + value + "'");
        }
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
