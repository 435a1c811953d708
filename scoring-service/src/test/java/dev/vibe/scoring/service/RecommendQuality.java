package dev.vibe.scoring.service;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.study.ModelQuality;
import dev.vibe.ml.baseline.NearestCentroid;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Quality of recommendations on the design study's tasks (data/study/model-tasks.csv: 26 tasks of 4 playlists, each
 * split 3 times 70/30 by track id with salts vibe-design-0/1/2, as bench/model-quality.sh): the network is trained as the
 * trainer trains it ({@link VibeNetTrainer#train} with {@link VibeNetOptions#defaults()} scaled to the training songs)
 * on the 70%, served through ONNX Runtime as the scoring service serves it; the pool is the task's held-out songs plus
 * catalogue songs from TidyTuesday that are on none of the task's playlists (by track id); {@link Ranker} picks the top
 * 20 of each playlist. Measures, per playlist: precision@20 (share of the 20 picks that are the playlist's own held-out
 * songs) and recall@20 (share of the playlist's held-out songs among the 20 picks), averaged over the 4 playlists; the
 * same for a nearest-centroid ranking ({@link NearestCentroid}: distance to the playlist's centroid of its training
 * songs in the standardised feature space) on the same pool, for the product of the two probabilities (a probe: the
 * network's "which of these playlists" times the centroid's "how close to this playlist"), and chance (the playlist's
 * held-out share of the pool).
 *
 * <p>TidyTuesday has no time signature; Exportify songs have one. So that held-out songs cannot be told from catalogue
 * songs by the time signature being there, their time signature is left out (missing) in the pool, as every catalogue
 * song's is; {@code --keep-time-signature} keeps it (then the ranking can find them by it).
 *
 * <p>Arguments: {@code --data DIR} (default data), {@code --catalogue N} catalogue songs in each pool (default: all of
 * them, about 28,000; otherwise a seeded sample), {@code --tasks PREFIX}, {@code --splits S} (first S salts, default 3),
 * {@code --top K} (default 20), {@code --keep-time-signature}. Run through bench/recommend-quality.sh.
 */
public final class RecommendQuality {


    private RecommendQuality() {
    }


    /** A pool of raw feature rows (test and catalogue songs). */
    record RowsPool(String id, float[] all, List<String> ids) implements RecommendService.PoolSongs {
        public int size() {
            return ids.size();
        }

        public void features(int from, int to, float[] out) {
            System.arraycopy(all, from * FeatureSchema.SIZE, out, 0, (to - from) * FeatureSchema.SIZE);
        }

        public float[] features(int i) {
            return java.util.Arrays.copyOfRange(all, i * FeatureSchema.SIZE, (i + 1) * FeatureSchema.SIZE);
        }

        public int artist(int i) {
            return -1;
        }

        public RecommendService.Song song(int i) {
            return new RecommendService.Song(ids.get(i), ids.get(i), List.of());
        }

        public IntPredicate withIds(Set<String> trackIds) {
            return i -> trackIds.contains(ids.get(i));
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("data");
        Integer catalogueSongs = null;
        String only = null;
        int splits = ModelQuality.SALTS.length;
        int top = 20;
        boolean keepTimeSignature = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--catalogue" -> catalogueSongs = Integer.parseInt(args[++i]);
                case "--tasks" -> only = args[++i];
                case "--splits" -> splits = Integer.parseInt(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--keep-time-signature" -> keepTimeSignature = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--data DIR, --catalogue N, --tasks PREFIX, --splits S, --top K, --keep-time-signature)");
            }
        }
        long start = System.nanoTime();
        Map<String, double[]> catalogue = ModelQuality.catalogue(data.resolve("catalogue/tidytuesday_spotify_songs.csv.gz"));
        List<ModelQuality.Task> tasks = ModelQuality.tasks(data);
        if (only != null) {
            String prefix = only;
            tasks = tasks.stream().filter(t -> t.name().startsWith(prefix)).toList();
        }
        List<String> catalogueIds = new ArrayList<>(catalogue.keySet());
        Collections.sort(catalogueIds);
        VibeNetOptions options = VibeNetOptions.defaults();
        Set<String> background = new HashSet<>();
        BackgroundSongs.bundled().forEach(b -> background.add(b.id()));
        System.out.printf(Locale.ROOT, "Pool per task-split: its held-out songs (time signature %s) + %s TidyTuesday songs on none of its playlists"
                        + " and not among the background songs it trained with;"
                        + " top %d per playlist%n", keepTimeSignature ? "kept" : "left out, as the catalogue has none",
                catalogueSongs == null ? "all" : String.format(Locale.ROOT, "%,d", catalogueSongs), top);
        System.out.printf(Locale.ROOT, "%-6s %-5s %11s %6s | %-15s | %-15s | %-15s | %-13s%n", "task", "split", "train/test", "pool",
                "network P/R", "centroid P/R", "product P/R", "chance P");
        int timeSignature = dev.vibe.common.schema.Feature.TIME_SIGNATURE.index();
        // figures[task][split] = {net P, net R, centroid P, centroid R, chance P, product P, product R}
        double[][][] figures = new double[tasks.size()][splits][];
        long trainMillis = 0;
        for (int t = 0; t < tasks.size(); t++) {
            ModelQuality.Task task = tasks.get(t);
            Set<String> onTask = new HashSet<>();
            task.songs().songs().forEach(s -> onTask.add(s.id()));
            // the pool's catalogue songs: none the model learned from as background (the bundled sample), so every one is new to it
            List<String> others = catalogueIds.stream().filter(id -> !onTask.contains(id) && !background.contains(id)).toList();
            if (catalogueSongs != null && catalogueSongs < others.size()) {
                List<String> shuffled = new ArrayList<>(others);
                Collections.shuffle(shuffled, new Random(task.name().hashCode()));
                others = shuffled.subList(0, catalogueSongs);
            }
            for (int s = 0; s < splits; s++) {
                LabeledSongs[] split = ModelQuality.split(task.songs(), ModelQuality.SALTS[s]);
                LabeledSongs train = split[0];
                LabeledSongs test = split[1];
                long t0 = System.nanoTime();
                VibeNet net = VibeNetTrainer.train(train, ModelQuality.background(split), options.scaledTo(train.size()), TrainingProgress.NONE).network();
                trainMillis += (System.nanoTime() - t0) / 1_000_000;
                byte[] onnx = OnnxExport.toOnnx(net, train.playlists(), Map.of());
                List<ModelArtifact.PlaylistRef> refs = train.playlists().stream().map(p -> new ModelArtifact.PlaylistRef(p, p)).toList();
                ServedModel model = new ServedModel(ModelArtifact.of(task.name(), s + 1, "quality", refs, List.of(), Map.of(), onnx, Instant.now()));

                // the pool: held-out songs first, then the catalogue songs
                int n = test.size() + others.size();
                float[] rows = new float[n * FeatureSchema.SIZE];
                double[][] raw = new double[n][];
                List<String> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String id = i < test.size() ? test.songs().get(i).id() : others.get(i - test.size());
                    double[] f = i < test.size() ? test.songs().get(i).features().clone() : catalogue.get(id);
                    if (i < test.size() && !keepTimeSignature) {
                        f[timeSignature] = Double.NaN;
                    }
                    raw[i] = f;
                    ids.add(id);
                    for (int j = 0; j < FeatureSchema.SIZE; j++) {
                        rows[i * FeatureSchema.SIZE + j] = (float) f[j];
                    }
                }
                RowsPool pool = new RowsPool(task.name() + "/" + s, rows, ids);
                int k = train.width();
                float[] network;
                try {
                    network = RecommendService.probabilities(model, pool);
                } finally {
                    model.retire();
                }
                NearestCentroid centroid = NearestCentroid.fit(train);
                float[] centroidP = new float[n * k];
                for (int i = 0; i < n; i++) {
                    double[] p = centroid.predict(raw[i]);
                    for (int c = 0; c < k; c++) {
                        centroidP[i * k + c] = (float) p[c];
                    }
                }
                float[] product = new float[n * k];
                for (int i = 0; i < n * k; i++) {
                    product[i] = network[i] * centroidP[i];
                }
                double[] sums = new double[7];
                int playlists = 0;
                for (int c = 0; c < k; c++) {
                    int relevant = 0;
                    for (LabeledSongs.Song song : test.songs()) {
                        relevant += song.labels()[c] ? 1 : 0;
                    }
                    if (relevant == 0) {
                        continue; // no held-out song of this playlist in this split: nothing to find
                    }
                    playlists++;
                    int[] hits = {hits(network, n, k, c, top, test), hits(centroidP, n, k, c, top, test), hits(product, n, k, c, top, test)};
                    sums[0] += hits[0] / (double) top;
                    sums[1] += hits[0] / (double) relevant;
                    sums[2] += hits[1] / (double) top;
                    sums[3] += hits[1] / (double) relevant;
                    sums[4] += relevant / (double) n;
                    sums[5] += hits[2] / (double) top;
                    sums[6] += hits[2] / (double) relevant;
                }
                for (int m = 0; m < sums.length; m++) {
                    sums[m] /= playlists;
                }
                figures[t][s] = sums;
                System.out.printf(Locale.ROOT, "%-6s %-5d %5d/%-5d %6d | %.3f / %.3f   | %.3f / %.3f   | %.3f / %.3f   | %.4f%n", task.name(), s,
                        train.size(), test.size(), n, sums[0], sums[1], sums[2], sums[3], sums[5], sums[6], sums[4]);
            }
        }
        summary(tasks, figures, top);
        System.out.printf(Locale.ROOT, "%nNetwork training %.1f s per task-split; all in %.0f s%n", trainMillis / 1000.0 / (tasks.size() * splits),
                (System.nanoTime() - start) / 1e9);
    }

    /** How many of the top picks for playlist {@code c} are held-out songs of it (the held-out songs are pool rows 0..). */
    static int hits(float[] p, int n, int k, int c, int top, LabeledSongs test) {
        Ranker.Ranked ranked = Ranker.rank(p, n, k, new Ranker.Options(c, 0, top, 0, null, null), i -> false, i -> -1);
        int hits = 0;
        for (Ranker.Pick pick : ranked.picks()) {
            if (pick.index() < test.size() && test.songs().get(pick.index()).labels()[c]) {
                hits++;
            }
        }
        return hits;
    }

    static void summary(List<ModelQuality.Task> tasks, double[][][] figures, int top) {
        System.out.printf(Locale.ROOT, "%nPer task (mean of its splits), P@%d / R@%d:%n", top, top);
        System.out.printf(Locale.ROOT, "| task | playlists | network P@%d | network R@%d | centroid P@%d | centroid R@%d | product P@%d | product R@%d | chance P |%n",
                top, top, top, top, top, top);
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int t = 0; t < tasks.size(); t++) {
            double[] m = new double[7];
            for (double[] split : figures[t]) {
                for (int j = 0; j < m.length; j++) {
                    m[j] += split[j] / figures[t].length;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.4f |%n", tasks.get(t).name(),
                    String.join(" / ", tasks.get(t).songs().playlists()).replaceAll("[|\\r\\n]+", " "), m[0], m[1], m[2], m[3], m[5], m[6], m[4]);
        }
        int count = 0;
        double[] mean = new double[7];
        List<Double> dp = new ArrayList<>();
        List<Double> dr = new ArrayList<>();
        for (double[][] task : figures) {
            double p = 0;
            double r = 0;
            for (double[] split : task) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += split[j];
                }
                count++;
                p += split[0] - split[2];
                r += split[1] - split[3];
            }
            dp.add(p / task.length);
            dr.add(r / task.length);
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= count;
        }
        System.out.printf(Locale.ROOT, "%nMeans over %d tasks, %d task-splits (mean of the playlists of each):%n", tasks.size(), count);
        System.out.printf(Locale.ROOT, "| ranking | P@%d | R@%d |%n|---|---|---|%n", top, top);
        System.out.printf(Locale.ROOT, "| network (served model, Ranker) | %.3f | %.3f |%n", mean[0], mean[1]);
        System.out.printf(Locale.ROOT, "| nearest centroid | %.3f | %.3f |%n", mean[2], mean[3]);
        System.out.printf(Locale.ROOT, "| product network x centroid (probe) | %.3f | %.3f |%n", mean[5], mean[6]);
        System.out.printf(Locale.ROOT, "| chance (held-out share of the pool) | %.4f | |%n", mean[4]);
        System.out.printf(Locale.ROOT, "%nNetwork - centroid, paired per task (se over %d task means): P@%d %+.3f (%.3f), R@%d %+.3f (%.3f)%n",
                tasks.size(), top, avg(dp), se(dp), top, avg(dr), se(dr));
    }

    private static double avg(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double se(List<Double> v) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double m = avg(v);
        double ss = v.stream().mapToDouble(d -> (d - m) * (d - m)).sum();
        return Math.sqrt(ss / (v.size() - 1) / v.size());
    }
}
