package dev.vibe.ingest;

import io.restassured.response.ValidatableResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;

/** The bundled data and CSV uploads. */
final class Csv {

    private Csv() {
    }

    static Path data(String relative) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data").resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(data(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValidatableResponse importPlaylist(String name, String csv) {
        return given().contentType("text/csv").queryParam("name", name).body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/playlists/exportify").then();
    }
}
