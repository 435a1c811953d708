package dev.vibe.common.problem;

import java.util.List;

/**
 * An error the caller can act on. The message is the problem's {@code detail}: what was wrong and what to do instead;
 * {@code errors} names each bad field or row. Services throw the kind that says what happened ({@link InvalidInput},
 * {@link NotFound}, ...); only the REST edge ({@link ProblemMappers}) knows which HTTP status each kind is.
 */
public abstract class VibeException extends RuntimeException {

    private final String title;
    private final List<Problem.FieldError> errors;

    protected VibeException(String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** The request cannot be done as it is: bad input, named field by field. */
    public static class InvalidInput extends VibeException {
        public InvalidInput(String detail) {
            this(detail, List.of());
        }

        public InvalidInput(String detail, List<Problem.FieldError> errors) {
            super("Bad request", detail, errors);
        }
    }

    /** What the request names does not exist. */
    public static class NotFound extends VibeException {
        public NotFound(String detail) {
            super("Not found", detail, List.of());
        }
    }

    /** It exists but is not in a state to do this yet. */
    public static class Conflict extends VibeException {
        public Conflict(String title, String detail) {
            super(title, detail, List.of());
        }
    }

    /** The request is larger than allowed. */
    public static class TooLarge extends VibeException {
        public TooLarge(String detail) {
            super("Payload too large", detail, List.of());
        }
    }

    /** A service Vibe depends on refuses this to the caller (Spotify will not show someone else's playlist). */
    public static class NotPermitted extends VibeException {
        public NotPermitted(String title, String detail) {
            super(title, detail, List.of());
        }
    }

    /** A service Vibe depends on answered with an error or refused the credentials. */
    public static class UpstreamFailed extends VibeException {
        public UpstreamFailed(String title, String detail) {
            this(title, detail, List.of());
        }

        public UpstreamFailed(String title, String detail, List<Problem.FieldError> errors) {
            super(title, detail, errors);
        }
    }

    /** Cannot be done now (a dependency is down, a rate limit): try again later. */
    public static class Unavailable extends VibeException {
        public Unavailable(String title, String detail) {
            super(title, detail, List.of());
        }
    }
}
