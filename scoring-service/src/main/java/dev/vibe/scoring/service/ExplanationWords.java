package dev.vibe.scoring.service;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.words.FeatureWords;
import dev.vibe.common.words.SongWords;

import java.util.List;
import java.util.Locale;

/**
 * The song explanations in words ({@link SongWords}): each feature effect says where the song sits among the
 * playlist's songs, and each explanation gets one sentence ("fits Country: its tempo and key are typical of it; it
 * is more acoustic than most of Country").
 */
final class ExplanationWords {

    private ExplanationWords() {
    }

    /** The playlist's training songs' values, per feature (schema order). */
    static double[][] columns(ServedModel model, int playlist) {
        List<ServedModel.ReferenceSong> songs = model.songsOf(playlist);
        double[][] columns = new double[FeatureSchema.SIZE][songs.size()];
        for (int i = 0; i < songs.size(); i++) {
            for (int j = 0; j < FeatureSchema.SIZE; j++) {
                columns[j][i] = songs.get(i).raw()[j];
            }
        }
        return columns;
    }

    static ScoringService.FeatureEffect effect(Feature f, float[] raw, double typical, double effect, Double slope, double[][] columns,
                                               String playlist) {
        double value = raw[f.index()];
        double mode = raw[Feature.MODE.index()];
        SongWords.Comparison c = SongWords.compare(f, value, mode, columns[f.index()], playlist);
        String valueText = f == Feature.KEY ? FeatureWords.keyName((int) Math.round(value), mode) : FeatureWords.value(f, value);
        return new ScoringService.FeatureEffect(f.key(), value, typical, effect, slope, valueText, FeatureWords.value(f, typical),
                c.position(), c.clause(), c.words());
    }

    static String summary(String playlist, boolean fits, List<ScoringService.FeatureEffect> up, List<ScoringService.FeatureEffect> down) {
        return SongWords.summary(playlist, fits, comparisons(fits ? up : down), comparisons(fits ? down : up));
    }

    /**
     * The song in one sentence: "fits Country best (0.64)", or "fits none of the playlists: the closest, Country, reaches
     * 0.12 where a song that fits reaches 0.30" (each playlist's explanation then says what keeps the song from it).
     */
    static String songSummary(ScoringService.BestFit best, Boolean fitsNone, double threshold) {
        if (Boolean.TRUE.equals(fitsNone)) {
            return String.format(Locale.ROOT, "fits none of the playlists: the closest, %s, reaches %.2f where a song that fits one reaches %.2f",
                    best.playlist(), best.probability(), threshold);
        }
        return String.format(Locale.ROOT, "fits %s best (%.2f)", best.playlist(), best.probability());
    }

    private static List<SongWords.Comparison> comparisons(List<ScoringService.FeatureEffect> effects) {
        return effects.stream().map(e -> new SongWords.Comparison(e.feature(), "typical".equals(e.position()), e.position(), e.phrase(), e.words()))
                .toList();
    }
}
