package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.ml.data.ExportifyPlaylists;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The user's flow through the services: import, learn a vibe, wait, score. Shared by the subcommands. */
final class Flow {

    private final VibeClient client;
    private final PrintStream progress;

    Flow(VibeClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Imports an Exportify CSV; returns the playlist id. */
    String importCsv(Path file, String name) {
        return importCsvReport(file, name).get("playlistId").asText();
    }

    /** Imports a CSV export (any exportify.net layout, watsonbox/exportify); returns the import report. */
    JsonNode importCsvReport(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        String playlistName = name == null || name.isBlank() ? ExportifyPlaylists.nameOf(file) : name;
        byte[] csv;
        try {
            csv = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        progress.printf("importing %s (%,d bytes) as '%s' ...%n", file.getFileName(), csv.length, playlistName);
        JsonNode r = client.ingestPost("/api/v1/playlists/exportify?name=" + java.net.URLEncoder.encode(playlistName, java.nio.charset.StandardCharsets.UTF_8),
                "text/csv", csv);
        report(r);
        return r;
    }

    /**
     * How an import reaches Spotify: the signed-in listener's token (what every app created today needs), or the app's
     * client credentials (apps with extended access).
     */
    record SpotifyAccess(String clientId, String clientSecret, String userToken) {
        @Override
        public String toString() {
            return "SpotifyAccess[clientId=" + clientId + ", clientSecret=***, userToken=***]";
        }
    }

    /** Imports a Spotify playlist; returns the playlist id. */
    String importSpotify(String reference, String name, SpotifyAccess access) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("playlist", reference);
        if (name != null) {
            body.put("name", name);
        }
        if (access.clientId() != null) {
            body.put("clientId", access.clientId());
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (access.userToken() != null) {
            headers.put("X-Spotify-Token", access.userToken());
        } else if (access.clientSecret() != null) {
            body.put("clientSecret", access.clientSecret());
        }
        progress.println("importing " + reference + " through Spotify's Web API ...");
        JsonNode r = client.ingestPost("/api/v1/playlists/spotify", "application/json", dev.vibe.common.json.EventJson.write(body), headers);
        report(r);
        return r.get("playlistId").asText();
    }

    /**
     * The access for Spotify imports: the listener's sign-in if there is one for this app, else the app's client
     * credentials if its secret is known (apps with extended access), else an error that says to sign in.
     */
    static SpotifyAccess spotifyAccess(SpotifySettings settings) {
        var tokens = new SpotifySignIn(settings).freshIfSignedIn();
        if (tokens.isPresent()) {
            return new SpotifyAccess(settings.clientId(), null, tokens.get().accessToken());
        }
        if (settings.clientId() != null && settings.clientSecret() != null) {
            return new SpotifyAccess(settings.clientId(), settings.clientSecret(), null);
        }
        throw new IllegalStateException("sign in to Spotify first (./vibe login): since February 2026 Spotify shows a playlist's songs "
                + "only to the listener who owns it; or export the playlist with Exportify (exportify.net) and import the CSV");
    }

    /** Skipped songs printed after an import; the report lists them all. */
    static final int SKIPPED_SHOWN = 5;

    private void report(JsonNode r) {
        String layout = r.path("layout").isTextual() ? " (" + r.get("layout").asText() + ")" : "";
        progress.printf("imported '%s'%s: %d songs (%d new, %d known, %d updated)%n", r.get("name").asText(), layout, r.get("songs").asInt(),
                r.get("stored").asInt(), r.get("alreadyKnown").asInt(), r.get("updated").asInt());
        List<String> sources = new ArrayList<>();
        r.path("featureSources").fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) {
                sources.add(e.getValue().asInt() + " " + SOURCE_WORDS.getOrDefault(e.getKey(), e.getKey()));
            }
        });
        if (!sources.isEmpty()) {
            progress.println("  features: " + String.join(", ", sources));
        }
        int skipped = r.path("skipped").asInt();
        if (skipped > 0) {
            progress.printf("  skipped %d song%s:%n", skipped, skipped == 1 ? "" : "s");
            int shown = 0;
            for (JsonNode s : r.path("skippedSongs")) {
                if (shown++ == SKIPPED_SHOWN) {
                    break;
                }
                String where = s.hasNonNull("line") ? "line " + s.get("line").asText() : s.hasNonNull("position") ? "#" + s.get("position").asText() : "";
                String song = s.path("name").asText().isBlank() ? s.path("trackId").asText() : "'" + s.path("name").asText() + "'";
                String field = s.hasNonNull("field") ? " (" + s.get("field").asText() + ")" : "";
                progress.printf("    %s %s%s: %s%n", where, song, field, s.path("reason").asText());
            }
            if (skipped > SKIPPED_SHOWN) {
                progress.printf("    ... and %d more (vibe import --json prints the whole report)%n", skipped - SKIPPED_SHOWN);
            }
        }
        for (JsonNode note : r.path("notes")) {
            progress.println("  note: " + note.asText());
        }
    }

    private static final Map<String, String> SOURCE_WORDS = Map.of("export", "from the file", "stored", "already stored",
            "catalogue", "from the catalogue", "spotify", "from Spotify", "reccobeats", "from ReccoBeats");

    /** Asks for a vibe over the playlists; returns its id. */
    String learn(List<String> playlistIds, String name) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("playlistIds", playlistIds);
        if (name != null) {
            body.put("name", name);
        }
        return client.ingestPost("/api/v1/vibes", "application/json", dev.vibe.common.json.EventJson.write(body)).get("id").asText();
    }

    /** Waits until the vibe is READY (showing its progress) and its model is served; returns the vibe. */
    JsonNode awaitReady(String vibeId, Duration timeout) {
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
            dev.vibe.stack.ProcessControl.sleep(300);
        }
    }

    private boolean served(String vibeId) {
        try {
            client.scoringGet("/api/v1/vibes/" + vibeId + "/model");
            return true;
        } catch (VibeClient.CallFailed e) {
            if (e.status == 404 || e.status == 409) {
                return false;
            }
            throw e;
        }
    }

    JsonNode score(String vibeId, String playlistId) {
        return client.scoringPost("/api/v1/vibes/" + vibeId + "/score", Map.of("playlistId", playlistId));
    }

    /**
     * The score --json document: vibe, modelVersion, playlists, songs (id, name, probabilities: the absolute chance per
     * playlist; conditional: the chance given the song is on one of them; bestFit; fitsNone), and fitsNoneBelow.
     */
    static Map<String, Object> json(JsonNode scores) {
        List<Map<String, Object>> songs = new ArrayList<>();
        for (JsonNode s : scores.get("songs")) {
            Map<String, Object> song = new java.util.LinkedHashMap<>();
            song.put("id", s.path("id").asText());
            song.put("name", s.path("name").asText());
            song.put("probabilities", numbers(s.get("probabilities")));
            if (s.hasNonNull("conditional")) {
                song.put("conditional", numbers(s.get("conditional")));
            }
            if (s.hasNonNull("bestFit")) {
                Map<String, Object> best = new java.util.LinkedHashMap<>();
                best.put("playlist", s.get("bestFit").path("playlist").asText());
                best.put("probability", s.get("bestFit").path("probability").asDouble());
                song.put("bestFit", best);
            }
            if (s.hasNonNull("fitsNone")) {
                song.put("fitsNone", s.get("fitsNone").asBoolean());
            }
            songs.add(song);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("vibe", scores.get("vibe").asText());
        out.put("modelVersion", scores.get("modelVersion").asInt());
        out.put("playlists", EventJsonList.strings(scores.get("playlists")));
        out.put("songs", songs);
        if (scores.hasNonNull("fitsNoneBelow")) {
            out.put("fitsNoneBelow", scores.get("fitsNoneBelow").asDouble());
        }
        return out;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asDouble()));
        return out;
    }

    /** The scores as the {@code score --json} document, or as the matrix. */
    static void print(JsonNode scores, boolean json, PrintStream out) {
        if (json) {
            out.println(new String(dev.vibe.common.json.EventJson.write(json(scores)), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            printMatrix(scores, out);
        }
    }

    /** The matrix as the original project printed it, with song and playlist names. */
    static void printMatrix(JsonNode scores, PrintStream out) {
        List<String> playlists = EventJsonList.strings(scores.get("playlists"));
        int nameWidth = 28;
        out.printf("%-" + nameWidth + "s  %s%n", "", String.join(" | ", playlists));
        int n = scores.get("songs").size();
        int marked = 0;
        for (int i = 0; i < n; i++) {
            JsonNode s = scores.get("songs").get(i);
            String name = s.path("name").asText().isBlank() ? s.path("id").asText() : s.path("name").asText();
            if (name.length() > nameWidth) {
                name = name.substring(0, nameWidth - 1) + "…";
            }
            StringBuilder row = new StringBuilder(i == 0 ? "[[" : " [");
            JsonNode p = s.get("probabilities");
            for (int k = 0; k < p.size(); k++) {
                row.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", p.get(k).asDouble()));
            }
            row.append(i == n - 1 ? "]]" : "]");
            boolean none = s.path("fitsNone").asBoolean(false);
            marked += none ? 1 : 0;
            out.printf("%-" + nameWidth + "s %s%s%n", name, row, none ? "  fits none" : "");
        }
        if (scores.hasNonNull("fitsNoneBelow")) {
            out.printf(Locale.ROOT, "%nEach number is the chance that the song belongs on that playlist, against songs in general; "
                    + "%d of %d songs fit none of them (no chance reaches %.2f).%n", marked, n, scores.get("fitsNoneBelow").asDouble());
        }
    }

    /** Small JSON helpers. */
    static final class EventJsonList {
        private EventJsonList() {
        }

        static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(x -> out.add(x.asText()));
            return out;
        }
    }
}
