package dev.vibe.ingest.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** One song on one playlist. */
@Entity
@Table(name = "playlist_track")
@IdClass(PlaylistTrack.Key.class)
public class PlaylistTrack extends PanacheEntityBase {

    @Id
    @Column(name = "playlist_id")
    public String playlistId;

    @Id
    @Column(name = "track_id")
    public String trackId;

    @Column(nullable = false)
    public int position;

    public static PlaylistTrack of(String playlistId, String trackId, int position) {
        PlaylistTrack pt = new PlaylistTrack();
        pt.playlistId = playlistId;
        pt.trackId = trackId;
        pt.position = position;
        return pt;
    }

    /** (playlist, track) */
    public static class Key implements Serializable {
        public String playlistId;
        public String trackId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.playlistId, playlistId) && Objects.equals(k.trackId, trackId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(playlistId, trackId);
        }
    }
}
