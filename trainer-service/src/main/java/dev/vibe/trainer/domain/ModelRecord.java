package dev.vibe.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A model in the registry (trainer.model, the trainer's alone). Rows are written once and never updated. */
@Entity
@Table(name = "model")
@IdClass(ModelRecord.Key.class)
public class ModelRecord extends PanacheEntityBase {

    @Id
    @Column(name = "vibe_id")
    public String vibeId;

    @Id
    public int version;

    @Column(name = "request_id", nullable = false, unique = true)
    public String requestId;

    @Column(nullable = false)
    public byte[] onnx;

    @Column(name = "checksum_sha256", nullable = false)
    public String checksumSha256;

    @Column(name = "feature_schema", nullable = false)
    public int featureSchema;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "playlist_ids", nullable = false, columnDefinition = "jsonb")
    public List<String> playlistIds;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "playlist_names", nullable = false, columnDefinition = "jsonb")
    public List<String> playlistNames;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> metrics;

    /** The songs the model learned from, as the artifact carries them. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<ModelArtifact.TrainingSong> songs;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The model as the services that serve it receive it. */
    public ModelArtifact toArtifact() {
        List<ModelArtifact.PlaylistRef> playlists = new ArrayList<>();
        for (int i = 0; i < playlistIds.size(); i++) {
            playlists.add(new ModelArtifact.PlaylistRef(playlistIds.get(i), playlistNames.get(i)));
        }
        return new ModelArtifact(ModelArtifact.FORMAT, vibeId, version, requestId, featureSchema, playlists, songs, metrics, checksumSha256,
                onnx, createdAt);
    }

    /** The model as the trainer lists it, without its graph and songs. */
    public ModelSummary toSummary() {
        return new ModelSummary(vibeId, version, requestId, checksumSha256, toArtifact().playlists(), createdAt);
    }

    /** (vibe, version) */
    public static class Key implements Serializable {
        public String vibeId;
        public int version;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.vibeId, vibeId) && k.version == version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(vibeId, version);
        }
    }
}
