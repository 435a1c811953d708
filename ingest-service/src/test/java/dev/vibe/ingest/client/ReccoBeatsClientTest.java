package dev.vibe.ingest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.schema.FeatureValues;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibe.fakes.FakeReccoBeats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real client against a local fake that answers as ReccoBeats does today; no Quarkus, no database. */
class ReccoBeatsClientTest {

    static FakeReccoBeats fake;
    static List<SongCsv.Song> songs;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeReccoBeats.start();
        Path liked = Path.of(System.getProperty("vibe.home", "../..")).resolve("data/exportify/Liked_Songs.csv");
        songs = SongCsv.read(Files.readString(liked)).songs();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    static ReccoBeatsClient client(String base, Duration maxRetryAfter) {
        return new ReccoBeatsClient(URI.create(base), 40, maxRetryAfter, Duration.ofSeconds(2));
    }

    /** 100 real songs: ReccoBeats knows the first 70. */
    static List<String> teach() {
        List<String> ids = songs.subList(0, 100).stream().map(SongCsv.Song::trackId).toList();
        for (int i = 0; i < 70; i++) {
            fake.knows(ids.get(i), songs.get(i).completeFeatures().orElseThrow());
        }
        return ids;
    }

    @Test
    void asksInBatchesOf40AndMatchesAnswersBySpotifyLink() {
        List<String> ids = teach();
        ReccoBeatsClient.Answer a = client(fake.baseUrl(), Duration.ofSeconds(30)).features(ids, Instant.now().plusSeconds(30));
        assertNull(a.problem());
        assertEquals(List.of(40, 40, 20), fake.requests().stream().map(List::size).toList());
        assertEquals(70, a.found().size());
        assertEquals(30, a.unknown().size());
        assertTrue(a.unanswered().isEmpty());
        for (int i = 0; i < 70; i++) {
            AudioFeatures real = songs.get(i).completeFeatures().orElseThrow();
            FeatureValues got = a.found().get(ids.get(i));
            for (Feature f : FeatureSchema.FEATURES) {
                if (f == Feature.DURATION_MS || f == Feature.TIME_SIGNATURE) {
                    assertFalse(got.has(f), "ReccoBeats has no " + f.key());
                } else {
                    assertEquals(real.get(f), got.get(f), ids.get(i) + " " + f.key());
                }
            }
        }
        assertTrue(a.unknown().containsAll(ids.subList(70, 100)));
    }

    @Test
    void waitsOutA429AsRetryAfterSaysAndRetriesA500() {
        List<String> ids = teach();
        fake.rateLimitOnce(1).failOnce(500);
        Instant start = Instant.now();
        ReccoBeatsClient.Answer a = client(fake.baseUrl(), Duration.ofSeconds(30)).features(ids, Instant.now().plusSeconds(30));
        assertNull(a.problem(), a.problem());
        assertEquals(70, a.found().size());
        assertEquals(5, fake.requests().size(), "3 batches, the first asked three times");
        assertTrue(Duration.between(start, Instant.now()).toMillis() >= 1000, "the Retry-After of 1 s was honoured");
    }

    @Test
    void aRateLimitedBatchIsAskedAgainOnlyAfterItsRetryAfter() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            String id = "40DGtj95w54IDSbA7BWn3o";
            server.stubFor(get(urlPathEqualTo("/v1/audio-features")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("waited"));
            server.stubFor(get(urlPathEqualTo("/v1/audio-features")).inScenario("limit").whenScenarioStateIs("waited")
                    .willReturn(okJson("{\"content\":[]}")));
            ReccoBeatsClient.Answer a = client(server.baseUrl(), Duration.ofSeconds(30)).features(List.of(id), Instant.now().plusSeconds(30));
            assertNull(a.problem(), a.problem());
            assertEquals(Set.of(id), a.unknown());
            List<LoggedRequest> asked = server.findAll(getRequestedFor(urlPathEqualTo("/v1/audio-features")));
            assertEquals(2, asked.size(), "asked once more after the 429");
            long gap = asked.get(1).getLoggedDate().getTime() - asked.get(0).getLoggedDate().getTime();
            assertTrue(gap >= 1000, "asked again " + gap + " ms after the 429 with Retry-After: 1");
            assertTrue(gap < 5000, "and not much later: " + gap + " ms");
        } finally {
            server.stop();
        }
    }

    @Test
    void aRateLimitLongerThanAllowedLeavesTheRestUnansweredAtOnce() {
        List<String> ids = teach();
        fake.alwaysRateLimited(120);
        ReccoBeatsClient.Answer a = client(fake.baseUrl(), Duration.ofSeconds(30)).features(ids, Instant.now().plusSeconds(60));
        assertTrue(a.problem().contains("asks to wait 120 s"), a.problem());
        assertEquals(100, a.unanswered().size());
        assertEquals(1, fake.requests().size(), "no request after the refusal");
    }

    @Test
    void nothingIsWaitedForPastTheDeadline() {
        List<String> ids = teach();
        fake.alwaysRateLimited(1);
        Instant deadline = Instant.now().plusMillis(2500);
        ReccoBeatsClient.Answer a = client(fake.baseUrl(), Duration.ofSeconds(30)).features(ids, deadline);
        assertTrue(a.problem().contains("time budget") || a.problem().contains("longer than the import may take"), a.problem());
        assertEquals(100, a.unanswered().size());
        assertFalse(Instant.now().isAfter(deadline.plusSeconds(1)), "stopped at the deadline");
    }

    @Test
    void anUnreachableServiceIsAProblemNotAnException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ReccoBeatsClient.Answer a = client("http://127.0.0.1:" + port, Duration.ofSeconds(30)).features(List.of("40DGtj95w54IDSbA7BWn3o"),
                Instant.now().plusSeconds(10));
        assertTrue(a.problem().contains("cannot be reached"), a.problem());
        assertEquals(1, a.unanswered().size());
    }

    @Test
    void featuresOutOfRangeOrMissingAreUnusableNotStored() throws Exception {
        String body = """
                {"content":[
                 {"id":"a","href":"https://open.spotify.com/track/40DGtj95w54IDSbA7BWn3o","acousticness":0.5,"danceability":1.7,"energy":0.5,
                  "instrumentalness":0,"key":3,"liveness":0.1,"loudness":-7,"mode":1,"speechiness":0.05,"tempo":120,"valence":0.4},
                 {"id":"b","href":"https://open.spotify.com/track/1b3UY0WcVkxQvPDGo7T36s","acousticness":0.5,"danceability":0.7}
                ]}""";
        Map<String, String> unusable = new LinkedHashMap<>();
        Map<String, FeatureValues> found = ReccoBeatsClient.parse(new ObjectMapper().readTree(body), unusable);
        assertTrue(found.isEmpty());
        assertTrue(unusable.get("40DGtj95w54IDSbA7BWn3o").contains("danceability must be between 0 and 1"), unusable.toString());
        assertTrue(unusable.get("1b3UY0WcVkxQvPDGo7T36s").contains("no energy"), unusable.toString());
        assertEquals(new HashMap<>(), new HashMap<>(found));
    }
}
