package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A song against a playlist, in words that agree with where the song sits among the playlist's songs. */
class SongWordsTest {

    /** Acousticness 0.00, 0.01, ..., 0.99 on the playlist. */
    static final double[] HUNDRED = IntStream.range(0, 100).mapToDouble(i -> i / 100.0).toArray();

    @Test
    void theMiddleHalfIsTypicalTheRestHigherOrLower() {
        SongWords.Comparison middle = SongWords.compare(Feature.ACOUSTICNESS, 0.5, Double.NaN, HUNDRED, "Country");
        assertTrue(middle.typical());
        assertEquals("its acoustic sound is typical of Country: fairly acoustic (0.50), median 0.50", middle.words());

        SongWords.Comparison high = SongWords.compare(Feature.ACOUSTICNESS, 0.9, Double.NaN, HUNDRED, "Country");
        assertFalse(high.typical());
        assertEquals("higher", high.position());
        assertEquals("it is more acoustic than most of Country", high.clause());
        assertEquals("it is more acoustic (0.90) than most of Country (median 0.50)", high.words());

        SongWords.Comparison slow = SongWords.compare(Feature.TEMPO, 70, Double.NaN, new double[]{100, 110, 120, 130}, "Gym");
        assertEquals("it is slower (70 BPM) than most of Gym (median 115 BPM)", slow.words());
        assertEquals("lower", slow.position());
        for (double v : HUNDRED) {
            SongWords.Comparison c = SongWords.compare(Feature.ACOUSTICNESS, v, Double.NaN, HUNDRED, "P");
            assertEquals(v > 0.245 && v < 0.745, c.typical(), "acousticness " + v + ": " + c);
        }
    }

    @Test
    void aKeyIsTypicalWhenEnoughOfThePlaylistSharesIt() {
        double[] keys = {9, 9, 9, 9, 2, 2, 2, 4, 4, 7, 7, 7, 7, 7, 0, 0, 5, 5, 5, 11};
        SongWords.Comparison a = SongWords.compare(Feature.KEY, 9, 0, keys, "Country");
        assertTrue(a.typical());
        assertEquals("its key is typical of Country: A minor, like 20% of its songs", a.words());
        SongWords.Comparison csharp = SongWords.compare(Feature.KEY, 1, 1, keys, "Country");
        assertFalse(csharp.typical());
        assertEquals("its key is rare on Country: C#/Db major, like only 0% of its songs", csharp.words());
    }

    @Test
    void theSentenceForAWholeSong() {
        SongWords.Comparison tempo = SongWords.compare(Feature.TEMPO, 115, Double.NaN, new double[]{100, 110, 120, 130}, "Country");
        SongWords.Comparison key = SongWords.compare(Feature.KEY, 9, 1, new double[]{9, 9, 2, 4}, "Country");
        SongWords.Comparison acoustic = SongWords.compare(Feature.ACOUSTICNESS, 0.9, Double.NaN, HUNDRED, "Country");
        SongWords.Comparison length = SongWords.compare(Feature.DURATION_MS, 400_000, Double.NaN, new double[]{180_000, 200_000, 220_000}, "Country");
        assertEquals("fits Country: its tempo and key are typical of it; it is more acoustic than most of Country; but it is longer than most of Country",
                SongWords.summary("Country", true, List.of(tempo, key, acoustic), List.of(length)));
        assertEquals("does not fit Country: it is longer than most of Country",
                SongWords.summary("Country", false, List.of(length), List.of()));
        assertEquals("fits Country: no feature stands out", SongWords.summary("Country", true, List.of(), List.of()));
    }
}
