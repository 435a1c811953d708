package dev.vibe.ingest.rest;

import dev.vibe.common.problem.VibeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reading request bodies within a size limit. */
final class Bodies {

    private Bodies() {
    }

    /**
     * The body as UTF-8 text.
     *
     * @throws VibeException.TooLarge if it is larger than {@code maxBytes}; {@link VibeException.InvalidInput} if it is empty or not UTF-8
     */
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
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new VibeException.InvalidInput("The " + what + " is not UTF-8 text. Save it as UTF-8 CSV and send it again.");
        }
    }
}
