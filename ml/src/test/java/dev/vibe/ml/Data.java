package dev.vibe.ml;

import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The bundled real playlists. */
public final class Data {

    private Data() {
    }

    public static Path exportify(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify").resolve(name + ".csv");
    }

    public static LabeledSongs playlists(String... names) {
        return ExportifyPlaylists.load(Arrays.stream(names).map(Data::exportify).toList());
    }

    public static final List<String> FOUR = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");

    /** The listener's other songs: Liked Songs, which holds many of the four playlists' songs too. */
    public static List<LabeledSongs.Listed> liked() {
        return ExportifyPlaylists.songs(exportify("Liked_Songs"));
    }
}
