package dev.vibe.ingest.service;

import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.schema.FeatureValues;

import java.util.List;

/**
 * A song as a source delivers it, before its features are complete: an export may carry all 13 features, some (the
 * duration) or none, a Spotify playlist item carries the duration.
 *
 * @param line      its line in a CSV, or null
 * @param position  its position in a Spotify playlist (1-based), or null
 * @param derivedId true when the source has no track id and {@code id} was derived from name, artists and album
 * @param source    where the features it carries came from
 */
public record IncomingSong(Integer line, Integer position, String id, boolean derivedId, String name, List<String> artists, String album,
                           FeatureValues features, FeatureSource source) {

    public IncomingSong {
        name = name == null ? "" : name;
        album = album == null ? "" : album;
        artists = artists == null ? List.of() : List.copyOf(artists);
        features = features == null ? FeatureValues.none() : features;
    }

    /** This song left out of an import, and why. */
    public SkippedSong skip(String field, String reason) {
        return new SkippedSong(line, position, field, derivedId ? "" : id, name, reason);
    }
}
