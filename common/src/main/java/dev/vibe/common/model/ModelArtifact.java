package dev.vibe.common.model;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.util.Hashing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model as the trainer hands it to whoever serves it ({@code GET /api/v1/models/{vibeId}/versions/{v}/artifact}
 * on the trainer; announced by a {@code ModelReady} event): the ONNX graph and everything explanations need. The one
 * shape of this idea on both sides: the trainer writes it, the scoring service reads it.
 *
 * @param format               the layout of this record; a reader refuses a format it does not know ({@link #FORMAT})
 * @param featureSchemaVersion the feature order and ranges the graph's input follows ({@link FeatureSchema#VERSION})
 * @param playlists            the graph's outputs, in order
 * @param songs                the songs the model learned from, with their playlists (indices into {@code playlists})
 * @param evaluation           the trainer's evaluation report (network, baselines, calibration), as JSON
 * @param checksumSha256       hex SHA-256 of {@code onnx}
 * @param onnx                 the graph: input {@code features} [batch, 13] raw values, outputs {@code probabilities} [batch, N]
 *                             (the absolute chance per playlist) and {@code conditional} [batch, N] (the chance given the
 *                             song is on one of the playlists; absent in models made before the background was learned)
 */
public record ModelArtifact(int format, String vibeId, int version, String requestId, int featureSchemaVersion,
                            List<PlaylistRef> playlists, List<TrainingSong> songs, Map<String, Object> evaluation,
                            String checksumSha256, byte[] onnx, Instant createdAt) {

    /** The format this code writes and reads. */
    public static final int FORMAT = 1;

    /** One output of the graph: the playlist's id and name. */
    public record PlaylistRef(String id, String name) {
    }

    /**
     * A song the model learned from: its raw features, the playlists (output indices) it is on, and how well it fits
     * each playlist by a model that did not train on it ({@code heldOut}, absolute chance per playlist in output order;
     * null in models made before misfits were named): what names a playlist's misfits; its artists as the trainer knows them.
     */
    public record TrainingSong(String id, String name, List<Integer> playlists, AudioFeatures features, List<Double> heldOut, List<String> artists) {
        public TrainingSong {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(features, "features");
            playlists = List.copyOf(playlists);
            heldOut = heldOut == null ? null : List.copyOf(heldOut);
            artists = artists == null ? List.of() : List.copyOf(artists);
        }

        public TrainingSong(String id, String name, List<Integer> playlists, AudioFeatures features) {
            this(id, name, playlists, features, null, List.of());
        }
    }

    public ModelArtifact {
        Objects.requireNonNull(vibeId, "vibeId");
        Objects.requireNonNull(onnx, "onnx");
        playlists = List.copyOf(playlists);
        songs = songs == null ? List.of() : List.copyOf(songs);
        evaluation = evaluation == null ? Map.of() : evaluation;
    }

    /** An artifact in this code's format and feature schema, its checksum computed from the bytes. */
    public static ModelArtifact of(String vibeId, int version, String requestId, List<PlaylistRef> playlists, List<TrainingSong> songs,
                                   Map<String, Object> evaluation, byte[] onnx, Instant createdAt) {
        return new ModelArtifact(FORMAT, vibeId, version, requestId, FeatureSchema.VERSION, playlists, songs, evaluation,
                Hashing.sha256Hex(onnx), onnx, createdAt);
    }

    /**
     * Why this artifact cannot be served by this code, or null if it can: a format or feature schema it does not know,
     * bytes that do not match the checksum, or another checksum than the one announced.
     */
    public String problem(String announcedChecksum) {
        if (format != FORMAT) {
            return "artifact format " + format + " (this service reads format " + FORMAT + "): deploy a scoring service that matches the trainer";
        }
        if (featureSchemaVersion != FeatureSchema.VERSION) {
            return "feature schema version " + featureSchemaVersion + " (this service has version " + FeatureSchema.VERSION + ")";
        }
        String actual = Hashing.sha256Hex(onnx);
        if (!actual.equals(checksumSha256)) {
            return "corrupt: the ONNX bytes hash to " + actual + " but the artifact says " + checksumSha256;
        }
        if (announcedChecksum != null && !announcedChecksum.equals(checksumSha256)) {
            return "not the announced model: checksum " + checksumSha256 + ", announced " + announcedChecksum;
        }
        return null;
    }

    public List<String> playlistIds() {
        return playlists.stream().map(PlaylistRef::id).toList();
    }

    public List<String> playlistNames() {
        return playlists.stream().map(PlaylistRef::name).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtifact a && format == a.format && version == a.version && vibeId.equals(a.vibeId)
                && checksumSha256.equals(a.checksumSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vibeId, version, checksumSha256);
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + vibeId + " v" + version + ", " + playlists.size() + " playlists, " + songs.size() + " songs, "
                + onnx.length + " bytes, sha256 " + checksumSha256 + "]";
    }
}
