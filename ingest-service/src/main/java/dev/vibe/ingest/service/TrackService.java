package dev.vibe.ingest.service;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.Topics;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.domain.Track;
import dev.vibe.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Stores tracks and announces every new or changed feature set on {@link Topics#FEATURES}. */
@ApplicationScoped
public class TrackService {

    private final Outbox outbox;

    public TrackService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What storing one track did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** A song as a source delivers it. */
    public record SongData(String id, String name, List<String> artists, String album, AudioFeatures features, FeatureSource source) {
    }

    /**
     * Creates the track or, if its features differ from the stored ones, replaces them and bumps its version;
     * either way a feature record goes to the outbox in the same transaction. Identical data changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome store(SongData song) {
        return store(song, Track.findById(song.id()));
    }

    /** {@link #store(SongData)} for a caller that already loaded the stored track (or knows there is none). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome store(SongData song, Track stored) {
        Instant now = Instant.now();
        Track track = stored;
        Outcome outcome;
        if (track == null) {
            track = new Track();
            track.id = song.id();
            track.version = 1;
            track.createdAt = now;
            outcome = Outcome.CREATED;
        } else if (AudioFeatures.fromMap(track.features).equals(song.features())) {
            fillNamesIfBlank(track, song);
            return Outcome.UNCHANGED;
        } else {
            track.version++;
            outcome = Outcome.UPDATED;
        }
        track.name = nullToEmpty(song.name());
        track.artists = String.join("; ", song.artists());
        track.album = nullToEmpty(song.album());
        track.features = song.features().toMap();
        track.source = song.source();
        track.updatedAt = now;
        track.persist();
        outbox.append(Topics.FEATURES, track.id, toRecord(track));
        return outcome;
    }

    @Transactional
    public Optional<Track> find(String id) {
        return Track.findByIdOptional(id);
    }

    /**
     * A stored track as it was published on {@code vibe-features}.
     *
     * @throws VibeException.NotFound if Vibe has no such track
     */
    @Transactional
    public FeatureRecord record(String id) {
        return find(id).map(TrackService::toRecord)
                .orElseThrow(() -> new VibeException.NotFound("No track '" + id + "'. Import a playlist that has it."));
    }

    /** Features Vibe stores for a track, and where they came from. */
    public record StoredFeatures(AudioFeatures features, FeatureSource source) {
    }

    /** The stored features of those of the given tracks Vibe knows. */
    @Transactional
    public Map<String, StoredFeatures> storedFeatures(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Track.<Track>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(t -> t.id, t -> new StoredFeatures(AudioFeatures.fromMap(t.features), t.source)));
    }

    public static FeatureRecord toRecord(Track t) {
        List<String> artists = t.artists.isBlank() ? List.of() : Arrays.asList(t.artists.split("; "));
        return new FeatureRecord(t.id, t.version, t.name, artists, AudioFeatures.fromMap(t.features), t.source, t.updatedAt);
    }

    private static void fillNamesIfBlank(Track track, SongData song) {
        if (track.name.isBlank() && song.name() != null) {
            track.name = song.name();
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
