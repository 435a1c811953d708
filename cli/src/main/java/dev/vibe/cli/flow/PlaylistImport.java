package dev.vibe.cli.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.output.ImportReportPrinter;
import dev.vibe.cli.spotify.SpotifyAccess;
import dev.vibe.common.json.EventJson;
import dev.vibe.ml.data.ExportifyPlaylists;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Importing a playlist into the ingest service, from a CSV export or through Spotify, with its report on the progress stream. */
public final class PlaylistImport {

    private final VibeClient client;
    private final PrintStream progress;

    public PlaylistImport(VibeClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Imports an Exportify CSV; returns the playlist id. */
    public String importCsv(Path file, String name) {
        return importCsvReport(file, name).get("playlistId").asText();
    }

    /** Imports a CSV export (any exportify.net layout, watsonbox/exportify); returns the import report. */
    public JsonNode importCsvReport(Path file, String name) {
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
        JsonNode r = client.ingestPost("/api/v1/playlists/exportify?name=" + URLEncoder.encode(playlistName, StandardCharsets.UTF_8),
                "text/csv", csv);
        ImportReportPrinter.print(r, progress);
        return r;
    }

    /** Imports a Spotify playlist through Spotify's Web API; returns the playlist id. */
    public String importSpotify(String reference, String name, SpotifyAccess access) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("playlist", reference);
        if (name != null) {
            body.put("name", name);
        }
        if (access.clientId() != null) {
            body.put("clientId", access.clientId());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (access.userToken() != null) {
            headers.put("X-Spotify-Token", access.userToken());
        } else if (access.clientSecret() != null) {
            body.put("clientSecret", access.clientSecret());
        }
        progress.println("importing " + reference + " through Spotify's Web API ...");
        JsonNode r = client.ingestPost("/api/v1/playlists/spotify", "application/json", EventJson.write(body), headers);
        ImportReportPrinter.print(r, progress);
        return r.get("playlistId").asText();
    }
}
