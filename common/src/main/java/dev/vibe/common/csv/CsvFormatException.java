package dev.vibe.common.csv;

/** The input is not well-formed CSV; names the line where it breaks. */
public class CsvFormatException extends IllegalArgumentException {

    private final int line;

    public CsvFormatException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
