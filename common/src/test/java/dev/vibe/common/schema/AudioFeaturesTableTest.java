package dev.vibe.common.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vibe.common.json.RowsDeserializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Songs as rows of numbers under named columns: the same verdict as a song's features object, problems named by row. */
class AudioFeaturesTableTest {

    static final double[] SONG = {0.629, 0.551, 7, -9.44, 1, 0.0321, 0.685, 2.88e-05, 0.0889, 0.698, 81.995, 233693, 4};

    record Body(@JsonDeserialize(using = RowsDeserializer.class) double[][] rows) {
    }

    static double[][] rows(String json) throws Exception {
        return new ObjectMapper().readValue("{\"rows\":" + json + "}", Body.class).rows();
    }

    static float[] expected(double[] raw) {
        float[] f = new float[FeatureSchema.SIZE];
        AudioFeatures.of(raw).copyTo(f, 0);
        return f;
    }

    @Test
    void rowsInSchemaOrderOrAnyOtherGiveTheSameFeatures() {
        AudioFeatures.Table t = AudioFeatures.table(FeatureSchema.keys(), new double[][]{SONG}, 50);
        assertEquals(List.of(), t.problems());
        assertArrayEquals(expected(SONG), t.rows()[0]);

        List<String> columns = new ArrayList<>(List.of("Time Signature", "tempo", "duration_ms"));
        columns.addAll(FeatureSchema.keys().subList(0, 10));
        double[] row = new double[13];
        row[0] = SONG[12];
        row[1] = SONG[10];
        row[2] = SONG[11];
        System.arraycopy(SONG, 0, row, 3, 10);
        AudioFeatures.Table other = AudioFeatures.table(columns, new double[][]{row}, 50);
        assertEquals(List.of(), other.problems());
        assertArrayEquals(expected(SONG), other.rows()[0]);
    }

    @Test
    void timeSignatureMayBeLeftOutAsAColumnOrAsAValue() {
        double[] without = SONG.clone();
        without[12] = Double.NaN;
        AudioFeatures.Table column = AudioFeatures.table(FeatureSchema.keys().subList(0, 12), new double[][]{Arrays.copyOf(SONG, 12)}, 50);
        AudioFeatures.Table value = AudioFeatures.table(FeatureSchema.keys(), new double[][]{without}, 50);
        assertArrayEquals(expected(without), column.rows()[0]);
        assertArrayEquals(expected(without), value.rows()[0]);
        assertTrue(Float.isNaN(value.rows()[0][12]));
    }

    @Test
    void eachProblemAsTheFeaturesObjectNamesItWithItsRow() {
        double[] loud = SONG.clone();
        loud[1] = 1.5;
        loud[2] = 7.5;
        double[] noDance = SONG.clone();
        noDance[0] = Double.NaN;
        AudioFeatures.Table t = AudioFeatures.table(FeatureSchema.keys(), new double[][]{SONG, loud, Arrays.copyOf(SONG, 12), noDance, null}, 50);
        assertNull(t.rows());
        // the same messages as a features object with those values gets
        Map<String, Object> map = new LinkedHashMap<>();
        for (Feature f : FeatureSchema.FEATURES) {
            map.put(f.key(), Double.isNaN(loud[f.index()]) ? null : loud[f.index()]);
        }
        List<AudioFeatures.FieldProblem> asObject = AudioFeatures.parse(map).problems();
        assertEquals(List.of(
                new AudioFeatures.FieldProblem("rows[1].energy", asObject.get(0).message()),
                new AudioFeatures.FieldProblem("rows[1].key", asObject.get(1).message()),
                new AudioFeatures.FieldProblem("rows[2]", "has 12 numbers: each row needs 13, one per column"),
                new AudioFeatures.FieldProblem("rows[3].danceability", "is missing"),
                new AudioFeatures.FieldProblem("rows[4]", "is null: each row needs 13, one per column")), t.problems());
        assertEquals(2, AudioFeatures.table(FeatureSchema.keys(), new double[][]{loud, loud, loud}, 2).problems().size(), "at most so many");
    }

    @Test
    void columnsMustBeFeaturesOnceEachAndHoldTheRequiredOnes() {
        AudioFeatures.Table t = AudioFeatures.table(List.of("danceability", "mood", "Danceability"), new double[][]{{0.5, 1, 0.5}}, 50);
        assertNull(t.rows());
        assertEquals("columns[1]", t.problems().get(0).field());
        assertTrue(t.problems().get(0).message().startsWith("'mood' is not a feature"), t.problems().get(0).message());
        assertEquals(new AudioFeatures.FieldProblem("columns[2]", "names danceability a second time"), t.problems().get(1));
        assertEquals(new AudioFeatures.FieldProblem("columns", "lacks energy, which every song needs"), t.problems().get(2));
        assertEquals(13, t.problems().size(), "two columns, and the 11 required features it lacks (not time signature): " + t.problems());
    }

    @Test
    void rowsAreReadWithNullsAsValuesLeftOutAndAnythingElseRefused() throws Exception {
        double[][] r = rows("[[0.5,null,7],[1e2],null,[]]");
        assertEquals(0.5, r[0][0]);
        assertTrue(Double.isNaN(r[0][1]));
        assertEquals(7, r[0][2]);
        assertArrayEquals(new double[]{100}, r[1]);
        assertNull(r[2]);
        assertEquals(0, r[3].length);
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> rows("[[0.5,\"loud\"]]"));
        assertTrue(e.getOriginalMessage().contains("rows[0][1] must be a number or null; got a string"), e.getOriginalMessage());
        assertThrows(MismatchedInputException.class, () -> rows("[[0.5,[1]]]"));
        assertThrows(MismatchedInputException.class, () -> rows("[{\"energy\":1}]"));
        assertThrows(MismatchedInputException.class, () -> rows("{\"energy\":1}"));
        double[] many = new double[40];
        Arrays.fill(many, 0.25);
        assertArrayEquals(many, rows("[" + Arrays.toString(many) + "]")[0], "a row longer than the first buffer");
    }
}
