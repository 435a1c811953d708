package dev.vibe.scoring;

import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recommendations from songs the service learned from events (a catalogue published in parts, stored songs as feature
 * records) and from a stored playlist: the picks are the model's best (checked against the model's own forward pass
 * over the whole pool), songs on the playlist are left out, every option and pool works, pages continue each other,
 * the CSV reads back through Vibe's own reader, and bad requests get problem+json.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class RecommendTest {

    static final String VIBE = "recommend-test-vibe";
    static final String CATALOGUE = "sample";
    static Models.Trained model;
    /** The catalogue as published: id -> song. */
    static final Map<String, CataloguePart.Song> catalogue = new HashMap<>();
    /** Stored songs published as feature records. */
    static final Map<String, FeatureRecord> stored = new HashMap<>();
    /** Training songs of Country (playlist 3), put into the catalogue too: they must never be recommended for Country. */
    static final Set<String> countrySongsInCatalogue = new HashSet<>();

    @BeforeAll
    static void aModelACatalogueAndStoredSongs() throws Exception {
        model = Models.train(42);
        Models.announce(VIBE, 1, Models.register(VIBE, 1, model));

        SongCsv.Result csv = SongCsv.read(new StringReader(Files.readString(Path.of(System.getProperty("vibe.home", ".."))
                .resolve("data/catalogue/tidytuesday-sample.csv"))));
        for (SongCsv.Song s : csv.songs()) {
            if (s.completeFeatures().isPresent() && catalogue.size() < 1200) {
                catalogue.put(s.trackId(), new CataloguePart.Song(s.trackId(), s.name(), s.artists(), s.completeFeatures().get()));
            }
        }
        for (LabeledSongs.Song s : model.data().songs()) {
            if (s.labels()[3] && countrySongsInCatalogue.size() < 10) {
                countrySongsInCatalogue.add(s.id());
                catalogue.put(s.id(), new CataloguePart.Song(s.id(), s.name(), List.of("Country Training Artist"), AudioFeatures.of(s.features())));
            }
        }
        List<CataloguePart.Song> songs = new ArrayList<>(catalogue.values());
        // an older load of the same catalogue, published after the newer one: it must be ignored
        publishCatalogue(Instant.parse("2020-01-01T00:00:00Z"), List.of(new CataloguePart.Song("0ldLoadOnlySong0000000", "Old", List.of("Old"),
                catalogue.values().iterator().next().features())));
        publishCatalogue(Instant.parse("2026-01-01T00:00:00Z"), songs);
        publishCatalogue(Instant.parse("2019-01-01T00:00:00Z"), List.of(new CataloguePart.Song("0lderLoadSong000000000", "Older", List.of("Old"),
                catalogue.values().iterator().next().features())));

        List<LabeledSongs.Song> playlistSongs = model.data().songs().subList(0, 40);
        try (var producer = producer()) {
            for (LabeledSongs.Song s : playlistSongs) {
                FeatureRecord f = new FeatureRecord(s.id(), 1, s.name(), List.of("Stored Artist " + s.id().charAt(0)), AudioFeatures.of(s.features()),
                        FeatureSource.EXPORTIFY_CSV, Instant.now());
                stored.put(s.id(), f);
                producer.send(new ProducerRecord<>(Topics.FEATURES, s.id(), f)).get();
            }
        }
    }

    @BeforeEach
    void theServiceHasReadThemAll() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath pools = given().get("/api/v1/pools").then().statusCode(200).extract().jsonPath();
            // absent until the service has read the catalogue's first part
            Integer inCatalogue = pools.get("find { it.id == 'catalogue:" + CATALOGUE + "' }.songs");
            Integer inStored = pools.get("find { it.id == 'stored' }.songs");
            return Integer.valueOf(catalogue.size()).equals(inCatalogue) && Integer.valueOf(stored.size()).equals(inStored)
                    && Boolean.TRUE.equals(pools.get("find { it.id == 'all' }.complete"));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
    }

    static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers()),
                new StringSerializer(), new EventSerializer<>());
    }

    static void publishCatalogue(Instant loadedAt, List<CataloguePart.Song> songs) throws Exception {
        int parts = (songs.size() + CataloguePart.SONGS_PER_PART - 1) / CataloguePart.SONGS_PER_PART;
        try (var producer = producer()) {
            for (int p = 0; p < parts; p++) {
                CataloguePart part = new CataloguePart(CATALOGUE, loadedAt, p, parts,
                        songs.subList(p * CataloguePart.SONGS_PER_PART, Math.min(songs.size(), (p + 1) * CataloguePart.SONGS_PER_PART)));
                producer.send(new ProducerRecord<>(Topics.CATALOGUE, part.key(), part)).get();
            }
        }
    }

    static JsonPath recommend(Map<String, Object> query) {
        return given().queryParams(query).get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    /** The model's probabilities (its own forward pass in Java) for every song of a pool. */
    static Map<String, double[]> expected(Map<String, AudioFeatures> pool) {
        Map<String, double[]> p = new HashMap<>();
        pool.forEach((id, f) -> p.put(id, model.network().predict(toDouble(f))));
        return p;
    }

    static double[] toDouble(AudioFeatures f) {
        float[] raw = new float[FeatureSchema.SIZE];
        java.util.Arrays.fill(raw, Float.NaN);
        f.copyTo(raw, 0);
        double[] d = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            d[i] = raw[i];
        }
        return d;
    }

    static Set<String> trainingSongsOf(int playlist) {
        Set<String> ids = new HashSet<>();
        model.data().songs().stream().filter(s -> s.labels()[playlist]).forEach(s -> ids.add(s.id()));
        return ids;
    }

    static Map<String, AudioFeatures> catalogueFeatures() {
        Map<String, AudioFeatures> out = new HashMap<>();
        catalogue.forEach((id, s) -> out.put(id, s.features()));
        return out;
    }

    /** The picks are the best of the pool by the model: sorted, each at its true probability, none left out that beats the last. */
    static void assertBestOf(JsonPath r, int k, Map<String, double[]> p, Set<String> leftOut, int limit) {
        String at = "playlists[" + k + "].songs";
        List<String> ids = r.getList(at + ".trackId");
        List<Double> probabilities = r.getList(at + ".probability", Double.class);
        assertEquals(limit, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(p.get(ids.get(i))[k], probabilities.get(i), 1e-5, ids.get(i));
            assertFalse(leftOut.contains(ids.get(i)), ids.get(i) + " is on the playlist already");
            if (i > 0) {
                assertTrue(probabilities.get(i) <= probabilities.get(i - 1), "best first");
            }
        }
        double last = probabilities.get(ids.size() - 1);
        p.forEach((id, q) -> {
            if (!ids.contains(id) && !leftOut.contains(id)) {
                assertTrue(q[k] <= last + 1e-5, id + " (" + q[k] + ") beats the last pick (" + last + ")");
            }
        });
    }

    @Test
    void eachPlaylistGetsTheBestSongsOfTheCatalogueThatAreNotOnItAlready() {
        JsonPath r = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "limit", 15));
        assertEquals(VIBE, r.getString("vibe"));
        assertEquals(catalogue.size(), r.getInt("poolSongs"));
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), r.getList("playlists.playlist"));
        Map<String, double[]> p = expected(catalogueFeatures());
        for (int k = 0; k < 4; k++) {
            assertBestOf(r, k, p, trainingSongsOf(k), 15);
        }
        // Country's own songs are never picked for Country, but they are candidates there (so they would have been)
        Set<String> country = trainingSongsOf(3);
        assertTrue(country.containsAll(countrySongsInCatalogue));
        assertEquals(catalogue.keySet().stream().filter(id -> !country.contains(id)).count(), r.getInt("playlists[3].candidates"));
        // every pick is explained as scoring explains a song, for its playlist
        assertEquals("Country", r.getString("playlists[3].songs[0].explanation.playlist"));
        assertEquals(3, r.getList("playlists[3].songs[0].explanation.nearest").size());
        assertTrue(r.getString("playlists[0].songs[0].uri").startsWith("spotify:track:"));
    }

    @Test
    void filtersNarrowThePicksAsTheyPromise() {
        Map<String, double[]> p = expected(catalogueFeatures());
        JsonPath r = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "no words allowed", "limit", 50, "minProbability", 0.6));
        assertEquals(List.of("No Words Allowed"), r.getList("playlists.playlist"));
        long eligible = p.entrySet().stream().filter(e -> e.getValue()[2] >= 0.6 && !trainingSongsOf(2).contains(e.getKey())).count();
        assertEquals(eligible, r.getInt("playlists[0].candidates"));
        assertTrue(r.getList("playlists[0].songs.probability", Double.class).stream().allMatch(v -> v >= 0.6 - 1e-6));

        JsonPath m = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "Bluey", "minMargin", 0.3, "limit", 100));
        for (Map<String, Object> s : m.<Map<String, Object>>getList("playlists[0].songs")) {
            double[] q = p.get((String) s.get("trackId"));
            double margin = q[0] - Math.max(q[1], Math.max(q[2], q[3]));
            assertEquals(margin, (Double) s.get("margin"), 1e-5);
            assertTrue(margin >= 0.3 - 1e-6, "margin " + margin);
        }

        JsonPath capped = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "limit", 40, "perArtist", 1, "explain", false));
        for (int k = 0; k < 4; k++) {
            List<List<String>> artists = capped.getList("playlists[" + k + "].songs.artists");
            List<String> first = artists.stream().map(a -> a.get(0).toLowerCase()).toList();
            assertEquals(new HashSet<>(first).size(), first.size(), "one song per artist: " + first);
            assertEquals(null, (Object) capped.get("playlists[" + k + "].songs[0].explanation"));
        }
    }

    @Test
    void pagesContinueEachOther() {
        JsonPath top = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "Country", "limit", 30, "explain", false));
        JsonPath first = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "Country", "limit", 10, "explain", false));
        JsonPath third = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "Country", "limit", 10, "offset", 20, "explain", false));
        List<String> all = top.getList("playlists[0].songs.trackId");
        assertEquals(all.subList(0, 10), first.getList("playlists[0].songs.trackId"));
        assertEquals(all.subList(20, 30), third.getList("playlists[0].songs.trackId"));
        assertEquals(List.of(21.0, 22.0), third.getList("playlists[0].songs.rank", Double.class).subList(0, 2));
        assertTrue(first.getBoolean("playlists[0].more"));
        int candidates = top.getInt("playlists[0].candidates");
        JsonPath last = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "playlist", "Country", "limit", 10, "offset", candidates - 5, "explain", false));
        assertEquals(5, last.getList("playlists[0].songs").size());
        assertFalse(last.getBoolean("playlists[0].more"));
    }

    @Test
    void everyPoolRanksItsOwnSongs() {
        Map<String, AudioFeatures> storedFeatures = new HashMap<>();
        stored.forEach((id, f) -> storedFeatures.put(id, f.features()));
        JsonPath s = recommend(Map.of("pool", "stored", "limit", 5, "explain", false));
        assertEquals(stored.size(), s.getInt("poolSongs"));
        for (int k = 0; k < 4; k++) {
            Set<String> onIt = trainingSongsOf(k);
            long eligible = stored.keySet().stream().filter(id -> !onIt.contains(id)).count();
            assertEquals(eligible, s.getInt("playlists[" + k + "].candidates"));
            if (eligible >= 5) {
                assertBestOf(s, k, expected(storedFeatures), onIt, 5);
            }
        }

        JsonPath all = recommend(Map.of("limit", 5, "explain", false));
        assertEquals("all", all.getString("pool"));
        Set<String> union = new HashSet<>(catalogue.keySet());
        union.addAll(stored.keySet());
        assertEquals(union.size(), all.getInt("poolSongs"));
        assertFalse(all.getList("playlists.songs.trackId").toString().contains("0ldLoadOnlySong"), "an older catalogue load is ignored");

        // a playlist stored by ingest, read through its API
        List<String> liked = new ArrayList<>(catalogue.keySet()).subList(0, 30);
        List<PlaylistSong> likedSongs = liked.stream().map(catalogue::get)
                .map(c -> FakeIngest.song(c.trackId(), c.name(), c.artists(), c.features().toMap())).toList();
        FakeIngest.server.stubFor(get(urlPathEqualTo("/api/v1/playlists/liked")).willReturn(FakeIngest.ok(FakeIngest.playlist("liked", "Liked Songs", likedSongs))));
        Map<String, AudioFeatures> likedFeatures = new HashMap<>();
        liked.forEach(id -> likedFeatures.put(id, catalogue.get(id).features()));
        JsonPath fromPlaylist = recommend(Map.of("pool", "playlist:liked", "limit", 5));
        assertEquals(30, fromPlaylist.getInt("poolSongs"));
        for (int k = 0; k < 4; k++) {
            assertBestOf(fromPlaylist, k, expected(likedFeatures), trainingSongsOf(k), 5);
        }
    }

    @Test
    void theCsvReadsBackThroughVibesOwnReader() {
        io.restassured.response.Response answer = given().accept("text/csv").queryParam("pool", "catalogue:" + CATALOGUE).queryParam("limit", 7)
                .get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"vibe " + VIBE + " picks for all playlists from catalogue_" + CATALOGUE + ".csv\""))
                .extract().response();
        String csv = answer.asString();
        assertEquals("text/csv;charset=utf-8", answer.getContentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT));
        assertEquals(Integer.toString(answer.asByteArray().length), answer.getHeader("Content-Length"));
        assertTrue(csv.startsWith("Track URI,"), csv.substring(0, Math.min(80, csv.length())));
        SongCsv.Result read = SongCsv.read(new StringReader(csv));
        assertTrue(read.ok(), String.valueOf(read.refusal()));
        assertEquals(28, read.songs().size());
        assertTrue(read.skipped().isEmpty(), read.skipped().toString());
        for (SongCsv.Song s : read.songs()) {
            CataloguePart.Song c = catalogue.get(s.trackId());
            assertEquals(c.name(), s.name());
            assertEquals(c.artists(), s.artists());
            assertEquals(c.features(), s.completeFeatures().orElseThrow(), s.trackId());
        }
        JsonPath json = recommend(Map.of("pool", "catalogue:" + CATALOGUE, "limit", 7, "explain", false));
        assertEquals(json.getList("playlists.songs.trackId").stream().flatMap(l -> ((List<?>) l).stream()).toList(),
                read.songs().stream().map(SongCsv.Song::trackId).toList());
    }

    @Test
    void badRequestsGetProblemsThatSayWhatToDo() {
        given().queryParam("pool", "catalogue:nope").get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("pool")).body("detail", containsString("catalogue:" + CATALOGUE));
        given().queryParam("playlist", "Jazz").get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(400)
                .body("errors[0].field", equalTo("playlist")).body("detail", containsString("Country"));
        given().queryParam("limit", 0).queryParam("minProbability", 2).get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("limit", "minProbability"));
        // every option out of range: one problem, each field once in the order of the query's options
        given().queryParam("limit", 501).queryParam("offset", -1).queryParam("minProbability", "NaN").queryParam("minMargin", -2)
                .queryParam("perArtist", 0).get("/api/v1/vibes/{v}/recommendations", "no-such-vibe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad request"))
                .body("detail", equalTo("Some options are out of range; fix the fields listed in errors."))
                .body("instance", equalTo("/api/v1/vibes/no-such-vibe/recommendations"))
                .body("errors.field", equalTo(List.of("limit", "offset", "minProbability", "minMargin", "perArtist")))
                .body("errors.message", equalTo(List.of("must be between 1 and 500", "must be 0 or more", "must be between 0 and 1",
                        "must be between -1 and 1", "must be 1 or more")));
        given().get("/api/v1/vibes/{v}/recommendations", "no-such-vibe").then().statusCode(404).contentType("application/problem+json");
        FakeIngest.server.stubFor(get(urlPathEqualTo("/api/v1/playlists/gone")).willReturn(FakeIngest.json(404, "{\"title\":\"Not found\"}")));
        given().queryParam("pool", "playlist:gone").get("/api/v1/vibes/{v}/recommendations", VIBE).then().statusCode(400)
                .body("errors[0].field", equalTo("pool"));
    }
}
