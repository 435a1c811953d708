package dev.vibe.common.events;

import dev.vibe.common.schema.AudioFeatures;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One part of a loaded feature catalogue (e.g. the 32k-song TidyTuesday set), published by ingest so that other
 * services learn catalogue songs without reading ingest's tables. Key: {@code catalogue + ":" + part}.
 *
 * <p>A catalogue of 32,000 songs is 64 parts of at most {@value #SONGS_PER_PART} songs (about 100 KB each, well under
 * Kafka's default 1 MB record limit). Every part of one load carries the same {@code loadedAt} and {@code parts}: a
 * consumer keeps the parts of the newest load of each catalogue, so a catalogue loaded again replaces the old songs.
 *
 * @param catalogue the catalogue's name, as the listener gave it when loading
 * @param loadedAt  when this load happened (the same in all its parts)
 * @param part      0-based number of this part
 * @param parts     how many parts the load has
 * @param songs     the part's songs
 */
public record CataloguePart(String catalogue, Instant loadedAt, int part, int parts, List<Song> songs) {

    public static final int SONGS_PER_PART = 500;

    /** A catalogue song: Spotify track id, name, artists, complete features. */
    public record Song(String trackId, String name, List<String> artists, AudioFeatures features) {
        public Song {
            Objects.requireNonNull(trackId, "trackId");
            Objects.requireNonNull(features, "features");
            artists = artists == null ? List.of() : List.copyOf(artists);
        }
    }

    public CataloguePart {
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(loadedAt, "loadedAt");
        songs = songs == null ? List.of() : List.copyOf(songs);
        if (part < 0 || parts < 1 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
    }

    public String key() {
        return catalogue + ":" + part;
    }
}
