package dev.vibe.scoring.service;

import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.words.VibeDescriber;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A served model's playlists in words: the data says what sets each playlist apart (medians and shares against the
 * other playlists, {@link VibeDescriber}); the model says which of those differences matter to it (how much its
 * probability for the playlist moves, on average over the playlist's songs, when one feature is set to the vibe's
 * typical value: the occlusion the song explanations use).
 */
final class VibeWords {

    private VibeWords() {
    }

    /** Each training song once, with the playlists it is on. */
    static List<ServedModel.ReferenceSong> uniqueSongs(ServedModel model, Map<ServedModel.ReferenceSong, boolean[]> on) {
        int k = model.playlistNames().size();
        List<ServedModel.ReferenceSong> songs = new ArrayList<>();
        for (int playlist = 0; playlist < k; playlist++) {
            for (ServedModel.ReferenceSong s : model.songsOf(playlist)) {
                boolean[] flags = on.get(s);
                if (flags == null) {
                    flags = new boolean[k];
                    on.put(s, flags);
                    songs.add(s);
                }
                flags[playlist] = true;
            }
        }
        return songs;
    }

    static List<VibeDescriber.Description> describe(ServedModel model) {
        Map<ServedModel.ReferenceSong, boolean[]> on = new IdentityHashMap<>();
        List<ServedModel.ReferenceSong> songs = uniqueSongs(model, on);
        List<VibeDescriber.Song> described = songs.stream().map(s -> new VibeDescriber.Song(s.raw(), on.get(s))).toList();
        return VibeDescriber.describe(model.playlistNames(), described, modelWeights(model, songs));
    }

    /** [playlist][feature]: mean |p - p with the feature at the vibe's typical value| over the playlist's songs. */
    static double[][] modelWeights(ServedModel model, List<ServedModel.ReferenceSong> all) {
        int k = model.playlistNames().size();
        int d = FeatureSchema.SIZE;
        double[] typical = ServedModel.typical(all);
        double[][] weights = new double[k][d];
        for (int playlist = 0; playlist < k; playlist++) {
            List<ServedModel.ReferenceSong> songs = model.songsOf(playlist);
            int n = songs.size();
            if (n == 0) {
                continue;
            }
            float[] rows = new float[n * (d + 1) * d];
            for (int i = 0; i < n; i++) {
                double[] raw = songs.get(i).raw();
                for (int variant = 0; variant <= d; variant++) {
                    int at = (i * (d + 1) + variant) * d;
                    for (int j = 0; j < d; j++) {
                        rows[at + j] = (float) raw[j];
                    }
                    if (variant < d && !Double.isNaN(typical[variant])) {
                        rows[at + variant] = (float) typical[variant];
                    }
                }
            }
            float[][] p = model.predictFlat(rows, n * (d + 1));
            for (int i = 0; i < n; i++) {
                float original = p[i * (d + 1) + d][playlist];
                for (int j = 0; j < d; j++) {
                    weights[playlist][j] += Math.abs(original - p[i * (d + 1) + j][playlist]) / n;
                }
            }
        }
        return weights;
    }
}
