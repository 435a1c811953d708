package dev.vibe.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts one of the three services as a child JVM on loopback, its output appended to {@code <logs>/<name>.log}. */
public final class ServiceLauncher {

    private ServiceLauncher() {
    }

    /**
     * @param infrastructure the database and broker settings ({@link LocalServers#serviceConfig()})
     * @param ingestUrl      where scoring reads stored playlists and vibe states
     * @param trainerUrl     where scoring gets the models it serves
     * @param extra          more settings for this service (may be empty)
     */
    public static Process launch(StackConfig.Service service, Map<String, String> infrastructure, String ingestUrl, String trainerUrl,
                                 Map<String, String> extra, Path logs) throws IOException {
        return launch(service, service.name(), infrastructure, ingestUrl, trainerUrl, extra, logs);
    }

    /** Like the above for one of several instances of a service; its output goes to {@code <logs>/<instance>.log}. */
    public static Process launch(StackConfig.Service service, String instance, Map<String, String> infrastructure, String ingestUrl,
                                 String trainerUrl, Map<String, String> extra, Path logs) throws IOException {
        if (!Files.isRegularFile(service.jar())) {
            throw new IllegalStateException(service.jar() + " is missing: build first (mvn -DskipTests install)");
        }
        Map<String, String> props = new LinkedHashMap<>(infrastructure);
        props.put("quarkus.http.port", Integer.toString(service.port()));
        props.put("quarkus.http.host", "127.0.0.1");
        if (service.name().equals("scoring")) {
            props.put("quarkus.rest-client.ingest.url", ingestUrl);
            props.put("quarkus.rest-client.trainer.url", trainerUrl);
        }
        props.putAll(extra);
        List<String> cmd = new ArrayList<>(List.of(ProcessControl.javaExecutable(), "-Xms64m", "-Xmx768m",
                "-Dai.djl.offline=true", "-Djava.net.preferIPv4Stack=true"));
        String options = System.getProperty("vibe.stack.jvm-options", System.getenv().getOrDefault("VIBE_STACK_JVM_OPTIONS", "")).strip();
        if (!options.isEmpty()) { // e.g. the tests' "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC": many short-lived JVMs on 2 cores
            cmd.addAll(List.of(options.split("\\s+")));
        }
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", service.jar().toString()));
        Files.createDirectories(logs);
        return new ProcessBuilder(cmd)
                .directory(VibeHome.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(instance + ".log").toFile()))
                .start();
    }
}
