package dev.vibe.trainer.domain;

import dev.vibe.common.events.FeatureSource;
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
import java.util.Map;

/** The trainer's copy of one track's features, at the highest version received. */
@Entity
@Table(name = "track_features")
public class TrackFeatures extends PanacheEntityBase {

    @Id
    @Column(name = "track_id")
    public String trackId;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public String name = "";

    @Column(nullable = false)
    public String artists = "";

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Double> features;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FeatureSource source;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
