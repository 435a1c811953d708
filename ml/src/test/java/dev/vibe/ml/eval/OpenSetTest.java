package dev.vibe.ml.eval;

import dev.vibe.common.schema.Feature;
import dev.vibe.ml.Data;
import dev.vibe.ml.Fixtures;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vibe that knows the rest of the world, trained as the trainer trains one (held-out songs, the served student):
 * four real playlists, and as background the listener's other liked songs (with time signatures) and the bundled
 * TidyTuesday sample (without). Tagged "slow": it measures the quality of trained models (outside {@code -Pfast}).
 */
@Tag("slow")
class OpenSetTest {

    static final VibeNetOptions OPTIONS = Fixtures.SMALL.withServing(VibeNetOptions.Serve.DISTILLED, 1);
    static final int TS = Feature.TIME_SIGNATURE.index();

    static LabeledSongs data;
    static List<LabeledSongs.Listed> background;
    static Evaluation.Outcome outcome;
    static LabeledSongs test;
    static List<LabeledSongs.Listed> backgroundTest;

    @BeforeAll
    static void train() {
        data = Data.playlists(Data.FOUR.toArray(String[]::new));
        background = BackgroundSongs.choose(data, Data.liked(), List.of()).songs();
        outcome = Evaluation.trainAndEvaluate(data, background, 0.25, OPTIONS, 60, TrainingProgress.NONE);
        // the songs trainAndEvaluate held out
        test = data.subset(Evaluation.holdout(data.size(), 0.25, OPTIONS.seed())[1]);
        backgroundTest = Evaluation.pick(background, Evaluation.holdout(background.size(), 0.25, OPTIONS.seed() + 1)[1]);
    }

    @Test
    void withABackgroundPartlyWithoutTimeSignaturesAGivenOneChangesNothing() {
        long withTs = background.stream().filter(s -> !Double.isNaN(s.features()[TS])).count();
        assertTrue(withTs > 300 && withTs < background.size() - 1000, "the case under test: a background of both kinds (" + withTs + " with)");
        VibeNet net = outcome.network();
        for (LabeledSongs.Song s : test.songs()) {
            double[] hidden = s.features().clone();
            hidden[TS] = Double.NaN;
            assertArrayEquals(net.predict(s.features()).absolute(), net.predict(hidden).absolute(), 1e-12, s.id());
        }
        for (LabeledSongs.Listed s : backgroundTest.subList(0, 100)) {
            double[] given = s.features().clone();
            given[TS] = 4;
            assertArrayEquals(net.predict(s.features()).absolute(), net.predict(given).absolute(), 1e-12, s.id());
        }
        assertTrue(!outcome.training().timeSignatureUsed(), "time signature would tell the listener's songs from the catalogue's");
    }

    @Test
    void withTimeSignaturesEverywhereHidingOneBarelyMovesAPlaylistSongAndGivingOneDoesNotMoveTheBackground() {
        // background: the listener's other liked songs only, (nearly) all with time signatures: it is learned from
        List<LabeledSongs.Listed> known = BackgroundSongs.choose(data, List.of(), Data.liked(), 400).songs();
        assertTrue(known.stream().noneMatch(s -> Double.isNaN(s.features()[TS])), "no bundled song among them");
        Evaluation.Outcome o = Evaluation.trainAndEvaluate(data, known, 0.25, OPTIONS, 60, TrainingProgress.NONE);
        assertTrue(o.training().timeSignatureUsed());
        VibeNet net = o.network();
        double[] own = changes(net, test.songs().stream().map(s -> new Scored(s.features(), s.labels())).toList());
        List<LabeledSongs.Listed> knownTest = Evaluation.pick(known, Evaluation.holdout(known.size(), 0.25, OPTIONS.seed() + 1)[1]);
        double[] other = changes(net, knownTest.stream().map(s -> new Scored(s.features(), null)).toList());
        System.out.printf("hiding the time signature of held-out playlist songs: own playlist's chance mean change %+.4f, mean |change| %.4f, "
                + "largest %.4f; of held-out background songs: mean change %+.4f, mean |change| %.4f%n", own[0], own[1], own[2], other[0], other[1]);
        // what a time signature says of a song is lost (a 3/4 song looks a little less like a waltz playlist), but the
        // songs do not move as a whole: known or not says nothing of where a song belongs
        assertTrue(Math.abs(own[0]) < 0.005, "playlist songs, mean change " + own[0]);
        assertTrue(own[1] < 0.03, "playlist songs, mean |change| " + own[1]);
        assertTrue(Math.abs(other[0]) < 0.005, "background songs, mean change " + other[0]);
        assertTrue(other[1] < 0.03, "background songs, mean |change| " + other[1]);
    }

