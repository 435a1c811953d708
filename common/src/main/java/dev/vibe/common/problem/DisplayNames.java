package dev.vibe.common.problem;

import java.util.List;

/**
 * Checks the display names people give things (playlists, vibes): shown on pages and in the CLI, so kept short and
 * printable.
 */
public final class DisplayNames {

    public static final int MAX_LENGTH = 200;

    private DisplayNames() {
    }

    /**
     * The name stripped, or {@code null} if none was given.
     *
     * @throws VibeException.InvalidInput naming {@code field} if it is too long, has control characters or nothing to read
     */
    public static String optional(String field, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.strip();
        String problem = null;
        if (n.length() > MAX_LENGTH) {
            problem = "is " + n.length() + " characters long; keep it to " + MAX_LENGTH;
        } else if (n.codePoints().anyMatch(Character::isISOControl)) {
            problem = "contains control characters";
        } else if (n.codePoints().noneMatch(Character::isLetterOrDigit)) {
            problem = "has no letter or digit";
        }
        if (problem != null) {
            throw new VibeException.InvalidInput("The " + field + " " + problem + ".", List.of(new Problem.FieldError(field, problem)));
        }
        return n;
    }
}
