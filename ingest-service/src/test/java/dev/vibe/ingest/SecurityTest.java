package dev.vibe.ingest;

import dev.vibe.common.events.Topics;
import dev.vibe.stack.PostgresServer;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With vibe.api-key set, every /api/v1 call needs X-API-Key, reads included (and a refused call stores nothing);
 * neither the Spotify client secret nor a listener's access token ever appears in logs, events, the database,
 * responses or the /q endpoints.
 */
@Tag("stack")
@QuarkusTest
@TestProfile(SecurityTest.WithApiKey.class)
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class SecurityTest {

    static final String KEY = "test-api-key-5b1e";
    static final Path LOG = Path.of("target", "security-test.log").toAbsolutePath();
    static final String BODY_SECRET = "secret-from-a-request-body-93d1";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vibe.api-key", KEY,
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.category.\"dev.vibe\".level", "DEBUG");
        }
    }

    static int playlistCount() {
        return given().header("X-API-Key", KEY).get("/api/v1/playlists").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    @Test
    void mutatingCallsNeedTheApiKeyAndARefusedCallStoresNothing() {
        String csv = Csv.read("exportify/Country.csv");
        int before = playlistCount();
        for (String key : new String[]{null, "", "wrong-key", KEY + "x"}) {
            var request = given().contentType("text/csv").queryParam("name", "Guarded Country").body(csv.getBytes(StandardCharsets.UTF_8));
            if (key != null) {
                request.header("X-API-Key", key);
            }
            request.post("/api/v1/playlists/exportify").then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("X-API-Key")).header("WWW-Authenticate", containsString("X-API-Key"));
        }
        given().contentType("application/json").body(Map.of("playlistIds", List.of("a", "b"))).post("/api/v1/vibes").then().statusCode(401);
        given().contentType("text/csv").queryParam("name", "cat").body("id,danceability\n".getBytes()).post("/api/v1/catalogue").then().statusCode(401);
        given().contentType("application/json").body(Map.of("playlist", "spotify:playlist:AnyPlaylist00000000001"))
                .post("/api/v1/playlists/spotify").then().statusCode(401);
        assertEquals(before, playlistCount(), "nothing stored by refused calls");
        given().header("X-API-Key", KEY).get("/api/v1/playlists/guarded-country").then().statusCode(404);

        given().header("X-API-Key", KEY).contentType("text/csv").queryParam("name", "Guarded Country").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/playlists/exportify").then().statusCode(201).body("playlistId", equalTo("guarded-country"));
        assertEquals(before + 1, playlistCount());
        given().header("X-API-Key", KEY).get("/api/v1/playlists/guarded-country").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/api/v1/tracks/{id}", "0000000000000000000000").then().statusCode(404);
    }

    @Test
    void readsNeedTheKeyTooButHealthMetricsAndOpenApiDoNot() {
        // every song of every playlist is a listener's data: no read answers a caller without the key
        for (String read : List.of("/api/v1/playlists", "/api/v1/playlists/guarded-country", "/api/v1/vibes", "/api/v1/vibes/any",
                "/api/v1/tracks/0000000000000000000000", "/api/v1/catalogue")) {
            given().get(read).then().statusCode(401).contentType("application/problem+json").body("detail", containsString("X-API-Key"));
            given().header("X-API-Key", "not-" + KEY).get(read).then().statusCode(401);
        }
        given().header("X-API-Key", KEY).get("/api/v1/playlists").then().statusCode(200);
        for (String open : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().get(open).then().statusCode(200);
        }
    }

    @Test
    void theSpotifyClientSecretAndListenersTokensAppearNowhere() throws Exception {
        List<String> seen = new ArrayList<>();
        given().header("X-API-Key", KEY).contentType("text/csv").queryParam("name", "Leak Check").body(Csv.read("exportify/Bluey.csv")
                .getBytes(StandardCharsets.UTF_8)).post("/api/v1/playlists/exportify").then().statusCode(201);
        // a Spotify import with the app's credentials (the playlist does not exist: Spotify's 404), and one with
        // credentials that Spotify refuses
        seen.add(given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("playlist", "spotify:playlist:NoSuchPlaylist00000001", "clientId", dev.vibe.fakes.FakeSpotify.CLIENT_ID,
                        "clientSecret", dev.vibe.fakes.FakeSpotify.CLIENT_SECRET))
                .post("/api/v1/playlists/spotify").then().statusCode(404).extract().asString());
        seen.add(given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("playlist", "spotify:playlist:NoSuchPlaylist00000002", "clientId", "someone", "clientSecret", BODY_SECRET))
                .post("/api/v1/playlists/spotify").then().statusCode(502).extract().asString());
        // imports with a listener's token: one that works (ReccoBeats fills the features), one Spotify refuses (not the
        // listener's playlist), one with an expired token
        OutsideServices.spotify.reset();
        OutsideServices.reccoBeats.reset();
        String mine = "LeakCheckMine000000001";
        var bluey = dev.vibe.common.csv.SongCsv.read(Csv.read("exportify/Bluey.csv")).songs();
        OutsideServices.spotify.playlist(mine, "Mine", dev.vibe.fakes.FakeSpotify.LISTENER,
                List.of(dev.vibe.fakes.FakeSpotify.Item.track("Lk00000000000000000001", "Song", List.of("A"), "B", 200_000)));
        OutsideServices.reccoBeats.knows("Lk00000000000000000001", bluey.get(0).features());
        OutsideServices.spotify.user("dj", "DJ").playlist("LeakCheckTheirs0000001", "Theirs", "dj", List.of());
        String token = OutsideServices.spotify.userToken(dev.vibe.fakes.FakeSpotify.LISTENER);
        String expired = OutsideServices.spotify.userToken(dev.vibe.fakes.FakeSpotify.LISTENER);
        seen.add(given().header("X-API-Key", KEY).header("X-Spotify-Token", token).contentType("application/json")
                .body(Map.of("playlist", mine)).post("/api/v1/playlists/spotify").then().statusCode(201).extract().asString());
        seen.add(given().header("X-API-Key", KEY).header("X-Spotify-Token", token).contentType("application/json")
                .body(Map.of("playlist", "LeakCheckTheirs0000001")).post("/api/v1/playlists/spotify").then().statusCode(403).extract().asString());
        OutsideServices.spotify.advanceClock(java.time.Duration.ofHours(2));
        seen.add(given().header("X-API-Key", KEY).header("X-Spotify-Token", expired).contentType("application/json")
                .body(Map.of("playlist", mine)).post("/api/v1/playlists/spotify").then().statusCode(502).extract().asString());
        for (String path : List.of("/q/openapi", "/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/api/v1/playlists", "/api/v1/vibes")) {
            seen.add(path + " " + given().header("X-API-Key", KEY).get(path).then().extract().asString());
        }
        // every event on every topic
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "leak-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.FEATURES, Topics.TRAINING_REQUESTS, Topics.TRAINING_STATUS, Topics.MODELS));
            long end = System.currentTimeMillis() + 60_000;
            int records = 0;
            while (System.currentTimeMillis() < end) {
                if (records > 0 && end - System.currentTimeMillis() > 3000) {
                    end = System.currentTimeMillis() + 3000; // read on a little after the first records
                }
                for (var r : consumer.poll(Duration.ofMillis(250))) {
                    seen.add("event " + r.key() + " " + new String(r.value(), StandardCharsets.UTF_8));
                    records++;
                }
            }
            assertTrue(records > 0, "the topics were read");
        }
        // every row the service stored
        var pg = VibeStackTestResource.servers().postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
             var tables = c.createStatement().executeQuery("select table_name from information_schema.tables where table_schema = 'ingest'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertTrue(names.contains("outbox_event") && names.contains("track"), names.toString());
            for (String t : names) {
                // the outbox holds events as bytes: read them as the UTF-8 text they are, not as hex
                String select = t.equals("outbox_event")
                        ? "select coalesce(string_agg(topic || ' ' || event_key || ' ' || convert_from(payload, 'UTF8'), ' '), '') from ingest.outbox_event"
                        : "select coalesce(string_agg(x::text, ' '), '') from ingest." + t + " x";
                try (var rows = c.createStatement().executeQuery(select)) {
                    rows.next();
                    seen.add("table " + t + " " + rows.getString(1));
                }
            }
        }
        seen.add("log " + Files.readString(LOG));
        assertTrue(Files.readString(LOG).contains("ingest-service"), "this is the service's log");

        String basic = Base64.getEncoder().encodeToString((dev.vibe.fakes.FakeSpotify.CLIENT_ID + ":" + dev.vibe.fakes.FakeSpotify.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        String bodyBasic = Base64.getEncoder().encodeToString(("someone:" + BODY_SECRET).getBytes(StandardCharsets.UTF_8));
        for (String text : seen) {
            for (String secret : List.of(dev.vibe.fakes.FakeSpotify.CLIENT_SECRET, BODY_SECRET, basic, bodyBasic, KEY, token, expired)) {
                assertFalse(text.contains(secret), "a secret shows in: " + text.substring(0, Math.min(160, text.length())));
            }
        }
    }
}