    private record Scored(double[] features, boolean[] playlists) {
    }

    /** {mean change, mean |change|, largest |change|} of the chances (a playlist song's own playlists; a background song's all) when its time signature is hidden. */
    private static double[] changes(VibeNet net, List<Scored> songs) {
        double sum = 0;
        double sumAbs = 0;
        double max = 0;
        int n = 0;
        for (Scored s : songs) {
            double[] hidden = s.features().clone();
            hidden[TS] = Double.NaN;
            double[] a = net.predict(s.features()).absolute();
            double[] b = net.predict(hidden).absolute();
            for (int k = 0; k < a.length; k++) {
                if (s.playlists() == null || s.playlists()[k]) {
                    sum += b[k] - a[k];
                    sumAbs += Math.abs(b[k] - a[k]);
                    max = Math.max(max, Math.abs(b[k] - a[k]));
                    n++;
                }
            }
        }
        return new double[]{sum / n, sumAbs / n, max};
    }

    @Test
    void theAbsoluteChancesAreCalibratedOverPlaylistAndBackgroundSongs() {
        OpenSetMetrics open = outcome.report().openSet();
        assertEquals(test.size(), open.playlistSongs());
        assertEquals(backgroundTest.size(), open.otherSongs());
        assertTrue(open.expectedCalibrationError() < 0.04, "ECE over held-out playlist and background songs " + open.expectedCalibrationError());
        // the reliability table of each playlist holds the held-out playlist songs and held-out background songs in the
        // mix the chances are calibrated for: 3 of them per playlist song
        for (OpenSetMetrics.PerPlaylist p : open.playlists()) {
            assertEquals(test.size() + Math.min(backgroundTest.size(), BackgroundSongs.REFERENCE_PER_SONG * test.size()),
                    p.reliability().stream().mapToInt(Metrics.Bin::songs).sum());
        }
        // without calibration the same ensemble is further off
        VibeNetTrainer.Ensemble e = VibeNetTrainer.ensemble(data.subset(Evaluation.holdout(data.size(), 0.25, OPTIONS.seed())[0]),
                Evaluation.pick(background, Evaluation.holdout(background.size(), 0.25, OPTIONS.seed() + 1)[0]), OPTIONS, TrainingProgress.NONE);
        VibeNet raw = VibeNetTrainer.serve(e, OPTIONS.withServing(VibeNetOptions.Serve.MEMBERS, 4).withCalibration(VibeNetOptions.Calibration.NONE)).network();
        VibeNet platt = VibeNetTrainer.serve(e, OPTIONS.withServing(VibeNetOptions.Serve.MEMBERS, 4)).network();
        double uncalibrated = openEce(raw);
        double calibrated = openEce(platt);
        assertTrue(calibrated < 0.8 * uncalibrated, "ECE calibrated " + calibrated + " vs uncalibrated " + uncalibrated);
    }

    private static double openEce(VibeNet net) {
        return OpenSetMetrics.of(data.playlists(), net.absolute(test.featureMatrix()), test.labelMatrix(), net.absolute(Evaluation.features(backgroundTest)), 0.5)
                .expectedCalibrationError();
    }

