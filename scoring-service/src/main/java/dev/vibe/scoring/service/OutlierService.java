package dev.vibe.scoring.service;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.scoring.client.VibeStatusLookup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A playlist's own songs that fit it least: the misfits a listener may want to move or drop. Ranked by how well each
 * fits by a model that did not train on it (the ensemble members that held it out, or the served network for the songs
 * held out of training to measure it), so a misfit cannot hide behind having been learned; each with why, in words.
 */
@ApplicationScoped
public class OutlierService {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 200;

    private final ServedModels servedModels;
    private final VibeStatusLookup status;
    private final ScoringService scoring;

    public OutlierService(ServedModels servedModels, VibeStatusLookup status, ScoringService scoring) {
        this.servedModels = servedModels;
        this.status = status;
        this.scoring = scoring;
    }

    /** A song that fits its own playlist less than the others there. */
    public record Outlier(String id, String name, List<String> artists, float probability, String summary) {
    }

    /**
     * @param songs  the playlist's songs in the model
     * @param judged how many of them a model that did not train on them judged (all, when trained with the default
     *               ensemble; fewer members than folds leave some out): the misfits are among these
     */
    public record PlaylistOutliers(String playlist, String playlistId, int songs, int judged, List<Outlier> outliers) {
    }

    public record Outliers(String vibe, int modelVersion, List<PlaylistOutliers> playlists) {
    }

    /**
     * @param playlist a playlist's id or name (null: every playlist)
     * @param limit    songs per playlist, 1 to {@value #MAX_LIMIT}
     */
    public Outliers outliers(String vibeId, String playlist, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new VibeException.InvalidInput("limit must be between 1 and " + MAX_LIMIT + ", got " + limit + ".",
                    List.of(new Problem.FieldError("limit", "between 1 and " + MAX_LIMIT)));
        }
        try {
            return servedModels.withModel(vibeId, model -> outliers(model, playlist, limit));
        } catch (ServedModels.NoModel e) {
            throw status.noModel(vibeId);
        }
    }

    Outliers outliers(ServedModel model, String playlist, int limit) {
        List<String> names = model.playlistNames();
        List<String> ids = model.playlistIds();
        List<Integer> chosen = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            if (playlist == null || playlist.equals(ids.get(k)) || playlist.equals(names.get(k))) {
                chosen.add(k);
            }
        }
        if (chosen.isEmpty()) {
            throw new VibeException.InvalidInput("Vibe " + model.vibeId() + " has no playlist '" + playlist + "'; give one of its playlists' ids or names: "
                    + String.join(", ", names) + ".", List.of(new Problem.FieldError("playlist", "not a playlist of this vibe")));
        }
        if (model.trainingSongs().stream().allMatch(s -> s.heldOut() == null)) {
            throw new VibeException.Conflict("Model too old for misfits", "The model of vibe " + model.vibeId() + " (v" + model.version()
                    + ") was trained before Vibe named misfits; train the vibe again (vibe train with the same playlists) to see them.");
        }
        List<PlaylistOutliers> out = new ArrayList<>();
        for (int k : chosen) {
            int kk = k;
            int songs = (int) model.trainingSongs().stream().filter(s -> s.playlists().contains(kk)).count();
            List<ModelArtifact.TrainingSong> own = model.trainingSongs().stream().filter(s -> s.playlists().contains(kk) && s.heldOut() != null)
                    .sorted(Comparator.comparingDouble((ModelArtifact.TrainingSong s) -> s.heldOut().get(kk)).thenComparing(ModelArtifact.TrainingSong::id))
                    .toList();
            List<ModelArtifact.TrainingSong> least = own.subList(0, Math.min(limit, own.size()));
            float[][] raw = least.stream().map(s -> toFloat(s.features().toArray())).toArray(float[][]::new);
            List<List<ScoringService.Explanation>> why = scoring.explanations(model, raw);
            List<Outlier> misfits = new ArrayList<>();
            for (int i = 0; i < least.size(); i++) {
                ModelArtifact.TrainingSong s = least.get(i);
                float p = s.heldOut().get(k).floatValue();
                String reasons = ExplanationWords.summary(names.get(k), ScoringService.fits(model, p), why.get(i).get(k).up(), why.get(i).get(k).down());
                misfits.add(new Outlier(s.id(), s.name(), s.artists(), p, reasons));
            }
            out.add(new PlaylistOutliers(names.get(k), ids.get(k), songs, own.size(), misfits));
        }
        return new Outliers(model.vibeId(), model.version(), out);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
