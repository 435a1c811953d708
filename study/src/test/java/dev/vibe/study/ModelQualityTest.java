package dev.vibe.study;

import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's data: its splits by track id, and the catalogue the bundled background sample was drawn from. */
class ModelQualityTest {

    private static final Path HOME = Path.of(System.getProperty("vibe.home", ".."));

    private static LabeledSongs playlists(String... names) {
        return ExportifyPlaylists.load(Arrays.stream(names).map(n -> HOME.resolve("data/exportify").resolve(n + ".csv")).toList());
    }

    @Test
    void theStudysSplitsPutAboutThirtyPercentOfTracksInTheTestSet() {
        // int(sha256("vibe-design-0" + id).hexdigest(), 16) % 10 < 3, as the study defines it
        LabeledSongs data = playlists("Liked_Songs", "Acoustic");
        LabeledSongs[] s = ModelQuality.split(data, "vibe-design-0");
        assertEquals(data.size(), s[0].size() + s[1].size());
        double share = (double) s[1].size() / data.size();
        assertTrue(share > 0.25 && share < 0.35, "test share " + share);
        // reference values from Python: int(hashlib.sha256((salt + id).encode()).hexdigest(), 16) % 10 < 3
        String[] ids = {"01O2sFXHb72XiXRyOFlkI7", "02JIdsrod3BYucThfUFDUX", "03i2w6Sl4oRhapIlFCPHyd", "03xWMkKEbeO4SnylA53ipj"};
        boolean[][] expected = {{true, true, false, false}, {true, false, true, true}, {true, false, false, false}};
        for (int salt = 0; salt < 3; salt++) {
            for (int i = 0; i < ids.length; i++) {
                assertEquals(expected[salt][i], ModelQuality.isTest(ModelQuality.SALTS[salt], ids[i]), ModelQuality.SALTS[salt] + " " + ids[i]);
            }
        }
    }

    @Test
    void theBundledSampleIsTheFirst5000TidyTuesdaySongsInHashOrder() throws Exception {
        Map<String, double[]> tidy = ModelQuality.catalogue(HOME.resolve("data/catalogue/tidytuesday_spotify_songs.csv.gz"));
        List<String> expected = tidy.keySet().stream().sorted(Comparator.comparing(BackgroundSongs::order)).limit(BackgroundSongs.MAX).toList();
        List<LabeledSongs.Listed> bundled = BackgroundSongs.bundled();
        assertEquals(expected, bundled.stream().map(LabeledSongs.Listed::id).toList());
        for (LabeledSongs.Listed s : bundled) {
            assertArrayEquals(tidy.get(s.id()), s.features(), 1e-12, s.id());
        }
    }
}
