package dev.vibe.study;

import dev.vibe.common.csv.CsvReader;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import dev.vibe.common.util.Hashing;

/**
 * The open-set benchmark's songs ({@link OpenSetQuality}): each task's "others" (songs of the bundled data on none of
 * its playlists) and the misfits planted among a playlist's training songs.
 */
final class OpenSetSongs {

    private OpenSetSongs() {
    }

    static final int PLANTED = 8;
    static final int OTHER_TIDY = 3_000;

    /** A TidyTuesday song and the groups it is on. */
    record Tidy(LabeledSongs.Listed song, Set<String> subgenres, Set<String> playlists) {
    }

    static final String PLANTED_PREFIX = "planted:";

    /** Per playlist of the task, {@value #PLANTED} songs of a playlist of another task (none of the task's songs or playlists). */
    static Map<Integer, List<LabeledSongs.Listed>> planted(ModelQuality.Task task, List<ModelQuality.Task> all) {
        Set<String> ids = new HashSet<>();
        task.songs().songs().forEach(s -> ids.add(s.id()));
        int at = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(task.name())) {
                at = i;
            }
        }
        Map<Integer, List<LabeledSongs.Listed>> out = new LinkedHashMap<>();
        for (int k = 0; k < task.songs().width(); k++) {
            for (int step = 1; step < all.size() && !out.containsKey(k); step++) {
                ModelQuality.Task source = all.get((at + step * (k + 1)) % all.size());
                int playlist = (k + step) % source.songs().width();
                String name = source.songs().playlists().get(playlist);
                if (task.songs().playlists().contains(name) || out.values().stream().flatMap(List::stream).anyMatch(s -> s.name().equals(name))) {
                    continue;
                }
                List<LabeledSongs.Song> songs = source.songs().songs().stream().filter(s -> s.labels()[playlist] && !ids.contains(s.id()))
                        .sorted(Comparator.comparing(s -> BackgroundSongs.order(s.id()))).limit(PLANTED).toList();
                if (songs.size() == PLANTED) {
                    out.put(k, songs.stream().map(s -> new LabeledSongs.Listed(PLANTED_PREFIX + s.id(), name, s.features())).toList());
                    songs.forEach(s -> ids.add(s.id()));
                }
            }
        }
        return out;
    }

    static LabeledSongs withPlanted(LabeledSongs train, Map<Integer, List<LabeledSongs.Listed>> planted) {
        List<LabeledSongs.Song> songs = new ArrayList<>(train.songs());
        planted.forEach((k, list) -> list.forEach(s -> {
            boolean[] labels = new boolean[train.width()];
            labels[k] = true;
            songs.add(new LabeledSongs.Song(s.id(), s.name(), s.features(), labels));
        }));
        return new LabeledSongs(train.playlists(), songs);
    }

    /** The task's others: songs of the other Exportify files and the TidyTuesday others, none on the task or of its groups. */
    static List<LabeledSongs.Listed> others(ModelQuality.Task task, Map<String, LabeledSongs.Listed> exportify, List<Tidy> tidy) {
        Set<String> ids = new HashSet<>();
        Set<String> sounds = new HashSet<>();
        for (LabeledSongs.Song s : task.songs().songs()) {
            ids.add(s.id());
            sounds.add(sound(s.features()));
        }
        Set<String> groups = new HashSet<>(task.songs().playlists());
        Map<String, LabeledSongs.Listed> out = new LinkedHashMap<>();
        for (LabeledSongs.Listed s : exportify.values()) {
            if (!ids.contains(s.id()) && sounds.add(sound(s.features()))) {
                out.putIfAbsent(s.id(), s);
            }
        }
        for (Tidy t : tidy) {
            boolean ofTask = t.subgenres().stream().anyMatch(groups::contains) || t.playlists().stream().anyMatch(groups::contains);
            if (!ofTask && !ids.contains(t.song().id()) && sounds.add(sound(t.song().features()))) {
                out.putIfAbsent(t.song().id(), t.song());
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String sound(double[] f) {
        double[] c = f.clone();
        c[Feature.TIME_SIGNATURE.index()] = 0;
        return Arrays.toString(c);
    }

    static Map<String, LabeledSongs.Listed> exportify(Path data) throws IOException {
        Map<String, LabeledSongs.Listed> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(data.resolve("exportify"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                ExportifyPlaylists.songs(f).forEach(s -> out.putIfAbsent(s.id(), s));
            }
        }
        return out;
    }

    /** {@value #OTHER_TIDY} TidyTuesday songs outside the bundled background sample, by a hash of their id, with their groups. */
    static List<Tidy> tidyOthers(Path gz) throws IOException {
        Set<String> bundled = new HashSet<>();
        BackgroundSongs.bundled().forEach(s -> bundled.add(s.id()));
        Map<String, Tidy> byId = new HashMap<>();
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            CsvReader csv = new CsvReader(r);
            List<String> header = csv.next().fields();
            int id = header.indexOf("track_id");
            int subgenre = header.indexOf("playlist_subgenre");
            int playlist = header.indexOf("playlist_name");
            int[] column = new int[FeatureSchema.SIZE];
            Arrays.fill(column, -1);
            for (int i = 0; i < header.size(); i++) {
                int c = i;
                FeatureSchema.byName(header.get(i)).ifPresent(f -> column[f.index()] = c);
            }
            for (CsvReader.Record rec; (rec = csv.next()) != null; ) {
                List<String> row = rec.fields();
                if (row.size() != header.size() || bundled.contains(row.get(id))) {
                    continue;
                }
                Tidy t = byId.computeIfAbsent(row.get(id), i -> {
                    double[] f = new double[FeatureSchema.SIZE];
                    for (Feature feature : FeatureSchema.FEATURES) {
                        int c = column[feature.index()];
                        f[feature.index()] = c < 0 || row.get(c).isBlank() ? Double.NaN : Double.parseDouble(row.get(c));
                    }
                    return new Tidy(new LabeledSongs.Listed(i, i, f), new HashSet<>(), new HashSet<>());
                });
                t.subgenres().add(row.get(subgenre));
                t.playlists().add(row.get(playlist));
            }
        }
        return byId.values().stream().sorted(Comparator.comparing(t -> Hashing.sha256Hex("vibe-others:" + t.song().id())))
                .limit(OTHER_TIDY).toList();
    }
}
