package dev.vibe.scoring.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model in the trainer's registry ({@code trainer.model}, created by the trainer's migration V2).
 * Scoring only reads it: the entity is immutable and the schema is not scoring's.
 */
@Entity
@Immutable
@Table(schema = "trainer", name = "model")
public class RegisteredModel extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "request_id")
    public String requestId;

    public byte[] onnx;

    @Column(name = "checksum_sha256")
    public String checksumSha256;

    @Column(name = "feature_schema")
    public int featureSchema;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "playlist_ids", columnDefinition = "jsonb")
    public List<String> playlistIds;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "playlist_names", columnDefinition = "jsonb")
    public List<String> playlistNames;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> metrics;

    /** The training songs: id, name, playlists (indices), raw features. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<Map<String, Object>> songs;

    @Column(name = "created_at")
    public Instant createdAt;

    /** (vibe, version) */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "vibe_id")
        public String vibeId;

        public int version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.vibeId.equals(vibeId) && k.version == version;
        }

        @Override
        public int hashCode() {
            return vibeId.hashCode() * 31 + version;
        }
    }
}
