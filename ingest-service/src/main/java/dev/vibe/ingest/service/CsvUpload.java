package dev.vibe.ingest.service;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV someone sent to be imported (a playlist export, a feature catalogue): read as UTF-8 within a size limit and
 * parsed; a file that cannot be read as a whole is refused, each bad line named ("line N" or "line N feature").
 */
final class CsvUpload {

    /** Most bad lines named in one refusal. */
    static final int MAX_ERRORS = 50;

    private CsvUpload() {
    }

    /**
     * The songs of a CSV body.
     *
     * @param what        the file as the listener knows it ("playlist CSV")
     * @param readableAs  what Vibe reads ("playlist export"), for the refusal
     * @param nothingDone what did not happen because of a refusal ("stored")
     * @throws VibeException.TooLarge if the body is larger than {@code maxBytes};
     *                                {@link VibeException.InvalidInput} if it is empty, not UTF-8 or not a CSV Vibe can read
     */
    static SongCsv.Result read(InputStream body, long maxBytes, String what, String readableAs, String nothingDone) {
        SongCsv.Result parsed = SongCsv.read(utf8(body, maxBytes, what));
        if (!parsed.ok()) {
            throw new VibeException.InvalidInput("This is not a " + readableAs + " Vibe can read: " + parsed.refusal().message()
                    + ". Nothing was " + nothingDone + ".", errors(parsed.refusal()));
        }
        return parsed;
    }

    /** The body as UTF-8 text. */
    static String utf8(InputStream body, long maxBytes, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (body) {
            int n;
            while ((n = body.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new VibeException.TooLarge("The " + what + " is larger than " + maxBytes + " bytes. Split it, or raise the limit "
                            + "(vibe.import.max-playlist-bytes / vibe.import.max-catalogue-bytes).");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (out.size() == 0) {
            throw new VibeException.InvalidInput("The request has no body: send the " + what + " as the request body (Content-Type: text/csv).");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new VibeException.InvalidInput("The " + what + " is not UTF-8 text. Save it as UTF-8 CSV and send it again.");
        }
    }

    /** Why a CSV was refused, as problem+json errors: field "line N" or "line N feature", at most {@value #MAX_ERRORS}. */
    static List<Problem.FieldError> errors(SongCsv.Refusal refusal) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (refusal.details().isEmpty()) {
            errors.add(new Problem.FieldError("line " + refusal.line(), refusal.message()));
        }
        refusal.details().stream().limit(MAX_ERRORS).forEach(s -> errors.add(new Problem.FieldError(
                "line " + s.line() + (s.field() == null ? "" : " " + s.field()), s.reason())));
        return errors;
    }
}
