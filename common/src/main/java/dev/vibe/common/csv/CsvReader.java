package dev.vibe.common.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader: comma-separated, fields optionally in double quotes (with "" for a quote and line
 * breaks allowed inside quotes), LF or CRLF line ends, a leading UTF-8 BOM ignored. Malformed input (an
 * unterminated quote, text after a closing quote) raises {@link CsvFormatException} naming the line.
 */
public final class CsvReader {

    private final Reader in;
    private int line = 1;
    private int recordLine;
    private int peeked = -2;
    private boolean first = true;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The line on which the record last returned by {@link #next()} starts (1-based). */
    public int recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the input. Blank lines are skipped. */
    public List<String> next() {
        while (true) {
            int c = read();
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    c = read();
                }
            }
            if (c == -1) {
                return null;
            }
            if (c == '\n') {
                line++;
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                continue;
            }
            recordLine = line;
            return record(c);
        }
    }

    private List<String> record(int c) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = quoted(field);
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    if (c == '"') {
                        throw new CsvFormatException(line, "a double quote inside an unquoted field (quote the whole field and double the quote)");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
            }
            if (c != -1) {
                line++;
            }
            return fields;
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int quoted(StringBuilder field) {
        int start = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new CsvFormatException(start, "a quoted field is never closed (the file may be truncated)");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                int after = read();
                if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                    throw new CsvFormatException(line, "text after the closing quote of a field");
                }
                return after;
            }
            if (c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int peek() {
        if (peeked == -2) {
            try {
                peeked = in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return peeked;
    }
}
