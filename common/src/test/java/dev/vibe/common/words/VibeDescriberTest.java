package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The words agree with the numbers: a playlist called "slower" has the lower median tempo, and so on. */
class VibeDescriberTest {

    /** A song with typical values, then the given changes. */
    static double[] song(Random r) {
        double[] raw = new double[FeatureSchema.SIZE];
        for (Feature f : Feature.values()) {
            raw[f.index()] = switch (f) {
                case KEY -> r.nextInt(12);
                case MODE -> r.nextInt(2);
                case TIME_SIGNATURE -> 4;
                case TEMPO -> 120 + 15 * r.nextGaussian();
                case LOUDNESS -> -8 + 2 * r.nextGaussian();
                case DURATION_MS -> 210_000 + 30_000 * r.nextGaussian();
                default -> Math.min(1, Math.max(0, 0.5 + 0.15 * r.nextGaussian()));
            };
        }
        return raw;
    }

    static boolean[] on(int playlist, int of) {
        boolean[] on = new boolean[of];
        on[playlist] = true;
        return on;
    }

    @Test
    void aSlowQuietMinorPlaylistIsCalledSoAndNothingElse() {
        Random r = new Random(3);
        List<VibeDescriber.Song> songs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double[] slow = song(r);
            slow[Feature.TEMPO.index()] -= 40;
            slow[Feature.LOUDNESS.index()] -= 6;
            slow[Feature.MODE.index()] = i % 5 == 0 ? 1 : 0;
            songs.add(new VibeDescriber.Song(slow, on(0, 3)));
            songs.add(new VibeDescriber.Song(song(r), on(1, 3)));
            songs.add(new VibeDescriber.Song(song(r), on(2, 3)));
        }
        List<VibeDescriber.Description> d = VibeDescriber.describe(List.of("Lullabies", "Mix A", "Mix B"), songs, null);
        VibeDescriber.Description slow = d.get(0);
        assertEquals(List.of("slower", "quieter", "mostly minor keys"), slow.phrases().stream().map(VibeDescriber.Phrase::words).sorted(
                java.util.Comparator.comparing((String w) -> List.of("slower", "quieter", "mostly minor keys").indexOf(w))).toList());
        assertTrue(slow.summary().startsWith("slower and quieter than your other playlists") || slow.summary().startsWith("quieter and slower"),
                slow.summary());
        assertTrue(slow.summary().endsWith("; mostly minor keys"), slow.summary());
        VibeDescriber.Phrase tempo = slow.phrases().stream().filter(p -> p.feature().equals("tempo")).findFirst().orElseThrow();
        assertTrue(tempo.playlist() < tempo.others() - 30, tempo.detail());
        assertTrue(tempo.detail().contains(" BPM"), tempo.detail());
        // the other two are like each other: each stands apart from the rest only by being faster and louder than the lullabies
        for (VibeDescriber.Description mix : d.subList(1, 3)) {
            assertTrue(mix.phrases().stream().allMatch(p -> p.feature().equals("tempo") || p.feature().equals("loudness") || p.feature().equals("mode")),
                    mix.phrases().toString());
        }
    }

    @Test
    void playlistsAlikeAreSaidToBeAlike() {
        Random r = new Random(5);
        List<VibeDescriber.Song> songs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            songs.add(new VibeDescriber.Song(song(r), on(i % 2, 2)));
        }
        for (VibeDescriber.Description d : VibeDescriber.describe(List.of("A", "B"), songs, null)) {
            assertEquals(List.of(), d.phrases());
            assertEquals("much like your other playlists: no feature sets it clearly apart", d.summary());
        }
    }

    /** Random vibes, random shifts: every phrase's words, direction and numbers agree with the songs. */
    @Test
    void everyPhraseAgreesWithTheMediansAndShares() {
        for (int seed = 0; seed < 40; seed++) {
            Random r = new Random(seed);
            int playlists = 2 + r.nextInt(4);
            double[][] shift = new double[playlists][FeatureSchema.SIZE];
            for (double[] s : shift) {
                for (int j = 0; j < s.length; j++) {
                    s[j] = r.nextGaussian();
                }
            }
            List<VibeDescriber.Song> songs = new ArrayList<>();
            for (int i = 0; i < 40 * playlists; i++) {
                int k = i % playlists;
                boolean[] on = on(k, playlists);
                if (r.nextInt(10) == 0) {
                    on[r.nextInt(playlists)] = true; // some songs are on two playlists
                }
                double[] raw = song(r);
                raw[Feature.TEMPO.index()] += 20 * shift[k][Feature.TEMPO.index()];
                raw[Feature.ACOUSTICNESS.index()] = Math.min(1, Math.max(0, raw[Feature.ACOUSTICNESS.index()] + 0.2 * shift[k][Feature.ACOUSTICNESS.index()]));
                raw[Feature.DURATION_MS.index()] += 40_000 * shift[k][Feature.DURATION_MS.index()];
                if (r.nextDouble() < Math.abs(shift[k][Feature.MODE.index()]) / 2) {
                    raw[Feature.MODE.index()] = shift[k][Feature.MODE.index()] > 0 ? 1 : 0;
                }
                if (shift[k][Feature.KEY.index()] > 1 && r.nextBoolean()) {
                    raw[Feature.KEY.index()] = 2;
                }
                songs.add(new VibeDescriber.Song(raw, on));
            }
            double[][] weights = new double[playlists][FeatureSchema.SIZE];
            for (double[] w : weights) {
                Arrays.setAll(w, j -> r.nextDouble());
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < playlists; k++) {
                names.add("P" + k);
            }
            List<VibeDescriber.Description> described = VibeDescriber.describe(names, songs, weights);
            for (int k = 0; k < playlists; k++) {
                int playlist = k;
                VibeDescriber.Description d = described.get(k);
                for (VibeDescriber.Phrase p : d.phrases()) {
                    Feature f = FeatureSchema.byName(p.feature()).orElseThrow();
                    double[] mine = songs.stream().filter(s -> s.on()[playlist]).mapToDouble(s -> s.raw()[f.index()]).toArray();
                    double[] rest = songs.stream().filter(s -> !s.on()[playlist]).mapToDouble(s -> s.raw()[f.index()]).toArray();
                    String where = "seed " + seed + ", " + d.playlist() + ": " + p;
                    if (f.categorical()) {
                        double a = Arrays.stream(mine).filter(v -> v == p.category()).count() / (double) mine.length;
                        double b = Arrays.stream(rest).filter(v -> v == p.category()).count() / (double) rest.length;
                        assertEquals(a, p.playlist(), 1e-12, where);
                        assertEquals(b, p.others(), 1e-12, where);
                        assertTrue(a > b, where);
                        assertTrue(p.words().endsWith(FeatureWords.category(f, p.category())), where);
                        assertEquals(a > 0.5, p.words().startsWith("mostly"), where);
                    } else {
                        assertEquals(median(mine), p.playlist(), 1e-9, where);
                        assertEquals(median(rest), p.others(), 1e-9, where);
                        if (p.words().equals(FeatureWords.higher(f))) {
                            assertTrue(p.playlist() > p.others(), where);
                            assertEquals("higher", p.direction(), where);
                        } else {
                            assertEquals(FeatureWords.lower(f), p.words(), where);
                            assertTrue(p.playlist() < p.others(), where);
                            assertEquals("lower", p.direction(), where);
                        }
                        assertTrue(Math.abs(p.playlist() - p.others()) >= VibeDescriber.THRESHOLD * VibeDescriber.std(
                                songs.stream().mapToDouble(s -> s.raw()[f.index()]).toArray()) - 1e-9, where);
                    }
                    assertTrue(Math.abs(p.effectSize()) >= VibeDescriber.THRESHOLD, where);
                    assertEquals(weights[k][f.index()], p.modelWeight(), where);
                }
                // most telling for the model first, and the summary names the first phrases
                for (int i = 1; i < d.phrases().size(); i++) {
                    assertTrue(d.phrases().get(i - 1).modelWeight() >= d.phrases().get(i).modelWeight(), d.toString());
                }
                d.phrases().stream().limit(VibeDescriber.SUMMARY_PHRASES).forEach(p -> assertTrue(d.summary().contains(p.words()), d.toString()));
                assertFalse(d.summary().isBlank());
            }
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
