package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalCommandTest {

    static String data(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify").resolve(name + ".csv").toString();
    }

    @Test
    void crossValidationJsonHasTheNetworkAndBothBaselines() throws Exception {
        var r = Cli.capture("eval", data("Bluey"), data("Country"), data("No_Words_Allowed"), "--folds", "2", "--json");
        assertEquals(0, r.exit(), r.text());
        String json = r.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode report = EventJson.MAPPER.readTree(json);
        assertEquals("2-fold cross-validation", report.get("method").asText());
        for (String model : new String[]{"network", "randomForest", "logisticRegression", "nearestCentroid"}) {
            assertEquals(3, report.get(model).get("playlists").size(), model);
            assertTrue(report.get(model).get("macroRocAuc").asDouble() > 0.7, model);
            double ece = report.get(model).get("expectedCalibrationError").asDouble();
            assertTrue(ece >= 0 && ece < 0.5, model + " ECE " + ece);
        }
        assertEquals(10, report.at("/network/playlists/0/reliability").size(), "a reliability table per playlist");
        assertTrue(report.get("bestBaseline").isTextual());
        assertEquals("Bluey", report.at("/network/playlists/0/name").asText());
    }

    @Test
    void exactSplitAndHumanOutput() {
        var r = Cli.capture("eval", "--train", data("Bluey"), data("Country"), "--test", data("Acoustic"), data("Country"));
        assertEquals(0, r.exit(), r.text());
        assertTrue(r.text().contains("random forest") && r.text().contains("nearest centroid") && r.text().contains("ECE"), r.text());
        assertTrue(r.text().contains("reliability (network)"), r.text());
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        var missing = Cli.capture("eval", data("Bluey"), "no/such/file.csv");
        assertEquals(1, missing.exit());
        assertTrue(missing.text().strip().startsWith("vibe eval: no/such/file.csv: no such file"), missing.text());
        assertEquals(1, missing.text().strip().lines().count(), missing.text());

        var one = Cli.capture("eval", data("Bluey"));
        assertEquals(1, one.exit());
        assertTrue(one.text().contains("at least 2"), one.text());

        var mismatch = Cli.capture("eval", "--train", data("Bluey"), data("Country"), "--test", data("Bluey"), data("Country"), data("Acoustic"));
        assertEquals(1, mismatch.exit());
        assertTrue(mismatch.text().contains("one test file per training file"), mismatch.text());
    }
}