    @Test
    void bothViews_amongThePlaylistsAndAgainstTheWorld() {
        Evaluation.Report r = outcome.report();
        // closed set, conditional view: as good as the closed-set model was
        assertTrue(r.network().top1Accuracy() > 0.7, "top-1 " + r.network().top1Accuracy());
        assertTrue(r.network().macroRocAuc() > 0.85, "AUC " + r.network().macroRocAuc());
        // open set, absolute view: each playlist's songs rank above the background, few background songs are claimed
        assertTrue(r.openSet().macroRocAuc() > 0.85, "open-set AUC " + r.openSet().macroRocAuc());
        assertTrue(r.openSet().othersClaimed() < 0.1, "background claimed " + r.openSet().othersClaimed());
        // the two views differ where they should: a background song's conditional chance can be high, its absolute one not
        VibeNet net = outcome.network();
        long claimedConditionally = backgroundTest.stream().filter(s -> Arrays.stream(net.predict(s.features()).conditional()).max().orElse(0) > 0.5).count();
        assertTrue(claimedConditionally > 0.3 * backgroundTest.size(), "conditionally claimed " + claimedConditionally + " of " + backgroundTest.size());
        for (LabeledSongs.Song s : test.songs()) {
            VibeNet.Probabilities p = net.predict(s.features());
            for (int k = 0; k < p.absolute().length; k++) {
                assertTrue(p.absolute()[k] <= p.conditional()[k] + 1e-12, "factorised: absolute = any x conditional");
            }
        }
    }

    @Test
    void aSongFarFromEveryPlaylistFitsNone() {
        double threshold = outcome.training().fitsNoneBelow();
        assertTrue(threshold > 0.01 && threshold < 0.9, "threshold " + threshold);
        assertEquals(threshold, outcome.report().openSet().fitsNoneBelow());
        double[] far = test.songs().get(0).features().clone();
        far[Feature.SPEECHINESS.index()] = 0.95; // spoken word
        far[Feature.TEMPO.index()] = 62;
        far[Feature.DURATION_MS.index()] = 1_800_000;
        far[Feature.LOUDNESS.index()] = -35;
        double best = Arrays.stream(outcome.network().predict(far).absolute()).max().orElse(1);
        assertTrue(best < threshold, "a half-hour spoken track: best chance " + best + ", threshold " + threshold);
        OpenSetMetrics open = outcome.report().openSet();
        // the held-out background (half of it the listener's other liked songs, like the playlists' in many ways) nearly
        // all fits none; the playlists' own held-out songs far less often
        System.out.printf("fits none below %.3f: %.3f of held-out playlist songs, %.3f of held-out background songs%n", threshold,
                open.playlistSongsFittingNone(), open.othersFittingNone());
        assertTrue(open.othersFittingNone() > 0.8, "background songs that fit none " + open.othersFittingNone());
        assertTrue(open.othersFittingNone() > 1.4 * open.playlistSongsFittingNone(), open.toString());
    }

    @Test
    void aPlaylistsMisfitsAreItsSongsOfAnotherPlaylistByAModelThatDidNotLearnThem() {
        // 6 songs of Running Playlist planted on Bluey: judged by members that held each out, they are Bluey's least fitting
        List<LabeledSongs.Song> songs = new ArrayList<>(data.songs());
        List<LabeledSongs.Listed> runners = ExportifyPlaylists.songs(Data.exportify("Running_Playlist")).stream()
                .filter(s -> data.songs().stream().noneMatch(d -> d.id().equals(s.id()))).limit(6).toList();
        for (LabeledSongs.Listed m : runners) {
            songs.add(new LabeledSongs.Song("planted:" + m.id(), m.name(), m.features(), new boolean[]{true, false, false, false}));
        }
        LabeledSongs planted = new LabeledSongs(data.playlists(), songs);
        // 7 members: one for each fold, so every training song is held out by one
        Evaluation.Outcome o = Evaluation.trainAndEvaluate(planted, background, 0.25, OPTIONS.withMembers(7), 60, TrainingProgress.NONE);
        Map<String, VibeNet.Probabilities> heldOut = o.heldOut();
        long bluey = planted.songs().stream().filter(s -> s.labels()[0]).count();
        long judged = planted.songs().stream().filter(s -> s.labels()[0] && heldOut.containsKey(s.id())).count();
        assertTrue(judged > 0.95 * bluey, judged + " of " + bluey + " songs of Bluey judged by a model that did not learn them");
        List<String> least = planted.songs().stream().filter(s -> s.labels()[0] && heldOut.containsKey(s.id()))
                .sorted(Comparator.comparingDouble(s -> heldOut.get(s.id()).absolute()[0])).limit(12).map(LabeledSongs.Song::id).toList();
        long found = least.stream().filter(id -> id.startsWith("planted:")).count();
        assertTrue(found >= 4, "planted songs among Bluey's 12 least fitting: " + found + " of 6 (" + least + ")");
    }
}
