package dev.vibe.ingest.domain;

import dev.vibe.common.api.PlaylistSource;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A playlist as last imported. Its songs are the {@link PlaylistTrack} rows. */
@Entity
@Table(name = "playlist")
public class Playlist extends PanacheEntityBase {

    /** Where a playlist came from. */

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PlaylistSource source;

    @Column(name = "source_ref", nullable = false)
    public String sourceRef = "";

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(nullable = false)
    public int revision;

    @Column(name = "track_count", nullable = false)
    public int trackCount;

    @Column(name = "imported_at", nullable = false)
    public Instant importedAt;

    /** The track ids in playlist order. */
    public List<String> trackIds() {
        return PlaylistTrack.<PlaylistTrack>find("playlistId = ?1 order by position", id).stream().map(pt -> pt.trackId).toList();
    }
}
