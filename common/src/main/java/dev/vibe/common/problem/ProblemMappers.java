package dev.vibe.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vibe.common.schema.AudioFeatures;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;

/**
 * Turns every error of every service's REST API into {@code application/problem+json}: the one place where each kind
 * of exception gets its status and body. Each method is a Quarkus REST exception mapper for the types it names (for a
 * thrown exception the mapper of its nearest type answers); filters answer through {@link #answer} too.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The problem+json answer every error of the services takes (filters included). */
    public static Response answer(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        // never echo a huge input back: details and field messages are capped
        Problem p = new Problem("about:blank", title, status, cap(detail, 2000), instance,
                errors == null ? List.of() : errors.stream().map(e -> new Problem.FieldError(cap(e.field(), 200), cap(e.message(), 500))).toList());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** The HTTP status of each kind of error the services raise: the one place statuses are chosen. */
    public static int status(VibeException e) {
        if (e instanceof VibeException.InvalidInput) {
            return 400;
        } else if (e instanceof VibeException.NotPermitted) {
            return 403;
        } else if (e instanceof VibeException.NotFound) {
            return 404;
        } else if (e instanceof VibeException.Conflict) {
            return 409;
        } else if (e instanceof VibeException.TooLarge) {
            return 413;
        } else if (e instanceof VibeException.UpstreamFailed) {
            return 502;
        } else if (e instanceof VibeException.Unavailable) {
            return 503;
        }
        return 500;
    }

    /** Errors raised on purpose by the services. */
    @ServerExceptionMapper
    public Response vibe(VibeException e, UriInfo uri) {
        return answer(status(e), e.title(), e.getMessage(), uri, e.errors());
    }

    /** A request record that breaks its constraints (Bean Validation): every broken field named. */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .limit(50)
                .toList();
        String detail = errors.size() == 1 && errors.get(0).field().isEmpty() ? errors.get(0).message()
                : "Fix the fields listed in errors and send the request again.";
        return answer(400, "Invalid request", detail, uri, errors);
    }

    /** The field as the request spells it: {@code playlistIds[1]}, without the method and parameter names. */
    static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, PARAMETER, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> {
                    continue;
                }
                default -> {
                }
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName());
            }
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                out.append('[').append(node.getKey()).append(']');
            }
        }
        return out.toString();
    }

    /** Features that are missing, unknown or out of range, wherever they were read. */
    @ServerExceptionMapper
    public Response invalidFeatures(AudioFeatures.InvalidFeaturesException e, UriInfo uri) {
        var errors = e.problems().stream().map(p -> new Problem.FieldError("features", p)).toList();
        return answer(400, "Invalid audio features", "Fix the features listed in errors and send the request again.", uri, errors);
    }

    /**
     * A request body that is not the JSON the endpoint takes. Named for the exact exception types too, as the
     * framework's own mappers for those would otherwise answer without problem+json.
     */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class, InvalidFormatException.class})
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body")
                : "body";
        return answer(400, "Malformed JSON", "The request body is not valid JSON for this endpoint" + where
                + "; see the OpenAPI document (/q/openapi) for its shape.", uri, List.of(new Problem.FieldError(field, e.getOriginalMessage())));
    }

    /** 404 for unknown paths, 405, 415 and friends from the framework, with the framework's reason. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType s = e.getResponse().getStatusInfo();
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? s.getReasonPhrase() : e.getMessage();
        return answer(s.getStatusCode(), s.getReasonPhrase(), detail, uri, List.of());
    }

    /** Anything unexpected: 500 without internals (they go to the log). */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof WebApplicationException w) {
            return webApplication(w, uri);
        }
        LOG.error("unexpected error on " + (uri == null ? "?" : uri.getRequestUri().getRawPath()), e);
        return answer(500, "Internal error", "Something went wrong on our side; the service log has the details. "
                + "Nothing was changed by this request if it failed before its transaction ended; try again.", uri, List.of());
    }

    static String cap(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
    }
}
