package dev.vibe.common.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.List;
import java.util.Map;

/**
 * A song of a stored playlist with its audio features (by {@link Feature#key()}); {@code source} says where the
 * features came from (a {@code FeatureSource} name), {@code version} counts their changes.
 * Ingest always sends {@code artists}; a reader given none gets an empty list.
 */
@Schema(name = "Song")
public record PlaylistSong(String id, String name, List<String> artists, String album, Map<String, Double> features, String source, long version) {

    public PlaylistSong {
        artists = artists == null ? List.of() : artists;
    }

    /** The song's features in the schema's order, NaN where ingest has none (a model's input). */
    public float[] raw() {
        float[] f = new float[FeatureSchema.SIZE];
        for (Feature feature : FeatureSchema.FEATURES) {
            Double v = features.get(feature.key());
            f[feature.index()] = v == null ? Float.NaN : v.floatValue();
        }
        return f;
    }
}
