package dev.vibe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service really reads: the keys of its application.properties (and the environment variables Quarkus maps
 * onto them), the variables its properties reference, and those the services' one Dockerfile declares.
 */
record ServiceConfig(String name, Map<String, String> properties, Set<String> envNames, String dockerfile) {

    static final Path ROOT = Path.of(System.getProperty("vibe.home", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("ingest", "trainer", "scoring");
    /** The one image shape of the three services (Quarkus JVM mode, the module's target/quarkus-app as context). */
    static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile.jvm");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern DOCKER_ENV = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z][A-Z0-9_]*)=");

    static ServiceConfig load(String service) {
        Path dir = ROOT.resolve(service + "-service");
        try {
            Map<String, String> props = new LinkedHashMap<>();
            Set<String> env = new TreeSet<>();
            for (String line : Files.readAllLines(dir.resolve("src/main/resources/application.properties"))) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                    continue;
                }
                String key = l.substring(0, l.indexOf('=')).strip();
                String value = l.substring(l.indexOf('=') + 1).strip();
                if (!key.startsWith("%")) {
                    props.put(key, value);
                }
                env.add(envName(key.replaceFirst("^%[a-z]+\\.", "")));
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    env.add(m.group(1));
                }
            }
            String dockerfile = Files.readString(DOCKERFILE);
            Matcher m = DOCKER_ENV.matcher(dockerfile);
            while (m.find()) {
                env.add(m.group(1));
            }
            return new ServiceConfig(service, props, env, dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quarkus's mapping of a property to an environment variable: upper case, every other character '_'. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    int port() {
        return Integer.parseInt(properties.get("quarkus.http.port"));
    }

    boolean reads(String envVar) {
        return envNames.contains(envVar);
    }
}
