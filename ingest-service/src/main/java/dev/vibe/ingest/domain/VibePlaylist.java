package dev.vibe.ingest.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** Playlist number {@code position} of a vibe (the model's output column). */
@Entity
@Table(name = "vibe_playlist")
@IdClass(VibePlaylist.Key.class)
public class VibePlaylist extends PanacheEntityBase {

    @Id
    @Column(name = "vibe_id")
    public String vibeId;

    @Id
    public int position;

    @Column(name = "playlist_id", nullable = false)
    public String playlistId;

    /** (vibe, position) */
    public static class Key implements Serializable {
        public String vibeId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.vibeId, vibeId) && k.position == position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(vibeId, position);
        }
    }
}
