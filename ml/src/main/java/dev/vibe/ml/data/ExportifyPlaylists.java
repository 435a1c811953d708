package dev.vibe.ml.data;

import dev.vibe.common.csv.SongCsv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Playlists from Exportify CSV files, one file per playlist, named after the file. */
public final class ExportifyPlaylists {

    private ExportifyPlaylists() {
    }

    /** "Sad_Songs_by_Sad_Girls.csv" is named "Sad Songs by Sad Girls". */
    public static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("(?i)\\.csv$", "").replace('_', ' ');
    }

    /**
     * Reads each file's songs that have features.
     *
     * @throws IllegalArgumentException naming the file and its first problems, if a file is not a usable export
     */
    public static LabeledSongs load(List<Path> files) {
        List<String> names = new ArrayList<>();
        List<List<LabeledSongs.Listed>> playlists = new ArrayList<>();
        for (Path f : files) {
            names.add(nameOf(f));
            playlists.add(songs(f));
        }
        return LabeledSongs.fromPlaylists(names, playlists);
    }

    public static List<LabeledSongs.Listed> songs(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        SongCsv.Result csv;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            csv = SongCsv.read(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!csv.ok()) {
            throw new IllegalArgumentException(file + ": " + csv.refusal().message());
        }
        List<LabeledSongs.Listed> songs = csv.songs().stream().filter(SongCsv.Song::hasFeatures)
                .map(s -> new LabeledSongs.Listed(s.trackId(), s.name(), s.features().toArray())).toList();
        if (songs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no song with audio features");
        }
        return songs;
    }
}
