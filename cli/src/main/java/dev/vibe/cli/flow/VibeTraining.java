package dev.vibe.cli.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.ProcessControl;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Learning a vibe over imported playlists, and waiting until its model is trained and served. */
public final class VibeTraining {

    private static final long POLL_MILLIS = 300;

    private final VibeClient client;
    private final PrintStream progress;

    public VibeTraining(VibeClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Asks for a vibe over the playlists; returns its id. */
    public String learn(List<String> playlistIds, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("playlistIds", playlistIds);
        if (name != null) {
            body.put("name", name);
        }
        return client.ingestPost("/api/v1/vibes", "application/json", EventJson.write(body)).get("id").asText();
    }

    /** Waits until the vibe is READY (showing each new status once) and its model is served; returns the vibe. */
    public JsonNode awaitReady(String vibeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            JsonNode v = client.ingestGet("/api/v1/vibes/" + vibeId);
            String status = v.get("status").asText();
            String line = status + (v.path("message").asText().isBlank() ? "" : ": " + v.path("message").asText());
            if (!line.equals(last)) {
                progress.println("vibe " + vibeId + " " + line);
                last = line;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("training failed: " + v.path("message").asText());
            }
            if (status.equals("READY") && served(vibeId)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("vibe " + vibeId + " is still " + status + " after " + timeout.toSeconds() + " s; check ./vibe status and .vibe/logs/trainer.log");
            }
            ProcessControl.sleep(POLL_MILLIS);
        }
    }

    /** Whether the scoring service holds the vibe's model yet. */
    private boolean served(String vibeId) {
        try {
            client.scoringGet("/api/v1/vibes/" + vibeId + "/model");
            return true;
        } catch (VibeClient.CallFailed e) {
            if (e.status() == 404 || e.status() == 409) {
                return false;
            }
            throw e;
        }
    }
}
