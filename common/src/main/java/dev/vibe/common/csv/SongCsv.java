package dev.vibe.common.csv;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.common.util.Hashing;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads songs and whatever audio features they carry from the CSVs listeners have: every exportify.net layout since
 * 2019, watsonbox/exportify (with or without its feature columns), and feature catalogues (any CSV with a track id
 * column and feature columns, such as the TidyTuesday dataset).
 *
 * <p>A row that cannot be used (a value that is not a number or out of range, a short or long row, a local file, a
 * podcast episode) is {@link Skipped} with its line, field and reason; the other rows are read. The file as a whole
 * is {@link Result#refusal() refused} only when it is not a playlist export at all: empty, binary, another delimiter,
 * no header column we know, or not one usable row.
 */
public final class SongCsv {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SongCsv() {
    }

    /**
     * A usable row. {@code values} holds the features the row carries (all 13, some, or none): completing them is
     * the importer's job.
     *
     * @param derivedId true when the file has no track id for the song and {@code trackId} is {@link #derivedId}
     */
    public record Song(int line, String trackId, boolean derivedId, String name, List<String> artists, String album, FeatureValues values) {
        /** The row's features if it carries all that a model needs. */
        public Optional<AudioFeatures> completeFeatures() {
            return values.complete();
        }

        /** The row's features, or null if it does not carry all that a model needs. */
        public AudioFeatures features() {
            return values.complete().orElse(null);
        }

        public boolean hasFeatures() {
            return values.complete().isPresent();
        }
    }

    /** A row that was left out, and why; {@code field} is the column at fault, or null for the row as a whole. */
    public record Skipped(int line, String field, String trackId, String name, String reason) {
    }

    /** Why a whole file was refused; {@code details} lists rows when the file had no usable one. */
    public record Refusal(int line, String message, List<Skipped> details) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** The layouts Vibe knows, named as a listener would recognise them. */
    public enum Layout {
        EXPORTIFY_2019("exportify.net, 2019 to August 2024 (Spotify ID column)"),
        EXPORTIFY_2024_09("exportify.net, September 2024 (no track id column)"),
        EXPORTIFY_2024_12("exportify.net, December 2024 (Track ID column)"),
        EXPORTIFY_2025("exportify.net, 2025 (Track URI column)"),
        WATSONBOX("watsonbox/exportify"),
        TRACK_IDS("a CSV with track ids"),
        NAMES_ONLY("a CSV of song names without track ids");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * What a file held.
     *
     * @param refusal     set when the file as a whole cannot be imported; nothing else is meaningful then
     * @param idsDerived  true when the file has no track id column, so every song got a {@link #derivedId}
     * @param rows        data rows read (usable or not)
     */
    public record Result(Layout layout, List<Song> songs, List<Skipped> skipped, Refusal refusal, boolean idsDerived,
                         Set<Feature> featureColumns, int rows) {
        public boolean ok() {
            return refusal == null;
        }

        static Result refused(int line, String message) {
            return new Result(null, List.of(), List.of(), new Refusal(line, message, List.of()), false, Set.of(), 0);
        }
    }

    private enum Column { ID, NAME, ARTISTS, ALBUM }

    private static final Map<Column, List<String>> COLUMN_NAMES = Map.of(
            Column.ID, List.of("trackuri", "trackid", "spotifyid", "spotifyuri", "id", "uri"),
            Column.NAME, List.of("trackname", "name", "title", "songname"),
            Column.ARTISTS, List.of("artistnames", "artistname", "artists", "artist", "trackartist", "trackartists"),
            Column.ALBUM, List.of("albumname", "album", "trackalbumname"));

    public static Result read(Reader reader) {
        return read(new CsvReader(reader));
    }

    public static Result read(String text) {
        return read(new CsvReader(text));
    }

    private static Result read(CsvReader csv) {
        CsvReader.Record headerRecord = csv.next();
        if (headerRecord == null) {
            return Result.refused(1, "the file is empty: expected a header line and one row per song");
        }
        List<String> header = headerRecord.fields();
        String refusal = headerRefusal(header);
        if (refusal != null) {
            return Result.refused(headerRecord.line(), refusal);
        }
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        Map<Feature, Integer> featureColumns = new EnumMap<>(Feature.class);
        List<String> normalised = header.stream().map(FeatureSchema::normalise).toList();
        for (Column column : Column.values()) {
            // the first name in the list that the header has wins: "Track URI" over a later "uri"
            for (String name : COLUMN_NAMES.get(column)) {
                int index = normalised.indexOf(name);
                if (index >= 0) {
                    columns.put(column, index);
                    break;
                }
            }
        }
        for (int i = 0; i < header.size(); i++) {
            int index = i;
            FeatureSchema.byName(header.get(i)).ifPresent(f -> featureColumns.putIfAbsent(f, index));
        }
        if (!columns.containsKey(Column.ID) && !columns.containsKey(Column.NAME)) {
            return Result.refused(headerRecord.line(), "no header column we know: expected an export of exportify.net or "
                    + "watsonbox/exportify (a 'Track URI', 'Track ID' or 'Spotify ID' column, or 'Track Name' and 'Artist Name(s)'), "
                    + "or a catalogue with a 'track_id' column");
        }
        Layout layout = layout(Set.copyOf(normalised), columns.containsKey(Column.ID) ? normalised.get(columns.get(Column.ID)) : null);
        boolean idsDerived = !columns.containsKey(Column.ID);

        List<Song> songs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int rows = 0;
        for (CsvReader.Record record = csv.next(); record != null; record = csv.next()) {
            rows++;
            Row row = new Row(record, header, columns);
            if (record.problem() != null) {
                skipped.add(row.skip(null, record.problem()));
            } else if (record.fields().size() != header.size()) {
                skipped.add(row.skip(null, "has " + record.fields().size() + " fields but the header has " + header.size()
                        + " (a stray comma or quote?)"));
            } else {
                readSong(row, featureColumns, idsDerived, songs, skipped);
            }
        }
        Refusal noSongs = null;
        if (rows == 0) {
            noSongs = new Refusal(headerRecord.line(), "the file has a header but no songs", List.of());
        } else if (songs.isEmpty()) {
            noSongs = new Refusal(headerRecord.line(), "none of its " + rows + " rows is a song Vibe can use (the reasons are listed)",
                    List.copyOf(skipped));
        }
        return new Result(layout, List.copyOf(songs), List.copyOf(skipped), noSongs, idsDerived, Set.copyOf(featureColumns.keySet()), rows);
    }

    /** One data row and the cells Vibe reads from it. */
    private static final class Row {
        final CsvReader.Record record;
        final List<String> header;
        final Map<Column, Integer> columns;

        Row(CsvReader.Record record, List<String> header, Map<Column, Integer> columns) {
            this.record = record;
            this.header = header;
            this.columns = columns;
        }

        int line() {
            return record.line();
        }

        String cell(Column column) {
            Integer i = columns.get(column);
            return i == null || i >= record.fields().size() ? "" : record.fields().get(i).strip();
        }

        String cell(int index) {
            return record.fields().get(index).strip();
        }

        String title(Column column) {
            return header.get(columns.get(column)).strip();
        }

        Skipped skip(String field, String reason) {
            return new Skipped(line(), field, cell(Column.ID), cell(Column.NAME), reason);
        }
    }

    private static void readSong(Row row, Map<Feature, Integer> featureColumns, boolean idsDerived, List<Song> songs, List<Skipped> skipped) {
        String name = row.cell(Column.NAME);
        List<String> artists = splitArtists(row.cell(Column.ARTISTS));
        String album = row.cell(Column.ALBUM);
        String rawId = row.cell(Column.ID);
        String trackId;
        boolean derived = false;
        Optional<SpotifyIds.Ref> ref = SpotifyIds.parse(rawId);
        if (ref.isPresent() && ref.get().kind().equals("local")) {
            skipped.add(row.skip(null, "a local file: not on Spotify, so it has no audio features"));
            return;
        } else if (ref.isPresent() && ref.get().kind().equals("episode")) {
            skipped.add(row.skip(null, "a podcast episode: episodes have no audio features"));
            return;
        } else if (rawId.isEmpty()) {
            if (name.isEmpty()) {
                skipped.add(row.skip(null, idsDerived ? "no song name" : "no track id and no song name"));
                return;
            }
            trackId = derivedId(name, artists, album);
            derived = true;
        } else {
            trackId = ref.filter(r -> r.kind().equals("track")).map(SpotifyIds.Ref::id).orElse(rawId);
            if (!SpotifyIds.isId(trackId)) {
                skipped.add(row.skip(row.title(Column.ID), "'" + abbreviate(rawId) + "' is not a Spotify track id (22 letters and digits, or spotify:track:ID)"));
                return;
            }
        }

        double[] values = new double[FeatureSchema.SIZE];
        Arrays.fill(values, Double.NaN);
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<Feature, Integer> e : featureColumns.entrySet()) {
            Feature f = e.getKey();
            String text = row.cell(e.getValue());
            if (text.isEmpty()) {
                continue; // absent: exportify.net leaves every feature cell empty for tracks Spotify no longer describes
            }
            if (!NUMBER.matcher(text).matches()) {
                problems.put(f.key(), "'" + abbreviate(text) + "' is not a number");
                continue;
            }
            double v = Double.parseDouble(text);
            String problem = f.problemWith(v);
            if (problem != null) {
                problems.put(f.key(), problem);
            } else {
                values[f.index()] = v;
            }
        }
        if (!problems.isEmpty()) {
            skipped.add(new Skipped(row.line(), String.join(", ", problems.keySet()), derived ? "" : trackId, name,
                    String.join("; ", problems.values())));
            return;
        }
        FeatureValues features = FeatureValues.of(values);
        if (derived && features.complete().isEmpty()) {
            // with neither an id nor its features in the row, no source can ever describe the song
            skipped.add(new Skipped(row.line(), null, "", name, "no track id and no audio features in the row, so nothing can look its features up"));
            return;
        }
        songs.add(new Song(row.line(), trackId, derived, name, artists, album, features));
    }

    private static Layout layout(Set<String> header, String idColumn) {
        if (header.contains("artisturis") || header.contains("trackdurationms")) {
            return Layout.WATSONBOX;
        }
        boolean exportify = header.contains("addedat") && header.contains("addedby");
        if (idColumn == null) {
            return exportify ? Layout.EXPORTIFY_2024_09 : Layout.NAMES_ONLY;
        }
        if (exportify) {
            return switch (idColumn) {
                case "spotifyid" -> Layout.EXPORTIFY_2019;
                case "trackid" -> Layout.EXPORTIFY_2024_12;
                default -> Layout.EXPORTIFY_2025;
            };
        }
        return Layout.TRACK_IDS;
    }

    private static String headerRefusal(List<String> header) {
        String joined = String.join(",", header);
        if (joined.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            return "this is not a CSV text file (it holds binary data): export the playlist again as CSV";
        }
        if (header.size() == 1) {
            String only = header.get(0);
            for (String sep : List.of(";", "\t", "|")) {
                if (only.contains(sep)) {
                    return "the file is separated by '" + (sep.equals("\t") ? "TAB" : sep) + "', not by commas: export it again as CSV (comma-separated)";
                }
            }
        }
        return null;
    }

    /**
     * A stable id for a song whose export has no track id: the same name, artists and album (ignoring case, spacing
     * and how the artists were joined) always give the same id, which can never be mistaken for a Spotify id.
     */
    public static String derivedId(String name, List<String> artists, String album) {
        String key = canonical(name) + '\u001f' + artists.stream().map(SongCsv::canonical).collect(Collectors.joining("\u001e"))
                + '\u001f' + canonical(album);
        return "derived-" + Hashing.sha256Hex(key).substring(0, 24);
    }

    private static String canonical(String s) {
        return WHITESPACE.matcher(s == null ? "" : s.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    /** exportify.net joins artists with ';', watsonbox/exportify with ','. */
    static List<String> splitArtists(String cell) {
        if (cell.isBlank()) {
            return List.of();
        }
        String sep = cell.contains(";") ? ";" : ",";
        return Arrays.stream(cell.split(sep)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
