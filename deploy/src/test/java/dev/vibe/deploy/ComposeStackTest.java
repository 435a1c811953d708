package dev.vibe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml for real: the three services' images built from this build's fast-jars, {@code docker-compose up
 * -d} with the API key set, and the listener's flow through the ports published on 127.0.0.1 (import four bundled
 * playlists and a test playlist, train, score, describe, load the bundled catalogue and recommend, the page); each
 * service restarted with nothing lost; {@code down} and {@code up} with the data kept in the volumes; {@code down -v}
 * leaving no container, network or volume. Where Docker Hub cannot be reached (these machines), Kafka, PostgreSQL and
 * the JRE are stand-ins built from Debian's packages and this build's Kafka jars (deploy/docker/stand-ins/build.sh,
 * once per machine). Runs wherever a Docker engine answers; under CI=true a missing engine is a failure.
 */
@Tag("compose")
@Tag("stack")
class ComposeStackTest {

    static final String PROJECT = "vibecomposetest";
    static final List<String> SERVICES = List.of("kafka", "postgres", "ingest", "trainer", "scoring");
    static final List<String> ONE_SHOTS = List.of("kafka-init");
    static final Duration HEALTHY = Duration.ofMinutes(4);

    final String key = "compose-" + UUID.randomUUID();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, Long> times = new LinkedHashMap<>();
    String ingest;
    String trainer;
    String scoring;

    @Test
    void theListenersFlowInContainersSurvivesRestartsAndDownUpAndLeavesNothingBehind() throws Exception {
        boolean engine = Compose.engineAnswers();
        if (!engine && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("no Docker engine answers (docker info): .ci/run installs docker.io and starts dockerd");
        }
        assumeTrue(engine, "no Docker engine answers here (docker info); the compose file is still checked by ComposeFileTest");
        for (String s : ServiceConfig.SERVICES) {
            assertTrue(Files.exists(ServiceConfig.ROOT.resolve(s + "-service/target/quarkus-app/quarkus-run.jar")),
                    s + " is not built: the images are made from target/quarkus-app (mvn -B package, or mvn -B verify, first)");
        }

        Map<String, String> env = new LinkedHashMap<>(images());
        int[] ports = {Ports.free(), Ports.free(), Ports.free()};
        env.put("VIBE_INGEST_PORT", Integer.toString(ports[0]));
        env.put("VIBE_TRAINER_PORT", Integer.toString(ports[1]));
        env.put("VIBE_SCORING_PORT", Integer.toString(ports[2]));
        env.put("VIBE_API_KEY", key);
        env.put("VIBE_IMAGE_PREFIX", PROJECT); // the user's own vibe/* images stay as they are
        ingest = "http://127.0.0.1:" + ports[0];
        trainer = "http://127.0.0.1:" + ports[1];
        scoring = "http://127.0.0.1:" + ports[2];
        Compose compose = new Compose(PROJECT, env);
        compose.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans"); // what a killed run left
        boolean removed = false;
        try {
            step("build the services' images", () -> compose.must(Duration.ofMinutes(10), "build"));
            step("up to all healthy", () -> {
                compose.must(HEALTHY, "up", "-d");
                compose.awaitHealthy(SERVICES, ONE_SHOTS, HEALTHY);
            });
            for (String p : List.of("ingest", "trainer", "scoring")) {
                String published = compose.must(Duration.ofSeconds(30), "port", p, Integer.toString(ServiceConfig.load(p).port())).strip();
                assertTrue(published.matches("127\\.0\\.0\\.1:[0-9]+"), p + " is published on loopback only: " + published);
            }
            for (String p : List.of("ingest", "trainer", "scoring")) {
                assertEquals("10001", compose.must(Duration.ofSeconds(30), "exec", "-T", p, "id", "-u").strip(), p + " runs as an unprivileged user");
            }
            strangersAreKeptOut();

            Map<String, JsonNode> before = new LinkedHashMap<>();
            step("import, train, score, describe, catalogue, recommend", () -> before.putAll(theListenersFlow()));

            for (String service : List.of("ingest", "trainer", "scoring")) {
                step("restart " + service, () -> {
                    compose.must(Duration.ofMinutes(2), "restart", service);
                    compose.awaitHealthy(SERVICES, ONE_SHOTS, HEALTHY);
                });
                nothingLost(before, service + " restarted");
            }

            step("down, then up with the volumes kept", () -> {
                compose.must(Duration.ofMinutes(2), "down");
                assertEquals(List.of(), compose.containers(), "down removes the containers");
                compose.must(HEALTHY, "up", "-d");
                compose.awaitHealthy(SERVICES, ONE_SHOTS, HEALTHY);
            });
            nothingLost(before, "down and up");

            step("down -v", () -> compose.must(Duration.ofMinutes(2), "down", "-v"));
            removed = true;
            assertEquals(List.of(), compose.leftovers(), "down -v leaves no container, network or volume of the project");
        } finally {
            if (!removed) {
                compose.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
            }
            times.forEach((step, ms) -> System.out.printf("[compose] %-55s %6.1f s%n", step, ms / 1000.0));
        }
    }

