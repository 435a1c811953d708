package dev.vibe.ingest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.Topics;
import dev.vibe.outbox.Outbox;
import dev.vibe.stack.KafkaBroker;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the broker stopped an import still succeeds (Postgres has the data and the outbox), and once the broker is
 * back every feature record arrives, once per track version.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class OutboxBrokerDownTest {

    @Inject
    Outbox outbox;

    static String withFreshIds(String csv) {
        var random = new java.util.Random();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return java.util.regex.Pattern.compile("spotify:track:[A-Za-z0-9]{22}").matcher(csv).replaceAll(m -> {
            StringBuilder id = new StringBuilder("spotify:track:");
            for (int i = 0; i < 22; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return id.toString();
        });
    }

    @Test
    void importWhileKafkaIsDownPublishesEverythingOnceItIsBack() {
        // Musicals' 121 songs under fresh track ids, so that every one is new to the database
        String csv = withFreshIds(Csv.read("exportify/Musicals.csv"));
        Set<String> ids = SongCsv.read(new StringReader(csv)).songs().stream().map(SongCsv.Song::trackId).collect(Collectors.toSet());
        KafkaBroker kafka = VibeStackTestResource.servers().kafka();
        kafka.stop();
        try {
            Csv.importPlaylist("Broker Down Musicals", csv).statusCode(201);
            assertTrue(outbox.pending() >= ids.size(), "the records wait in the outbox: " + outbox.pending());
        } finally {
            kafka.start();
        }
        List<FeatureRecord> records = Kafka.read(Topics.FEATURES, FeatureRecord.class, r -> ids.contains(r.key()), ids.size(), Duration.ofSeconds(3));
        Map<String, Long> perTrack = records.stream().collect(Collectors.groupingBy(FeatureRecord::trackId, Collectors.counting()));
        assertEquals(ids, perTrack.keySet());
        Map<String, Long> duplicates = perTrack.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), duplicates, "each track version exactly once");
        assertEquals(Set.of(1L), records.stream().map(FeatureRecord::version).collect(Collectors.toSet()));
    }
}
