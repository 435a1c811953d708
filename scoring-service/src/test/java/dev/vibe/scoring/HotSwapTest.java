package dev.vibe.scoring;

import dev.vibe.common.json.EventJson;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New model versions announced on the real broker replace the served one while requests keep coming: no request
 * fails, a corrupt version is never served, and the newest good version wins.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class HotSwapTest {

    static final String VIBE = "hot-swap-vibe";

    @TestHTTPResource
    URL base;

    @Test
    void swapsUnderConcurrentLoadWithoutAFailedRequest() throws Exception {
        Models.Trained v1 = Models.train(1);
        Models.Trained v3 = Models.train(3);
        Models.announce(VIBE, 1, Models.register(VIBE, 1, v1));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);

        String body = new String(EventJson.write(Map.of("songs", List.of(Map.of("id", "s",
                "features", AudioFeatures.of(v1.data().songs().get(0).features()).toMap())))));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/vibes/" + VIBE + "/score"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            clients.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            versionsSeen.add(EventJson.MAPPER.readTree(r.body()).get("modelVersion").asInt());
                        } else {
                            failures.computeIfAbsent(r.statusCode(), c -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.computeIfAbsent(-1, c -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            });
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= 20); // requests are flowing
            // version 2's bytes were damaged after its checksum was taken: it must never be served
            byte[] corrupt = v3.onnx().clone();
            corrupt[corrupt.length / 2] ^= 0x5A;
            double refusedBefore = refusedCount();
            Models.announce(VIBE, 2, Models.register(VIBE, 2, v3, corrupt));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusedCount() > refusedBefore);
            int servedBefore3 = ok.get();
            Models.announce(VIBE, 3, Models.register(VIBE, 3, v3));
            await().atMost(Duration.ofSeconds(30)).until(() -> versionsSeen.contains(3));
            int at3 = ok.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= at3 + 20); // and keep flowing on version 3
            assertTrue(at3 > servedBefore3, "requests were answered while version 3 came in");
        } finally {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(Map.of(), Map.copyOf(failures), "failed requests during the swap (status -> count)");
        assertTrue(ok.get() > 50, "requests served: " + ok.get());
        assertFalse(versionsSeen.contains(2), "the corrupt version was served");
        assertEquals(Set.of(1, 3), Set.copyOf(versionsSeen));
        given().get("/api/v1/vibes/{v}/model", VIBE).then().statusCode(200).body("modelVersion", org.hamcrest.Matchers.equalTo(3));
    }

    /** The scoring service's count of refused models, from its metrics. */
    static double refusedCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("vibe_models_refused_total")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
