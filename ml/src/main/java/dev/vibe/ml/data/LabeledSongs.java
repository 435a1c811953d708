package dev.vibe.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Songs with multi-hot labels: song i is on playlist k if {@code labels[k]}. A song on several playlists is one
 * sample that is positive for each of them (never dropped, never duplicated).
 */
public record LabeledSongs(List<String> playlists, List<Song> songs) {

    /** One song: id, display name, the 13 raw features (schema order, NaN for missing) and its playlists. */
    public record Song(String id, String name, double[] features, boolean[] labels) {
    }

    /** A song as listed on one playlist. */
    public record Listed(String id, String name, double[] features) {
    }

    public LabeledSongs {
        playlists = List.copyOf(playlists);
        songs = List.copyOf(songs);
    }

    /** Merges playlists (in output order) into multi-labelled songs, one per track id. */
    public static LabeledSongs fromPlaylists(List<String> names, List<List<Listed>> playlists) {
        if (names.size() != playlists.size() || names.size() < 2) {
            throw new IllegalArgumentException("need at least 2 playlists, each with a name");
        }
        Map<String, Song> byId = new LinkedHashMap<>();
        for (int k = 0; k < playlists.size(); k++) {
            for (Listed s : playlists.get(k)) {
                int playlist = k;
                byId.computeIfAbsent(s.id(), id -> new Song(id, s.name(), s.features(), new boolean[names.size()])).labels()[playlist] = true;
            }
        }
        return new LabeledSongs(names, new ArrayList<>(byId.values()));
    }

    public int size() {
        return songs.size();
    }

    public int width() {
        return playlists.size();
    }

    public LabeledSongs subset(int[] indices) {
        List<Song> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(songs.get(i));
        }
        return new LabeledSongs(playlists, out);
    }

    public List<double[]> features() {
        return songs.stream().map(Song::features).toList();
    }

    public double[][] featureMatrix() {
        return songs.stream().map(Song::features).toArray(double[][]::new);
    }

    public boolean[][] labelMatrix() {
        return songs.stream().map(Song::labels).toArray(boolean[][]::new);
    }

    /** How many songs each playlist has. */
    public int[] positives() {
        int[] n = new int[width()];
        for (Song s : songs) {
            for (int k = 0; k < n.length; k++) {
                if (s.labels()[k]) {
                    n[k]++;
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "LabeledSongs[" + size() + " songs, playlists " + playlists + ", sizes " + Arrays.toString(positives()) + "]";
    }
}
