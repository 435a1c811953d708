package dev.vibe.ml;

import java.nio.file.Path;
import java.util.List;

/** The bundled real playlists. */
final class Data {

    private Data() {
    }

    static Path exportify(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify").resolve(name + ".csv");
    }

    static LabeledSongs playlists(String... names) {
        return ExportifyPlaylists.load(java.util.Arrays.stream(names).map(Data::exportify).toList());
    }

    static final List<String> FOUR = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");
}
