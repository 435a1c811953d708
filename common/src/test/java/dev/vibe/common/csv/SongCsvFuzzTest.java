package dev.vibe.common.csv;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of the CSV parser on the real Exportify exports: whatever the bytes, reading never throws,
 * never loops, and a result it calls ok only holds songs whose every present feature is valid.
 */
class SongCsvFuzzTest {

    static final int ROUNDS = 4000;
    static final String[] INSERTS = {"\"", ",", "\n", "\r", "\r\n", "\u0000", "\uFEFF", "\"\"", ";", "\t", "NaN", "-1e309", "1e400",
            "\u202E", "\uD83C\uDFB5", "\\", "spotify:track:", "\"\n\"", ",,,,,,,,", "99999999999999999999999"};

    static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestData.path("exportify"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                // keep the fuzzing quick: the header and up to 30 rows of each file
                seeds.add(String.join("\n", text.lines().limit(31).toList()) + "\n");
            }
        }
        return seeds;
    }

    static String mutate(String s, Random r) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(6);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(6)) {
                case 0 -> b.insert(at, INSERTS[r.nextInt(INSERTS.length)]);
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(40)));
                case 2 -> b.setCharAt(at, (char) r.nextInt(0x3000));
                case 3 -> b.setLength(at); // truncated
                case 4 -> {
                    int end = Math.min(b.length(), at + 1 + r.nextInt(200));
                    b.insert(r.nextInt(b.length()), b.substring(at, end)); // a duplicated stretch
                }
                default -> {
                    // replace a number with an extreme one
                    int comma = b.indexOf(",", at);
                    if (comma > 0 && comma + 1 < b.length()) {
                        b.insert(comma + 1, r.nextBoolean() ? "-" : "1e30");
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void mutatedExportsNeverBreakTheParser() throws IOException {
        List<String> seeds = seeds();
        assertEquals(19, seeds.size());
        Random random = new Random(20261125);
        int clean = 0;
        int withSkippedRows = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String input = mutate(seeds.get(round % seeds.size()), random);
            SongCsv.Result result;
            try {
                result = SongCsv.read(new StringReader(input));
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e + " on input:\n" + input.substring(0, Math.min(600, input.length())), e);
                return;
            }
            if (!result.ok()) {
                refused++;
                assertFalse(result.refusal().message().isBlank());
                assertTrue(result.songs().isEmpty(), "a refused file yields no songs");
                continue;
            }
            if (result.skipped().isEmpty()) {
                clean++;
            } else {
                withSkippedRows++;
            }
            assertTrue(result.songs().size() + result.skipped().size() <= result.rows(), "round " + round + ": more songs than rows");
            for (SongCsv.Song song : result.songs()) {
                for (Feature f : FeatureSchema.FEATURES) {
                    double v = song.values().get(f);
                    if (!Double.isNaN(v)) {
                        assertTrue(f.problemWith(v) == null, "round " + round + ": accepted " + f.key() + "=" + v + " on line " + song.line());
                    }
                }
                assertTrue(SpotifyIds.isId(song.trackId()) || song.derivedId(), "round " + round + ": id " + song.trackId());
            }
            for (SongCsv.Skipped s : result.skipped()) {
                assertFalse(s.reason().isBlank());
                assertTrue(s.line() > 1, "a skipped row names its line");
            }
        }
        System.out.printf("CSV fuzzing: %d mutated exports: %d read whole, %d read with rows skipped, %d refused%n",
                ROUNDS, clean, withSkippedRows, refused);
        // the mutations must exercise every outcome
        assertTrue(clean > ROUNDS / 20 && withSkippedRows > ROUNDS / 20 && refused > 0, clean + " / " + withSkippedRows + " / " + refused);
    }
}
