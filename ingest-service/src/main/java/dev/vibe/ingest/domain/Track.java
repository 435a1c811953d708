package dev.vibe.ingest.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import dev.vibe.common.events.FeatureSource;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A song and its audio features; the source of truth for every feature record published. */
@Entity
@Table(name = "track")
public class Track extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name = "";

    /** Artist names separated by "; ". */
    @Column(nullable = false)
    public String artists = "";

    @Column(nullable = false)
    public String album = "";

    /** Feature name to value, as {@code AudioFeatures.toMap()} writes it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Double> features;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FeatureSource source;

    /** Grows by one each time {@link #features} change; consumers keep the highest they have seen. */
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
