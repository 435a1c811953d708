package dev.vibe.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.json.EventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vibe as it is deployed, shown on the real thing: two instances of each service (the built services as processes) on
 * one Kafka broker (topics of 3 partitions) and one PostgreSQL. Scaling: two ingest outboxes publish each record
 * once, 20 training requests are each trained exactly once over both trainers although one is killed (SIGKILL)
 * mid-way, every scoring instance serves each new model within seconds, and a restarted scoring instance replays
 * nothing and leaves no consumer group. Faults: the broker stopped during a 706-song import, scoring restarted and its
 * model swapped under load, PostgreSQL restarted. Figures are printed as "[system] ...".
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemTest {

    static final Path DATA = Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify");
    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country", "Acoustic", "Indie_Rock");
    static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) .*serving vibe (\\S+) model v1 ", Pattern.MULTILINE);
    static SystemUnderTest sys;
    static final Map<String, String> playlistIds = new LinkedHashMap<>();
    static final List<String> vibes = new ArrayList<>();
    static String vibe;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of("target", "system").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Instant t0 = Instant.now();
        sys = new SystemUnderTest(dir, 2);
        sys.scoringTrainer = "trainer-2"; // trainer-1 is the one killed below
        sys.startAll();
        report("2 ingest, 2 trainer and 2 scoring instances up in %d s", Duration.between(t0, Instant.now()).toSeconds());
    }

    @AfterAll
    static void stop() {
        if (sys != null) {
            sys.close();
        }
    }

    static void report(String format, Object... args) {
        System.out.printf("[system] " + format + "%n", args);
    }

    static SystemUnderTest.Answer importCsv(String instance, String file, String name) throws Exception {
        return sys.call(instance, "POST", "/api/v1/playlists/exportify?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                "text/csv", Files.readAllBytes(DATA.resolve(file + ".csv")));
    }

    static String status(String vibeId) {
        return sys.get("ingest-1", "/api/v1/vibes/" + vibeId).body().get("status").asText();
    }

    /** Every record of a topic that {@code keep} accepts (read from the beginning until nothing new comes for 2 s). */
    static List<byte[]> readAll(String topic, Predicate<String> keep, int expected) {
        List<byte[]> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sys.servers.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                for (var r : consumer.poll(Duration.ofMillis(250))) {
                    if (keep.test(r.key())) {
                        out.add(r.value());
                    }
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 2000; // read on a little: duplicates would show
                }
            }
        }
        return out;
    }

    @Test
    @Order(0)
    void everyInstanceIsUp() {
        for (String s : sys.services.keySet()) {
            assertEquals(200, sys.readiness(s), s);
        }
    }

    @Test
    @Order(1)
    void twoIngestInstancesPublishEveryFeatureRecordOnce() throws Exception {
        Set<String> tracks = new HashSet<>();
        for (int i = 0; i < PLAYLISTS.size(); i++) {
            String instance = "ingest-" + (i % 2 + 1);
            SystemUnderTest.Answer a = importCsv(instance, PLAYLISTS.get(i), PLAYLISTS.get(i).replace('_', ' '));
            assertEquals(201, a.status(), String.valueOf(a.body()));
            playlistIds.put(PLAYLISTS.get(i), a.body().get("playlistId").asText());
            sys.get(instance, "/api/v1/playlists/" + a.body().get("playlistId").asText()).body().get("songs").forEach(s -> tracks.add(s.get("id").asText()));
        }
        SystemUnderTest.await("both outboxes to drain", Duration.ofMinutes(1),
                () -> sys.count("select count(*) from ingest.outbox_event where published_at is null") == 0);
        List<byte[]> records = readAll(Topics.FEATURES, tracks::contains, tracks.size());
        Map<String, Integer> perTrackVersion = new HashMap<>();
        for (byte[] r : records) {
            FeatureRecord f = EventJson.read(r, FeatureRecord.class);
            perTrackVersion.merge(f.trackId() + "@" + f.version(), 1, Integer::sum);
        }
        assertEquals(tracks.size(), perTrackVersion.size(), "every track's record on the topic");
        assertEquals(List.of(), perTrackVersion.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(), "published twice");
        report("6 playlists imported through 2 ingest instances: %d tracks, %d records on vibe-features, 0 duplicates; published by ingest-1: %.0f, ingest-2: %.0f",
                tracks.size(), records.size(), sys.metric("ingest-1", "vibe_outbox_published"), sys.metric("ingest-2", "vibe_outbox_published"));
    }

    @Test
    @Order(2)
    void twentyRequestsAreEachTrainedOnceOverTwoTrainersAlthoughOneIsKilledMidWay() throws Exception {
        List<String> names = new ArrayList<>(playlistIds.values());
        Map<String, String> requests = new LinkedHashMap<>();
        Instant t0 = Instant.now();
        for (int i = 0; i < 20; i++) {
            // 2 to 4 playlists, a different choice each time
            List<String> choice = new ArrayList<>(names);
            Collections.rotate(choice, i);
            choice = choice.subList(0, 2 + i % 3);
            JsonNode v = sys.postJson("ingest-" + (i % 2 + 1), "/api/v1/vibes", Map.of("playlistIds", choice, "name", "Scale " + i)).body();
            vibes.add(v.get("id").asText());
            requests.put(v.get("id").asText(), v.get("requestId").asText());
        }
        // kill trainer-1 while it trains one of them (it has begun a request it has not stored yet)
        Pattern begun = Pattern.compile("training vibe (\\S+) \\(request");
        String[] killedWhileTraining = new String[1];
        SystemUnderTest.await("trainer-1 to be in the middle of a request, after a few models", Duration.ofMinutes(3), () -> {
            if (sys.count("select count(*) from trainer.model") < 4) {
                return false;
            }
            String log = sys.log("trainer-1");
            Matcher m = begun.matcher(log);
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null && vibes.contains(last) && !log.contains("stored model " + last + " ")) {
                killedWhileTraining[0] = last;
                return true;
            }
            return false;
        });
        sys.stop("trainer-1", true);
        Instant killed = Instant.now();
        long storedAtKill = sys.count("select count(*) from trainer.model");
        report("trainer-1 killed (SIGKILL) while training vibe %s; %d of 20 models stored at that moment", killedWhileTraining[0], storedAtKill);
        sys.launch("trainer-1");

        for (String v : vibes) {
            SystemUnderTest.await("vibe " + v + " to be READY", Duration.ofMinutes(5), () -> "READY".equals(status(v)));
        }
        double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        for (var e : requests.entrySet()) {
            assertEquals(1, sys.count("select count(*) from trainer.model where request_id = ?", e.getValue()), "one model for the request of " + e.getKey());
        }
        assertEquals(20, sys.count("select count(*) from trainer.model where vibe_id in (" + String.join(",", Collections.nCopies(20, "?")) + ")",
                vibes.toArray()));
        int byTrainer1 = countMatches(sys.log("trainer-1"), "stored model ");
        int byTrainer2 = countMatches(sys.log("trainer-2"), "stored model ");
        assertTrue(byTrainer1 > 0 && byTrainer2 > 0, "both trainers trained: " + byTrainer1 + " / " + byTrainer2);
        // a request redelivered across a rebalance may be trained by both, but only one model is stored (and logged)
        assertEquals(20, byTrainer1 + byTrainer2, "no request stored twice");
        List<byte[]> published = readAll(Topics.TRAINING_REQUESTS, vibes::contains, 20);
        Set<String> requestIds = new HashSet<>();
        published.forEach(r -> requestIds.add(EventJson.read(r, TrainingRequest.class).requestId()));
        assertEquals(20, published.size(), "each training request published once");
        assertEquals(new HashSet<>(requests.values()), requestIds);
        report("20 training requests: all READY %.1f s after the first was sent, 20 models, 1 per request; trained by trainer-1: %d, trainer-2: %d;"
                + " the killed request was trained again (by one of them) after the kill at %s", seconds, byTrainer1, byTrainer2, killed);
    }

    @Test
    @Order(3)
    void everyScoringInstanceServesEachNewModelWithinSeconds() {
        for (String s : sys.instancesOf("scoring")) {
            SystemUnderTest.await(s + " to serve the 20 models", Duration.ofMinutes(1), () -> sys.metric(s, "vibe_models_hot") >= 20);
        }
        Map<String, Instant> created = new HashMap<>();
        sys.get("trainer-2", "/api/v1/models").body().forEach(m -> created.put(m.get("vibeId").asText(), Instant.parse(m.get("createdAt").asText())));
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        for (String s : sys.instancesOf("scoring")) {
            Matcher m = LOG_TIME.matcher(sys.log(s));
            List<Long> delays = new ArrayList<>();
            while (m.find()) {
                if (vibes.contains(m.group(2))) {
                    Instant served = LocalDateTime.parse(m.group(1), format).atZone(ZoneId.systemDefault()).toInstant();
                    delays.add(Duration.between(created.get(m.group(2)), served).toMillis());
                }
            }
            assertEquals(20, delays.size(), s + " served each of the 20 models once");
            Collections.sort(delays);
            report("%s served each new model %d ms (median) / %d ms (max) after the trainer stored it", s, delays.get(10), delays.get(19));
            assertTrue(delays.get(19) < 10_000, s + ": a model took " + delays.get(19) + " ms to be served");
            assertTrue(sys.metric(s, "vibe_models_announcements_total") >= 20, s + " heard each announcement");
        }
    }

    @Test
    @Order(4)
    void aRestartedScoringInstanceReplaysNothingAndLeavesNoConsumerGroup() throws Exception {
        sys.stop("scoring-1", false);
        Instant t0 = Instant.now();
        sys.launch("scoring-1");
        sys.awaitReady("scoring-1", Duration.ofMinutes(2));
        SystemUnderTest.await("scoring-1 to serve the models again", Duration.ofMinutes(1), () -> sys.metric("scoring-1", "vibe_models_hot") >= 20);
        report("scoring-1 restarted: serving all %.0f models %d ms after the restart (asked the trainer), %.0f announcements replayed",
                sys.metric("scoring-1", "vibe_models_hot"), Duration.between(t0, Instant.now()).toMillis(),
                sys.metric("scoring-1", "vibe_models_announcements_total"));
        assertEquals(0.0, sys.metric("scoring-1", "vibe_models_announcements_total"), 0.0, "nothing replayed");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sys.servers.kafka().bootstrapServers()))) {
            List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).filter(g -> !g.startsWith("system-test-")).sorted().toList();
            assertTrue(groups.stream().noneMatch(g -> g.contains("scoring")), groups.toString());
            report("consumer groups on the broker: %s (none for scoring)", groups);
        }
    }

    @Test
    @Order(5)
    void brokerStoppedDuringA706SongImportLosesAndDuplicatesNothingDownstream() throws Exception {
        sys.servers.kafka().stop();
        Instant stopped = Instant.now();
        long waiting;
        try {
            SystemUnderTest.Answer answer = importCsv("ingest-1", "Liked_Songs", "Liked Songs");
            assertEquals(201, answer.status(), "the import needs only PostgreSQL: " + answer.body());
            waiting = sys.count("select count(*) from ingest.outbox_event where published_at is null");
            int fresh = answer.body().get("stored").asInt() + answer.body().get("updated").asInt();
            assertTrue(fresh > 300 && waiting >= fresh, waiting + " records wait in the outbox for " + fresh + " new or changed tracks");
        } finally {
            sys.servers.kafka().start();
        }
        report("706-song import answered 201 with the broker down; %d records waited in the outbox; broker down for %d ms",
                waiting, Duration.between(stopped, Instant.now()).toMillis());

        Map<String, Long> versions = new HashMap<>();
        try (var c = sys.db(); var rs = c.createStatement().executeQuery(
                "select t.id, t.version from ingest.track t join ingest.playlist_track p on p.track_id = t.id where p.playlist_id = 'liked-songs'")) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertTrue(versions.size() > 650, versions.size() + " songs stored");
        String replicaSql = "select count(*) from trainer.track_features f join ingest.track t on t.id = f.track_id and t.version = f.version"
                + " join ingest.playlist_track p on p.track_id = t.id where p.playlist_id = 'liked-songs'";
        SystemUnderTest.await("the trainers' replica to hold all " + versions.size() + " tracks", Duration.ofMinutes(2),
                () -> sys.count(replicaSql) == versions.size());
        assertEquals(0, sys.count("select count(*) from ingest.outbox_event where published_at is null"));
        Map<String, Set<Long>> seen = new HashMap<>();
        List<byte[]> records = readAll(Topics.FEATURES, versions::containsKey, versions.size());
        for (byte[] r : records) {
            FeatureRecord f = EventJson.read(r, FeatureRecord.class);
            seen.computeIfAbsent(f.trackId(), k -> new HashSet<>()).add(f.version());
        }
        for (var e : versions.entrySet()) {
            assertTrue(seen.get(e.getKey()) != null && seen.get(e.getKey()).contains(e.getValue()), "version of " + e.getKey() + " on the topic");
        }
        report("%d tracks: %d records on the topic for them; the trainers' replica holds each once at ingest's version", versions.size(), records.size());
    }

    /** Single-song scoring from 4 threads; counts answers by status, and refused connections apart. */
    static final class Load implements AutoCloseable {
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong refused = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final Instant started = Instant.now();

        Load(String instance, byte[] body) {
            String path = "/api/v1/vibes/" + vibe + "/score";
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            int s = sys.call(instance, "POST", path, "application/json", body).status();
                            statuses.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet();
                        } catch (IllegalStateException e) {
                            refused.incrementAndGet(); // not listening (restarting): a client backs off a little
                            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                        }
                    }
                });
            }
        }

        long count(int status) {
            return statuses.getOrDefault(status, new AtomicLong()).get();
        }

        long serverErrors() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().get()).sum();
        }

        void awaitMore(long than) {
            SystemUnderTest.await("more answers", Duration.ofMinutes(1), () -> count(200) > than);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    static byte[] oneSong() {
        JsonNode first = sys.get("ingest-1", "/api/v1/playlists/" + playlistIds.get("Bluey")).body().get("songs").get(0);
        return EventJson.write(Map.of("songs", List.of(Map.of("id", first.get("id").asText(), "features", first.get("features")))));
    }

    @Test
    @Order(6)
    void scoringRestartedUnderLoadServesTheLatestModelAndASwapUnderLoadFailsNothing() throws Exception {
        vibe = vibes.get(0);
        byte[] body = oneSong();
        try (Load load = new Load("scoring-1", body)) {
            load.awaitMore(100);
            long before = load.count(200);
            sys.stop("scoring-1", false);
            Instant down = Instant.now();
            sys.launch("scoring-1");
            sys.awaitReady("scoring-1", Duration.ofMinutes(2));
            report("scoring-1 restarted under load: back after %d ms", Duration.between(down, Instant.now()).toMillis());
            load.awaitMore(load.count(200) + 100);
            load.close();
            assertEquals(0, load.serverErrors(), "no 5xx while scoring restarted: " + load.statuses);
            report("restart: %d requests answered 200 (%d before the restart), %d refused while it was down, 0 errors", load.count(200), before,
                    load.refused.get());
        }
        JsonNode model = sys.get("scoring-1", "/api/v1/vibes/" + vibe + "/model").body();
        assertEquals(1, model.get("modelVersion").asInt(), "the latest model is served after the start");

        // a new version of the model (stored as the trainer would, announced on Kafka) while requests keep coming
        try (var c = sys.db()) {
            c.createStatement().executeUpdate("insert into trainer.model (vibe_id, version, request_id, onnx, checksum_sha256, feature_schema,"
                    + " playlist_ids, playlist_names, metrics, songs, created_at) select vibe_id, 2, request_id || '-v2', onnx, checksum_sha256,"
                    + " feature_schema, playlist_ids, playlist_names, metrics, songs, now() from trainer.model where vibe_id = '" + vibe + "' and version = 1");
        }
        try (Load load = new Load("scoring-1", body)) {
            load.awaitMore(100);
            ModelReady ready = new ModelReady(vibe, 2, UUID.randomUUID().toString(), model.get("checksumSha256").asText(),
                    EventJson.MAPPER.convertValue(model.get("playlistIds"), List.class), EventJson.MAPPER.convertValue(model.get("playlists"), List.class),
                    Map.of(), Instant.now());
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sys.servers.kafka().bootstrapServers()),
                    new StringSerializer(), new EventSerializer<ModelReady>())) {
                producer.send(new ProducerRecord<>(Topics.MODELS, vibe, ready)).get();
            }
            SystemUnderTest.await("scoring-1 to serve version 2", Duration.ofMinutes(1),
                    () -> sys.get("scoring-1", "/api/v1/vibes/" + vibe + "/model").body().get("modelVersion").asInt() == 2);
            load.awaitMore(load.count(200) + 100);
            load.close();
            double seconds = Duration.between(load.started, Instant.now()).toMillis() / 1000.0;
            assertEquals(Set.of(200), load.statuses.keySet(), "only 200 during the swap: " + load.statuses);
            assertEquals(0, load.refused.get(), "no refused connection during the swap");
            report("swap to v2 under load: %d requests in %.1f s, 0 errors", load.count(200), seconds);
        }
    }

    @Test
    @Order(7)
    void postgresRestartedServicesRecoverAndScoringNeverNoticed() throws Exception {
        byte[] body = oneSong();
        Instant down = Instant.now();
        sys.servers.postgres().stop();
        for (String s : List.of("ingest-1", "ingest-2", "trainer-1", "trainer-2")) {
            SystemUnderTest.await(s + " to report not ready", Duration.ofSeconds(60), () -> sys.readiness(s) == 503);
        }
        report("PostgreSQL stopped: ingest and trainer instances reported not ready (503) within %d ms", Duration.between(down, Instant.now()).toMillis());
        for (String s : sys.instancesOf("scoring")) {
            assertEquals(200, sys.readiness(s), s + " has no database to miss");
            assertEquals(200, sys.call(s, "POST", "/api/v1/vibes/" + vibe + "/score", "application/json", body).status());
        }
        Instant up = Instant.now();
        sys.servers.postgres().start();
        for (String s : sys.services.keySet()) {
            sys.awaitReady(s, Duration.ofMinutes(2));
        }
        report("PostgreSQL restarted: every instance ready again %d ms later, without a restart of its own", Duration.between(up, Instant.now()).toMillis());
        assertEquals(201, importCsv("ingest-2", "Musicals", "Musicals after the restart").status());
        assertEquals("READY", status(vibe));
    }

    static int countMatches(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
