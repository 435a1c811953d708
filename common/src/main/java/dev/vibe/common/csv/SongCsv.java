package dev.vibe.common.csv;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads songs and their audio features from a CSV: Exportify exports (current header with a BOM and
 * {@code Track URI}; older header with {@code Track ID} and TABs inside names) and feature catalogues (any CSV with
 * a track id column and the feature columns, e.g. {@code track_id,...,danceability,...}).
 *
 * <p>Each data row becomes a {@link Song} (features null when all feature cells are empty, as Exportify writes
 * unavailable tracks), a {@link Skipped} row (local files, podcast episodes, no id), or {@link Problem}s naming the
 * line and field (bad numbers, NaN, out-of-range values, partial features, wrong field count).
 */
public final class SongCsv {

    /** Stop collecting problems after this many; one bad file should not make a huge answer. */
    public static final int MAX_PROBLEMS = 50;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private SongCsv() {
    }

    public record Song(int line, String trackId, String name, List<String> artists, String album, AudioFeatures features) {
        public boolean hasFeatures() {
            return features != null;
        }
    }

    public record Skipped(int line, String trackId, String name, String reason) {
    }

    public record Problem(int line, String field, String message) {
        @Override
        public String toString() {
            return "line " + line + (field == null ? "" : " (" + field + ")") + ": " + message;
        }
    }

    public record Result(List<Song> songs, List<Skipped> skipped, List<Problem> problems, Set<Feature> featureColumns, int rows) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private enum Column { ID, NAME, ARTISTS, ALBUM }

    private static final Map<Column, List<String>> COLUMN_NAMES = Map.of(
            Column.ID, List.of("trackuri", "trackid", "id", "uri", "spotifyid", "spotifyuri"),
            Column.NAME, List.of("trackname", "name", "title", "songname"),
            Column.ARTISTS, List.of("artistnames", "artistname", "artists", "artist", "trackartist", "trackartists"),
            Column.ALBUM, List.of("albumname", "album", "trackalbumname"));

    public static Result read(Reader reader) {
        CsvReader csv = new CsvReader(reader);
        List<Song> songs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> header;
        try {
            header = csv.next();
        } catch (CsvFormatException e) {
            return new Result(List.of(), List.of(), List.of(new Problem(e.line(), null, e.getMessage())), Set.of(), 0);
        }
        if (header == null) {
            return new Result(List.of(), List.of(), List.of(new Problem(1, null, "the file is empty: expected a header line and one row per song")), Set.of(), 0);
        }
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        Map<Feature, Integer> featureColumns = new EnumMap<>(Feature.class);
        for (int i = 0; i < header.size(); i++) {
            String normalised = normalise(header.get(i));
            int index = i;
            FeatureSchema.byName(header.get(i)).ifPresent(f -> featureColumns.putIfAbsent(f, index));
            COLUMN_NAMES.forEach((column, names) -> {
                if (names.contains(normalised)) {
                    columns.putIfAbsent(column, index);
                }
            });
        }
        headerProblems(header, columns, featureColumns).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return new Result(List.of(), List.of(), problems, featureColumns.keySet(), 0);
        }

