package dev.vibe.ml.data;

import dev.vibe.common.csv.CsvReader;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import dev.vibe.common.schema.Feature;

/**
 * The rest of the world, as a vibe learns it: songs on none of its playlists, each a negative for every playlist, so
 * that a song unlike all of them scores low. Taken from the listener's own stored songs first (other playlists they
 * imported: the songs they like that are not these), then the loaded catalogues, then the sample of the TidyTuesday
 * catalogue shipped here ({@value #BUNDLED_RESOURCE}: 5,000 songs), until {@link #MAX} songs; never a song on one of
 * the playlists, by id or by identical features (the same recording under another id).
 *
 * <p>Which songs are taken does not depend on the order they come in: each source is read in the order of a hash of
 * the track id.
 */
public final class BackgroundSongs {

    /** Background songs a vibe trains with at most (the training budget is set for this many). */
    public static final int MAX = 5_000;
    /**
     * Background songs per playlist song, up to {@link #MAX}: one song in eleven a vibe learns from is on one of its
     * playlists, whatever their size, so that an absolute chance means about the same in every vibe.
     */
    public static final int PER_PLAYLIST_SONG = 10;
    /**
     * The world an absolute chance is calibrated for: {@value} songs on none of the playlists for each song on one. The
     * network learns from more background than that ({@link #PER_PLAYLIST_SONG}, to know more of the world); its chances
     * are fitted, and their calibration measured, on held-out songs in this mix, so a chance reads the same in every vibe,
     * and one of 0.5 means as likely on the playlist as not in a world where one song in four is on one of them.
     */
    public static final int REFERENCE_PER_SONG = 3;

    /**
     * Which of {@code others} make the reference mix with {@code songs} playlist songs: up to {@link #REFERENCE_PER_SONG}
     * per playlist song, spread evenly over them.
     */
    public static boolean[] reference(int songs, int others) {
        boolean[] in = new boolean[others];
        int take = (int) Math.min(others, (long) REFERENCE_PER_SONG * songs);
        for (int j = 0; j < take; j++) {
            in[(int) ((long) j * others / take)] = true;
        }
        return in;
    }
    /** The share of {@link #MAX} the listener's own stored songs may take; the catalogues fill the rest. */
    public static final double STORED_SHARE = 0.5;
    static final String BUNDLED_RESOURCE = "/dev/vibe/ml/background-tidytuesday.csv.gz";

    private static volatile List<LabeledSongs.Listed> bundled;

    private BackgroundSongs() {
    }

    /** Where the chosen songs came from. */
    public record Chosen(List<LabeledSongs.Listed> songs, int stored, int catalogue, int bundled) {
        public int size() {
            return songs.size();
        }
    }

    /**
     * Up to {@code max} background songs for {@code playlists}: up to {@code max * STORED_SHARE} of {@code stored},
     * then {@code catalogue}, then the bundled sample.
     */
    public static Chosen choose(LabeledSongs playlists, Collection<LabeledSongs.Listed> stored, Collection<LabeledSongs.Listed> catalogue, int max) {
        Set<String> ids = new HashSet<>();
        Set<String> sounds = new HashSet<>();
        for (LabeledSongs.Song s : playlists.songs()) {
            ids.add(s.id());
            sounds.add(sound(s.features()));
        }
        Map<String, LabeledSongs.Listed> out = new LinkedHashMap<>();
        int fromStored = take(stored, (int) Math.round(max * STORED_SHARE), ids, sounds, out);
        int fromCatalogue = take(catalogue, max, ids, sounds, out);
        int fromBundled = take(bundled(), max, ids, sounds, out);
        return new Chosen(List.copyOf(out.values()), fromStored, fromCatalogue, fromBundled);
    }

    /** How many background songs a vibe of {@code playlistSongs} songs learns from. */
    public static int sizeFor(int playlistSongs) {
        return (int) Math.min(MAX, (long) PER_PLAYLIST_SONG * playlistSongs);
    }

    /** Up to {@link #sizeFor} songs for {@code playlists} (see {@link #choose(LabeledSongs, Collection, Collection, int)}). */
    public static Chosen choose(LabeledSongs playlists, Collection<LabeledSongs.Listed> stored, Collection<LabeledSongs.Listed> catalogue) {
        return choose(playlists, stored, catalogue, sizeFor(playlists.size()));
    }

    /** Adds songs of {@code source} (by hash order) until {@code out} has {@code upTo}; returns how many it added. */
    private static int take(Collection<LabeledSongs.Listed> source, int upTo, Set<String> ids, Set<String> sounds, Map<String, LabeledSongs.Listed> out) {
        if (out.size() >= upTo || source.isEmpty()) {
            return 0;
        }
        List<LabeledSongs.Listed> ordered = new ArrayList<>(source);
        ordered.sort(Comparator.comparing((LabeledSongs.Listed s) -> order(s.id())).thenComparing(LabeledSongs.Listed::id));
        int added = 0;
        for (LabeledSongs.Listed s : ordered) {
            if (out.size() >= upTo) {
                break;
            }
            if (!ids.contains(s.id()) && !out.containsKey(s.id()) && sounds.add(sound(s.features()))) {
                out.put(s.id(), s);
                added++;
            }
        }
        return added;
    }

    /** The order songs are taken in: a hash of the track id. */
    public static String order(String trackId) {
        return Hashing.sha256Hex("vibe-background:" + trackId);
    }

    /** The features as text: equal for the same recording under two ids. */
    private static String sound(double[] features) {
        double[] f = features.clone();
        f[Feature.TIME_SIGNATURE.index()] = 0; // a source may leave it out
        return Arrays.toString(f);
    }

    /** The bundled sample of the TidyTuesday catalogue: 5,000 songs (no time signature), read once. */
    public static List<LabeledSongs.Listed> bundled() {
        List<LabeledSongs.Listed> b = bundled;
        if (b == null) {
            synchronized (BackgroundSongs.class) {
                if (bundled == null) {
                    bundled = read();
                }
                b = bundled;
            }
        }
        return b;
    }

    private static List<LabeledSongs.Listed> read() {
        try (InputStream in = BackgroundSongs.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled background songs (" + BUNDLED_RESOURCE + ") are missing from the classpath");
            }
            Reader r = new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8);
            CsvReader csv = new CsvReader(r);
            List<String> header = csv.next().fields();
            int[] column = new int[header.size()];
            for (int c = 1; c < header.size(); c++) {
                column[c] = FeatureSchema.byName(header.get(c)).orElseThrow().index();
            }
            List<LabeledSongs.Listed> songs = new ArrayList<>(MAX);
            for (CsvReader.Record rec; (rec = csv.next()) != null; ) {
                double[] f = new double[FeatureSchema.SIZE];
                Arrays.fill(f, Double.NaN);
                for (int c = 1; c < header.size(); c++) {
                    f[column[c]] = Double.parseDouble(rec.fields().get(c));
                }
                songs.add(new LabeledSongs.Listed(rec.fields().get(0), null, f));
            }
            return List.copyOf(songs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled background songs", e);
        }
    }
}
