package dev.vibe.ingest;

import dev.vibe.stack.PostgresServer;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of malformed requests to every ingest endpoint that takes input: each must be answered 4xx with
 * problem+json whose detail says something, and none may change what is stored (checked on every table's content).
 * Each case is a test of its own, named after the case.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class BadInputCorpusTest {

    record Case(String name, String method, String path, String contentType, byte[] body, int expected, String playlistName) {
        Case(String name, String method, String path, String contentType, byte[] body, int expected) {
            this(name, method, path, contentType, body, expected, null);
        }
    }

    static final String GOOD = Csv.read("exportify/Country.csv");
    static final String HEADER = GOOD.lines().findFirst().orElseThrow();
    static final String ROW = GOOD.lines().skip(1).findFirst().orElseThrow();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The good row with one field replaced (0-based column of the current Exportify header). */
    static String rowWith(int column, String value) {
        List<String> fields = new ArrayList<>(Arrays.asList(ROW.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)));
        fields.set(column, value);
        return String.join(",", fields);
    }

    static Case csv(String name, String body, int expected) {
        return new Case(name, "POST", "/api/v1/playlists/exportify?name=Corpus", "text/csv", utf8(body), expected);
    }

    static Case json(String name, String path, String body, int expected) {
        return new Case(name, "POST", path, "application/json", utf8(body), expected);
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // --- Exportify CSV
        c.add(csv("empty body", "", 400));
        c.add(csv("header only: an empty playlist", HEADER + "\n", 400));
        c.add(csv("no feature columns and songs no source has", "Track URI,Track Name\nspotify:track:0zzzzzzzzzzzzzzzzzzzzz,Song\n", 400));
        c.add(csv("a header no exporter writes", "when,where\n1,2\n", 400));
        c.add(csv("every row bad", HEADER + "\n" + rowWith(12, "NaN") + "\n" + rowWith(22, "-5") + "\n", 400));
        c.add(csv("truncated inside a quoted field", HEADER + "\n" + ROW.substring(0, 60), 400));
        c.add(csv("semicolon delimiter", HEADER.replace(',', ';') + "\n" + ROW.replace(',', ';') + "\n", 400));
        c.add(csv("tab delimiter", HEADER.replace(',', '\t') + "\n" + ROW.replace(',', '\t') + "\n", 400));
        c.add(csv("danceability NaN", HEADER + "\n" + rowWith(12, "NaN") + "\n", 400));
        c.add(csv("tempo Infinity", HEADER + "\n" + rowWith(22, "Infinity") + "\n", 400));
        c.add(csv("tempo negative", HEADER + "\n" + rowWith(22, "-5") + "\n", 400));
        c.add(csv("danceability above 1", HEADER + "\n" + rowWith(12, "1.5") + "\n", 400));
        c.add(csv("loudness 1e308", HEADER + "\n" + rowWith(15, "1e308") + "\n", 400));
        c.add(csv("loudness 1e400 (overflows a double)", HEADER + "\n" + rowWith(15, "1e400") + "\n", 400));
        c.add(csv("key not a whole number", HEADER + "\n" + rowWith(14, "5.5") + "\n", 400));
        c.add(csv("mode 2", HEADER + "\n" + rowWith(16, "2") + "\n", 400));
        c.add(csv("energy is text", HEADER + "\n" + rowWith(13, "loud") + "\n", 400));
        c.add(csv("energy in full-width digits", HEADER + "\n" + rowWith(13, "\uFF10.\uFF15") + "\n", 400));
        c.add(csv("unterminated quote", HEADER + "\n" + ROW.replace("Away\"", "Away") + "\n", 400));
        c.add(csv("a row longer than the header", HEADER + "\n" + ROW + ",extra,fields\n", 400));
        c.add(csv("a row shorter than the header", HEADER + "\n" + ROW.substring(0, ROW.lastIndexOf(',')) + "\n", 400));
        c.add(csv("invalid track URI only", HEADER + "\n" + rowWith(0, "spotify:track:not-an-id!") + "\n", 400));
        c.add(csv("duration negative", HEADER + "\n" + rowWith(5, "-1") + "\n", 400));
        Random random = new Random(11);
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        c.add(new Case("random binary", "POST", "/api/v1/playlists/exportify?name=Corpus", "text/csv", garbage, 400));
        c.add(new Case("UTF-16 text", "POST", "/api/v1/playlists/exportify?name=Corpus", "text/csv",
                (HEADER + "\n" + ROW + "\n").getBytes(StandardCharsets.UTF_16), 400));
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMegabytes, (byte) 'a');
        c.add(new Case("10 MB body", "POST", "/api/v1/playlists/exportify?name=Corpus", "text/csv", tenMegabytes, 413));
        c.add(new Case("name of 2,000 characters", "POST", "/api/v1/playlists/exportify", "text/csv", utf8(GOOD), 400, "n".repeat(2000)));
        c.add(new Case("name of control characters", "POST", "/api/v1/playlists/exportify", "text/csv", utf8(GOOD), 400, "Road\u0000\u0007Trip"));
        c.add(new Case("name without a letter or digit", "POST", "/api/v1/playlists/exportify", "text/csv", utf8(GOOD), 400, "\u2728 \u2728"));
        c.add(new Case("JSON sent as the CSV", "POST", "/api/v1/playlists/exportify?name=Corpus", "application/json", utf8("{\"a\":1}"), 415));
        // --- Spotify import
        String spotify = "/api/v1/playlists/spotify";
        c.add(json("Spotify: invalid JSON", spotify, "{\"playlist\": ", 400));
        c.add(json("Spotify: no playlist", spotify, "{}", 400));
        c.add(json("Spotify: playlist is a number", spotify, "{\"playlist\": 42}", 400));
        c.add(json("Spotify: a track instead of a playlist", spotify, "{\"playlist\": \"spotify:track:3rXCZRMiMZp0feGcYXpwYX\"}", 400));
        c.add(json("Spotify: SQL in the id", spotify, "{\"playlist\": \"spotify:playlist:'; drop table ingest.track; --\"}", 400));
        c.add(json("Spotify: an array", spotify, "[\"spotify:playlist:37i9dQZF1DXcBWIGoYBM5M\"]", 400));
        c.add(json("Spotify: null", spotify, "null", 400));
        c.add(json("Spotify: 10 MB of JSON", spotify, "{\"playlist\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}", 413));
        // --- vibes
        String vibes = "/api/v1/vibes";
        c.add(json("vibe: no playlistIds", vibes, "{}", 400));
        c.add(json("vibe: one playlist", vibes, "{\"playlistIds\": [\"corpus-good\"]}", 400));
        c.add(json("vibe: unknown playlists", vibes, "{\"playlistIds\": [\"corpus-good\", \"no-such-playlist\"]}", 400));
        c.add(json("vibe: the same playlist twice", vibes, "{\"playlistIds\": [\"corpus-good\", \"corpus-good\"]}", 400));
        c.add(json("vibe: playlistIds is a string", vibes, "{\"playlistIds\": \"corpus-good\"}", 400));
        c.add(json("vibe: ids are numbers", vibes, "{\"playlistIds\": [1, 2]}", 400));
        c.add(json("vibe: empty list", vibes, "{\"playlistIds\": []}", 400));
        c.add(json("vibe: null ids", vibes, "{\"playlistIds\": [null, null]}", 400));
        c.add(json("vibe: name of 10,000 characters", vibes, "{\"playlistIds\": [\"corpus-good\", \"corpus-good-2\"], \"name\": \"" + "v".repeat(10_000) + "\"}", 400));
        c.add(json("vibe: duplicate keys", vibes, "{\"playlistIds\": [\"corpus-good\"], \"playlistIds\": [\"corpus-good\", \"corpus-good-2\"]}", 400));
        c.add(json("vibe: unknown field types", vibes, "{\"playlistIds\": {\"a\": 1}}", 400));
        c.add(json("vibe: trailing garbage", vibes, "{\"playlistIds\": [\"corpus-good\", \"corpus-good-2\"]} xyz", 400));
        c.add(new Case("vibe: XML", "POST", vibes, "application/xml", utf8("<vibe/>"), 415));
        // --- catalogue
        String catalogue = "/api/v1/catalogue?name=corpus";
        c.add(new Case("catalogue: empty", "POST", catalogue, "text/csv", new byte[0], 400));
        c.add(new Case("catalogue: no id column", "POST", catalogue, "text/csv", utf8("danceability,energy\n0.5,0.5\n"), 400));
        c.add(new Case("catalogue: no feature columns", "POST", catalogue, "text/csv", utf8("track_id,name\n3rXCZRMiMZp0feGcYXpwYX,x\n"), 400));
        c.add(new Case("catalogue: NaN", "POST", catalogue, "text/csv",
                utf8("track_id,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms\n"
                        + "3rXCZRMiMZp0feGcYXpwYX,NaN,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,200000\n"), 400));
        c.add(new Case("catalogue: truncated", "POST", catalogue, "text/csv",
                utf8("track_id,danceability,energy\n3rXCZRMiMZp0feGcYXpwYX,\"0.5"), 400));
        // --- reads of what does not exist
        c.add(new Case("unknown playlist", "GET", "/api/v1/playlists/no-such-playlist", null, null, 404));
        c.add(new Case("unknown vibe", "GET", "/api/v1/vibes/no-such-vibe", null, null, 404));
        c.add(new Case("unknown track", "GET", "/api/v1/tracks/0000000000000000000000", null, null, 404));
        return c;
    }

    /** Every ingest table's content, as text (outbox rows without their publishing time, which moves on its own). */
    static Map<String, String> stored() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        var pg = VibeStackTestResource.servers().postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "")) {
            List<String> tables = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'ingest' and table_name not like 'flyway%' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String select = t.equals("outbox_event") ? "select id, topic, event_key, md5(payload::text) from ingest.outbox_event order by id"
                        : "select * from ingest." + t + " order by 1";
                try (var rs = c.createStatement().executeQuery("select coalesce(md5(string_agg(x::text, '|')), '') || ':' || count(*) from (" + select + ") x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    private void awaitOutboxPublished() {
        var pg = VibeStackTestResource.servers().postgres();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
                 var rs = c.createStatement().executeQuery("select count(*) from ingest.outbox_event where published_at is null")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    /** Two good playlists the cases refer to (corpus-good, corpus-good-2), stored once for all cases. */
    static boolean goodPlaylistsStored;

    @BeforeEach
    void storeGoodPlaylistsOnce() {
        if (!goodPlaylistsStored) {
            Csv.importPlaylist("Corpus Good", GOOD).statusCode(201);
            Csv.importPlaylist("Corpus Good 2", Csv.read("exportify/Bluey.csv")).statusCode(201);
            awaitOutboxPublished(); // published_at changes when the outbox publishes what these imports appended
            goodPlaylistsStored = true;
        }
    }

    static Stream<Named<Case>> cases() {
        return corpus().stream().map(k -> Named.of(k.name(), k));
    }

    @Test
    void theCorpusHasAtLeast50Cases() {
        assertTrue(corpus().size() >= 50, "corpus of " + corpus().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isA4xxProblemAndChangesNothing(Case k) throws Exception {
        Map<String, String> before = stored();
        assertFalse(before.isEmpty());
        var request = given();
        if (k.contentType() != null) {
            request.contentType(k.contentType());
        }
        if (k.body() != null) {
            request.body(k.body());
        }
        if (k.playlistName() != null) {
            request.queryParam("name", k.playlistName());
        }
        Response r = k.method().equals("GET") ? request.get(k.path()) : request.post(k.path());
        String type = r.getContentType() == null ? "" : r.getContentType();
        String answer = k.name() + ": " + r.statusCode() + " " + type + " " + r.asString().substring(0, Math.min(200, r.asString().length()));
        assertEquals(k.expected(), r.statusCode(), answer);
        assertTrue(type.startsWith("application/problem+json"), answer);
        String detail = r.jsonPath().getString("detail");
        assertTrue(detail != null && !detail.isBlank(), "no detail: " + answer);
        assertEquals(before, stored(), k.name() + ": a rejected request changed stored data");
    }
}
