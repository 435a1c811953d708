package dev.vibe.common.events;

import dev.vibe.common.schema.AudioFeatures;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A track's audio features as stored by ingest. Key: {@link #trackId()}.
 *
 * <p>{@code version} grows by one each time the stored features of the track change, so a consumer keeps
 * the highest version it has seen and ignores redeliveries and older versions (idempotent upsert).
 */
public record FeatureRecord(
        String trackId,
        long version,
        String name,
        List<String> artists,
        AudioFeatures features,
        FeatureSource source,
        Instant storedAt) {

    public FeatureRecord {
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(source, "source");
        artists = artists == null ? List.of() : List.copyOf(artists);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }
}
