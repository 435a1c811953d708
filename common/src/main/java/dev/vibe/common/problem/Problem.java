package dev.vibe.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code detail} says what went wrong and what to do; {@code errors} lists each bad field or row.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One problem with one field or row of the input. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record FieldError(String field, String message) {
    }

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
