package dev.vibe.ingest.domain;

import dev.vibe.common.events.TrainingStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A vibe to learn: two or more playlists, and the state of its model. */
@Entity
@Table(name = "vibe")
public class Vibe extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrainingStatus.State status;

    /** The training request whose progress {@link #status} reports; events of older requests are ignored. */
    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(name = "model_version")
    public Integer modelVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Double> metrics;

    @Column(nullable = false)
    public String message = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The playlist ids in model-output order. */
    public List<String> playlistIds() {
        return VibePlaylist.<VibePlaylist>find("vibeId = ?1 order by position", id).stream().map(vp -> vp.playlistId).toList();
    }
}
