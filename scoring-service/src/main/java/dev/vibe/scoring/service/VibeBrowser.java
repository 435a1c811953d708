package dev.vibe.scoring.service;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.words.VibeDescriber;
import dev.vibe.scoring.client.IngestClient;
import dev.vibe.scoring.client.IngestReads;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the web page (and any client) browses: the vibes that have a model, each playlist's profile over the features
 * (from the songs the model was trained on), and the playlists stored by ingest.
 */
@ApplicationScoped
public class VibeBrowser {

    private static final Logger LOG = Logger.getLogger(VibeBrowser.class);

    private final ServedModels servedModels;
    private final IngestClient ingest;

    public VibeBrowser(ServedModels servedModels, @RestClient IngestClient ingest) {
        this.servedModels = servedModels;
        this.ingest = ingest;
    }

    /** A vibe with a model: its name (from ingest, when reachable), latest version and playlists. */
    public record VibeSummary(String vibeId, String name, int modelVersion, List<String> playlists, Instant createdAt) {
    }

    /**
     * The distribution of one feature over a playlist's songs (missing values left out); for a categorical feature
     * (key, mode, time signature) also how many songs take each value.
     */
    public record FeatureStats(String feature, int n, Double min, Double q1, Double median, Double q3, Double max, Double mean,
                               SortedMap<Integer, Integer> counts) {
    }

    /**
     * A playlist's profile; {@code description} says in words what sets it apart from the vibe's other playlists, with
     * the numbers behind each phrase.
     */
    public record PlaylistProfile(String playlist, int songs, List<FeatureStats> features, VibeDescriber.Description description) {
    }

    /** Each playlist's profile; {@code overall} spans all the vibe's songs (the charts' common scale). */
    public record Profile(String vibeId, int modelVersion, List<PlaylistProfile> playlists, List<FeatureStats> overall) {
    }

    /** The latest model of every vibe, newest first: as the trainer lists them, or the ones loaded here while it is down. */
    public List<VibeSummary> vibes() {
        Map<String, String> names = new HashMap<>();
        try {
            ingest.vibes().forEach(v -> names.put(v.id(), v.name()));
        } catch (RuntimeException e) {
            LOG.debugf("vibe names unavailable (ingest unreachable): %s", e.getMessage());
        }
        return servedModels.latestModels()
                .map(list -> list.stream().map(m -> new VibeSummary(m.vibeId(), names.get(m.vibeId()), m.version(), m.playlistNames(), m.createdAt())).toList())
                .orElseGet(() -> servedModels.served().stream()
                        .map(m -> new VibeSummary(m.vibeId(), names.get(m.vibeId()), m.version(), m.playlistNames(), m.createdAt())).toList());
    }

    public Profile profile(String vibeId) {
        return servedModels.withModel(vibeId, model -> {
            List<PlaylistProfile> playlists = new ArrayList<>();
            List<double[]> all = new ArrayList<>();
            List<VibeDescriber.Description> descriptions = VibeWords.describe(model);
            for (int k = 0; k < model.playlistNames().size(); k++) {
                List<double[]> raw = model.songsOf(k).stream().map(ServedModel.ReferenceSong::raw).toList();
                all.addAll(raw);
                playlists.add(new PlaylistProfile(model.playlistNames().get(k), raw.size(), stats(raw), descriptions.get(k)));
            }
            return new Profile(vibeId, model.version(), playlists, stats(all));
        });
    }

    static List<FeatureStats> stats(List<double[]> songs) {
        List<FeatureStats> out = new ArrayList<>(FeatureSchema.SIZE);
        for (Feature f : FeatureSchema.FEATURES) {
            double[] v = songs.stream().mapToDouble(s -> s[f.index()]).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) {
                out.add(new FeatureStats(f.key(), 0, null, null, null, null, null, null, null));
                continue;
            }
            SortedMap<Integer, Integer> counts = null;
            if (f.categorical()) {
                counts = new TreeMap<>();
                for (double x : v) {
                    counts.merge((int) Math.round(x), 1, Integer::sum);
                }
            }
            out.add(new FeatureStats(f.key(), v.length, v[0], quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v[v.length - 1],
                    Arrays.stream(v).average().orElseThrow(), counts));
        }
        return out;
    }

    /** Linear interpolation between order statistics (type 7, as R and NumPy default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** A playlist stored by ingest, as the page lists them: ingest's summary without its import details. */
    public record StoredPlaylistSummary(String id, String name, int songs) {
        static StoredPlaylistSummary of(PlaylistSummary p) {
            return new StoredPlaylistSummary(p.id(), p.name(), p.songs());
        }
    }

    /** A song of a stored playlist with its features, to pick one to score. */
    public record StoredSong(String id, String name, List<String> artists, Map<String, Double> features) {
        static StoredSong of(PlaylistSong s) {
            return new StoredSong(s.id(), s.name(), s.artists(), s.features());
        }
    }

    /** A playlist stored by ingest with its songs, in playlist order. */
    public record StoredPlaylist(String id, String name, List<StoredSong> songs) {
        static StoredPlaylist of(PlaylistDetail p) {
            return new StoredPlaylist(p.id(), p.name(), p.songs() == null ? null : p.songs().stream().map(StoredSong::of).toList());
        }
    }

    public List<StoredPlaylistSummary> playlists() {
        List<PlaylistSummary> stored = IngestReads.read(ingest::playlists, "the stored playlists", "try again in a moment.",
                () -> new VibeException.UpstreamFailed("Ingest error", "The ingest service has no playlist list (404)"));
        return stored == null ? null : stored.stream().map(StoredPlaylistSummary::of).toList();
    }

    public StoredPlaylist playlist(String id) {
        return StoredPlaylist.of(IngestReads.playlist(ingest, id, "try again in a moment.", VibeException.NotFound::new));
    }
}
