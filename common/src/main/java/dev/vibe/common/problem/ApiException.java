package dev.vibe.common.problem;

import java.util.List;

/**
 * An error the caller can act on; the REST layer turns it into a {@link Problem} with this status.
 * The message is the problem's {@code detail}: say what was wrong and what to do instead.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ApiException(400, "Bad request", detail, errors);
    }

    public static ApiException badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Payload too large", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
