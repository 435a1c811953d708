package dev.vibe.common.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as real exporters wrote them: comma-separated, fields optionally in double quotes, LF, CRLF or
 * CR line ends, a leading UTF-8 BOM ignored, blank lines skipped.
 *
 * <p>Each record is read by RFC 4180 first ({@code ""} is a quote, line breaks allowed inside quotes). A record
 * that is not valid RFC 4180 is read again from its first line the way exporters that did not double quotes meant
 * it (exportify.net before 2025 wrote {@code "Evelyn "Champagne" King"}): on that one line, a quote closes a quoted
 * field only when a comma or the line end follows it, and every other quote is text. A quoted field that is still
 * open at the line end makes that record a {@link Record#problem()}, and reading goes on with the next line, so one
 * broken row never costs the rest of the file.
 */
public final class CsvReader {

    /**
     * One record.
     *
     * @param line    the line it starts on (1-based)
     * @param fields  its fields
     * @param problem why it could only be read in part, or null
     */
    public record Record(int line, List<String> fields, String problem) {
    }

    private final String text;
    private int pos;
    private int line = 1;

    public CsvReader(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public CsvReader(Reader in) {
        this(readAll(in));
    }

    /** The next record, or null at the end of the input. */
    public Record next() {
        skipBlankLines();
        if (pos >= text.length()) {
            return null;
        }
        int start = pos;
        int startLine = line;
        List<String> strict = strict();
        if (strict != null) {
            return new Record(startLine, strict, null);
        }
        pos = start;
        line = startLine;
        return lenient(startLine);
    }

    private void skipBlankLines() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos += pos + 1 < text.length() && text.charAt(pos + 1) == '\n' ? 2 : 1;
                line++;
            } else {
                return;
            }
        }
    }

    /** The record by RFC 4180 from {@link #pos}, or null (position undefined) if it is not valid RFC 4180. */
    private List<String> strict() {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (pos < text.length() && text.charAt(pos) == '"') {
                pos++;
                while (true) {
                    if (pos >= text.length()) {
                        return null; // never closed
                    }
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                if (pos < text.length() && !isDelimiterOrLineEnd(text.charAt(pos))) {
                    return null; // text after the closing quote
                }
            } else {
                while (pos < text.length() && !isDelimiterOrLineEnd(text.charAt(pos))) {
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        return null; // a quote inside an unquoted field
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            endLine();
            return fields;
        }
    }

    /** The record on one line from {@link #pos}, reading quotes that were not doubled as text. */
    private Record lenient(int startLine) {
        int end = pos;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        List<String> fields = new ArrayList<>();
        String problem = null;
        StringBuilder field = new StringBuilder();
        int i = pos;
        while (true) {
            if (i < end && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < end) {
                    char c = text.charAt(i++);
                    if (c == '"' && (i == end || text.charAt(i) == ',')) {
                        closed = true;
                        break;
                    }
                    field.append(c);
                }
                if (!closed) {
                    problem = "a quoted field is never closed (a stray quote, or the file is cut off)";
                }
            } else {
                while (i < end && text.charAt(i) != ',') {
                    field.append(text.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i < end && text.charAt(i) == ',') {
                i++;
                continue;
            }
            break;
        }
        pos = end;
        endLine();
        return new Record(startLine, fields, problem);
    }

    private void endLine() {
        if (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            line++;
        }
    }

    private static boolean isDelimiterOrLineEnd(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    private static String readAll(Reader in) {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
