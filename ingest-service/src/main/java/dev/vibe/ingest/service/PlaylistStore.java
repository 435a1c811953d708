package dev.vibe.ingest.service;

import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.util.Hashing;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.domain.PlaylistTrack;
import dev.vibe.ingest.domain.Track;
import dev.vibe.ingest.service.TrackService.Outcome;
import dev.vibe.ingest.service.TrackService.SongData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stores a playlist's songs (new, changed or already known tracks) and then its membership, in one transaction. A
 * re-import with the same songs changes nothing; one with other songs replaces the membership and bumps the revision.
 */
@ApplicationScoped
public class PlaylistStore {

    private final TrackService tracks;

    public PlaylistStore(TrackService tracks) {
        this.tracks = tracks;
    }

    /**
     * What storing did: whether the playlist is new (else it was imported before), its revision, whether its songs
     * changed, and what happened to the tracks.
     */
    public record Stored(boolean newPlaylist, int revision, boolean membershipChanged, int created, int updated, int unchanged) {
    }

    @Transactional
    public Stored store(String playlistId, String name, PlaylistSource source, String sourceRef, List<SongData> songs) {
        Map<String, Track> known = Track.<Track>list("id in ?1", songs.stream().map(SongData::id).toList()).stream()
                .collect(Collectors.toMap(t -> t.id, Function.identity()));
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (SongData s : songs) {
            Outcome o = tracks.store(s, known.get(s.id()));
            switch (o) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }

        List<String> trackIds = songs.stream().map(SongData::id).toList();
        String hash = Hashing.sha256Hex(String.join("\n", trackIds));
        Playlist playlist = Playlist.findById(playlistId);
        boolean newPlaylist = playlist == null;
        boolean changed;
        if (newPlaylist) {
            playlist = new Playlist();
            playlist.id = playlistId;
            playlist.revision = 1;
            changed = true;
        } else {
            changed = !playlist.contentSha256.equals(hash);
            if (changed) {
                PlaylistTrack.delete("playlistId", playlistId);
                playlist.revision++;
            }
        }
        playlist.name = name;
        playlist.source = source;
        playlist.sourceRef = sourceRef == null ? "" : sourceRef;
        playlist.contentSha256 = hash;
        playlist.trackCount = trackIds.size();
        playlist.importedAt = Instant.now();
        playlist.persist();
        if (changed) {
            PlaylistTrack.getEntityManager().flush(); // deletes before inserts
            for (int i = 0; i < trackIds.size(); i++) {
                PlaylistTrack.of(playlistId, trackIds.get(i), i).persist();
            }
        }
        return new Stored(newPlaylist, playlist.revision, changed, created, updated, unchanged);
    }
}