        int rows = 0;
        while (true) {
            List<String> row;
            try {
                row = csv.next();
            } catch (CsvFormatException e) {
                problems.add(new Problem(e.line(), null, e.getMessage()));
                break;
            }
            if (row == null) {
                break;
            }
            rows++;
            int line = csv.recordLine();
            if (row.size() != header.size()) {
                addProblem(problems, new Problem(line, null, "has " + row.size() + " fields but the header has " + header.size()
                        + " (a stray comma or quote?)"));
                continue;
            }
            String rawId = row.get(columns.get(Column.ID)).strip();
            String name = cell(row, columns.get(Column.NAME));
            String album = cell(row, columns.get(Column.ALBUM));
            List<String> artists = splitArtists(cell(row, columns.get(Column.ARTISTS)));

            String trackId;
            Optional<SpotifyIds.Ref> ref = SpotifyIds.parse(rawId);
            if (rawId.isEmpty()) {
                skipped.add(new Skipped(line, "", name, "no track id"));
                continue;
            } else if (ref.isPresent() && ref.get().kind().equals("local")) {
                skipped.add(new Skipped(line, rawId, name, "a local file: not on Spotify, so it has no audio features"));
                continue;
            } else if (ref.isPresent() && ref.get().kind().equals("episode")) {
                skipped.add(new Skipped(line, rawId, name, "a podcast episode: episodes have no audio features"));
                continue;
            } else {
                trackId = ref.filter(r -> r.kind().equals("track")).map(SpotifyIds.Ref::id).orElse(rawId);
                if (!SpotifyIds.isId(trackId)) {
                    addProblem(problems, new Problem(line, header.get(columns.get(Column.ID)).strip(),
                            "'" + rawId + "' is not a Spotify track id (22 letters and digits, or spotify:track:ID)"));
                    continue;
                }
            }
            int before = problems.size();
            AudioFeatures features = features(line, row, featureColumns, problems);
            if (problems.size() == before) {
                songs.add(new Song(line, trackId, name, artists, album, features));
            }
        }
        return new Result(songs, skipped, List.copyOf(problems), featureColumns.keySet(), rows);
    }

    private static Optional<Problem> headerProblems(List<String> header, Map<Column, Integer> columns, Map<Feature, Integer> featureColumns) {
        if (header.size() == 1) {
            String only = header.get(0);
            for (String sep : List.of(";", "\t", "|")) {
                if (only.contains(sep)) {
                    return Optional.of(new Problem(1, null, "the file is separated by '" + (sep.equals("\t") ? "TAB" : sep)
                            + "', not by commas: export it again as CSV (comma-separated)"));
                }
            }
        }
        if (!columns.containsKey(Column.ID)) {
            return Optional.of(new Problem(1, null, "no track id column: expected 'Track URI' (Exportify), 'Track ID' or 'track_id'"));
        }
        if (featureColumns.isEmpty()) {
            return Optional.of(new Problem(1, null, "none of the 13 audio feature columns (" + String.join(", ", FeatureSchema.keys())
                    + ") is in the header: export the playlist with Exportify (exportify.net), which adds them"));
        }
        List<String> missing = FeatureSchema.FEATURES.stream()
                .filter(f -> f.required() && !featureColumns.containsKey(f)).map(Feature::key).toList();
        if (!missing.isEmpty()) {
            return Optional.of(new Problem(1, null, "feature columns missing from the header: " + String.join(", ", missing)));
        }
        return Optional.empty();
    }

    private static AudioFeatures features(int line, List<String> row, Map<Feature, Integer> featureColumns, List<Problem> problems) {
        double[] values = new double[FeatureSchema.SIZE];
        Arrays.fill(values, Double.NaN);
        boolean any = false;
        Set<Feature> empty = EnumSet.noneOf(Feature.class);
        for (Map.Entry<Feature, Integer> e : featureColumns.entrySet()) {
            Feature f = e.getKey();
            String text = row.get(e.getValue()).strip();
            if (text.isEmpty()) {
                empty.add(f);
                continue;
            }
            any = true;
            if (!NUMBER.matcher(text).matches()) {
                addProblem(problems, new Problem(line, f.key(), "'" + abbreviate(text) + "' is not a number"));
                continue;
            }
            double v = Double.parseDouble(text);
            String problem = f.problemWith(v);
            if (problem != null) {
                addProblem(problems, new Problem(line, f.key(), problem));
                continue;
            }
            values[f.index()] = v;
        }
        if (!any) {
            return null; // Exportify leaves every feature cell empty for tracks Spotify no longer serves
        }
        int before = problems.size();
        for (Feature f : empty) {
            if (f.required()) {
                addProblem(problems, new Problem(line, f.key(), "is empty while the row's other features are present"));
            }
        }
        if (problems.size() > before || hasProblemOnLine(problems, line)) {
            return null; // each bad cell is reported once, above
        }
        try {
            return AudioFeatures.of(values);
        } catch (AudioFeatures.InvalidFeaturesException e) {
            e.problems().forEach(p -> addProblem(problems, new Problem(line, null, p)));
            return null;
        }
    }

    private static boolean hasProblemOnLine(List<Problem> problems, int line) {
        return !problems.isEmpty() && problems.get(problems.size() - 1).line() == line;
    }

    private static void addProblem(List<Problem> problems, Problem p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        }
    }

    private static String cell(List<String> row, Integer index) {
        return index == null ? "" : row.get(index).strip();
    }

    private static List<String> splitArtists(String cell) {
        if (cell.isBlank()) {
            return List.of();
        }
        String sep = cell.contains(";") ? ";" : ",";
        return Arrays.stream(cell.split(sep)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