    /** The official images when this machine has them, else the stand-ins (built once per machine, by content hash). */
    Map<String, String> images() throws Exception {
        boolean official = "official".equals(System.getenv("VIBE_COMPOSE_IMAGES"))
                || Compose.run(List.of("docker", "image", "inspect", "apache/kafka:4.3.1", "postgres:16", "eclipse-temurin:17-jre"),
                Map.of(), Duration.ofSeconds(30)).exit() == 0;
        if (official) {
            System.out.println("[compose] the official images are here: Kafka, PostgreSQL and the JRE as docker-compose.yml names them");
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        step("stand-in images (Debian packages, Maven's Kafka jars)", () -> {
            Compose.Result r = Compose.run(List.of("bash", ServiceConfig.ROOT.resolve("deploy/docker/stand-ins/build.sh").toString()),
                    Map.of(), Duration.ofMinutes(15));
            assertEquals(0, r.exit(), r.output());
            r.output().lines().filter(l -> l.matches("VIBE_[A-Z]+_IMAGE=\\S+")).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        });
        assertEquals(List.of("VIBE_JRE_IMAGE", "VIBE_POSTGRES_IMAGE", "VIBE_KAFKA_IMAGE"), List.copyOf(env.keySet()), env.toString());
        System.out.println("[compose] stand-ins for the images Docker Hub would give: " + env);
        return env;
    }

    /** With the key set, every /api/v1 read of every service is refused without it; health and the page stay open. */
    void strangersAreKeptOut() throws Exception {
        for (String url : List.of(ingest + "/api/v1/playlists", trainer + "/api/v1/models", scoring + "/api/v1/playlists", scoring + "/api/v1/vibes")) {
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(url)).GET(), false).statusCode(), url + " without the key");
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url)).GET(), true).statusCode(), url + " with the key");
        }
        for (String url : List.of(ingest + "/q/health/ready", trainer + "/q/health/ready", scoring + "/q/health/ready", scoring + "/")) {
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url)).GET(), false).statusCode(), url + " stays open");
        }
    }

    /** The flow; returns what must look the same after restarts: the playlists, the scores, the recommendations. */
    Map<String, JsonNode> theListenersFlow() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String p : List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country")) {
            JsonNode report = importCsv(p, p.replace('_', ' '));
            ids.add(report.get("playlistId").asText());
        }
        assertEquals(List.of("bluey", "praise-bangers", "no-words-allowed", "country"), ids);
        assertEquals(31, importCsv("Acoustic", "Compose Test").get("songs").asInt());

        HttpResponse<String> vibe = send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/vibes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.MAPPER.writeValueAsString(Map.of("playlistIds", ids)))), true);
        assertEquals(202, vibe.statusCode(), vibe.body());
        String id = json(vibe).get("id").asText();
        JsonNode ready = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            ready = get(ingest + "/api/v1/vibes/" + id);
            if (List.of("READY", "FAILED").contains(ready.get("status").asText())) {
                break;
            }
            Thread.sleep(1000); // the vibe's status is ingest's record of the trainer's events; polled as the page does
        }
        assertEquals("READY", ready.get("status").asText(), ready.toString());

        JsonNode scores = score(id);
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), strings(scores.get("playlists")));
        assertEquals(31, scores.get("matrix").size(), "a row per song of the test playlist");
        for (JsonNode row : scores.get("matrix")) {
            assertEquals(4, row.size(), "a column per playlist");
            row.forEach(p -> assertTrue(p.asDouble() >= 0 && p.asDouble() <= 1, row.toString()));
        }

        JsonNode profile = get(scoring + "/api/v1/vibes/" + id + "/profile");
        assertEquals(4, profile.get("playlists").size());
        for (JsonNode p : profile.get("playlists")) {
            assertFalse(p.at("/description/summary").asText().isBlank(), "each playlist's vibe in words: " + p);
        }

        Path catalogue = ServiceConfig.ROOT.resolve("data/catalogue/tidytuesday-sample.csv");
        HttpResponse<String> load = send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/catalogue?name=tidytuesday-sample"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(catalogue)), true);
        assertEquals(200, load.statusCode(), load.body());
        int loaded = json(load).get("loaded").asInt();
        assertTrue(loaded > 1000, load.body());
        JsonNode recommended = recommend(id, loaded);
        assertEquals(4, recommended.get("playlists").size());
        for (JsonNode p : recommended.get("playlists")) {
            assertEquals(5, p.get("songs").size(), p.toString());
        }

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(scoring + "/")).GET(), false);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());

        Map<String, JsonNode> kept = new LinkedHashMap<>();
        kept.put("vibe", EventJson.MAPPER.valueToTree(Map.of("id", id, "loaded", loaded)));
        kept.put("playlists", playlistSongs());
        kept.put("scores", scores.get("matrix"));
        kept.put("recommendations", recommended.get("playlists"));
        return kept;
    }

    /** After a restart or down/up: the same playlists, the model reloaded (the same scores), the catalogue replayed. */
    void nothingLost(Map<String, JsonNode> before, String after) throws Exception {
        String id = before.get("vibe").get("id").asText();
        assertEquals(before.get("playlists"), playlistSongs(), "the stored playlists after " + after);
        assertEquals("READY", get(ingest + "/api/v1/vibes/" + id).get("status").asText(), after);
        assertEquals(id, get(trainer + "/api/v1/models/" + id).get("vibeId").asText(), "the trainer's model after " + after);
        assertEquals(before.get("scores"), score(id).get("matrix"), "the vibe scores as before after " + after);
        assertEquals(before.get("recommendations"), recommend(id, before.get("vibe").get("loaded").asInt()).get("playlists"),
                "recommendations from the catalogue after " + after);
        strangersAreKeptOut();
    }

    JsonNode importCsv(String file, String name) throws Exception {
        Path csv = ServiceConfig.ROOT.resolve("data/exportify/" + file + ".csv");
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/playlists/exportify?name=" + name.replace(" ", "%20")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)), true);
        assertEquals(201, r.statusCode(), file + ": " + r.body());
        return json(r);
    }

    JsonNode score(String vibe) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(scoring + "/api/v1/vibes/" + vibe + "/score"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"playlistId\":\"compose-test\"}")), true);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    /** Waits until scoring has read the whole catalogue (from its compacted topic), then asks for 5 songs per playlist. */
    JsonNode recommend(String vibe, int loaded) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode pools = null;
        while (System.nanoTime() < deadline) {
            pools = get(scoring + "/api/v1/pools");
            boolean complete = false;
            for (JsonNode p : pools) {
                complete |= p.get("id").asText().equals("catalogue:tidytuesday-sample") && p.get("complete").asBoolean() && p.get("songs").asInt() == loaded;
            }
            if (complete) {
                return get(scoring + "/api/v1/vibes/" + vibe + "/recommendations?pool=catalogue:tidytuesday-sample&limit=5&explain=false");
            }
            Thread.sleep(500); // scoring replays vibe-catalogue at its own pace; its pool list says when it is done
        }
        throw new AssertionError("scoring never had the whole catalogue (" + loaded + " songs): " + pools);
    }

    /** Every stored playlist with its songs' ids, in order: what a restart must not lose. */
    JsonNode playlistSongs() throws Exception {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (JsonNode p : get(ingest + "/api/v1/playlists")) {
            String id = p.get("id").asText();
            List<String> songs = new ArrayList<>();
            get(ingest + "/api/v1/playlists/" + id).get("songs").forEach(s -> songs.add(s.get("id").asText()));
            all.put(id, songs);
        }
        assertEquals(5, all.size(), all.keySet().toString());
        return EventJson.MAPPER.valueToTree(all);
    }

    JsonNode get(String url) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET(), true);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return json(r);
    }

    HttpResponse<String> send(HttpRequest.Builder request, boolean withKey) throws IOException, InterruptedException {
        if (withKey) {
            request.header("X-API-Key", key);
        }
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return EventJson.MAPPER.readTree(r.body());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    interface Step {
        void run() throws Exception;
    }

    void step(String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        System.out.println("[compose] " + name + " ...");
        step.run();
        times.put(name, (System.nanoTime() - t0) / 1_000_000);
    }
}
