package dev.vibe.common.problem;

import dev.vibe.common.schema.AudioFeatures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/** Turns every error of every service's REST API into {@code application/problem+json}. */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    static Response answer(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        Problem p = new Problem("about:blank", title, status, detail, instance, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** Errors raised on purpose by the services. */
    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ApiException e) {
            return answer(e.status(), e.title(), e.getMessage(), uri, e.errors());
        }
    }

    /** Features that are missing, unknown or out of range, wherever they were read. */
    @Provider
    public static class InvalidFeaturesMapper implements ExceptionMapper<AudioFeatures.InvalidFeaturesException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(AudioFeatures.InvalidFeaturesException e) {
            var errors = e.problems().stream().map(p -> new Problem.FieldError("features", p)).toList();
            return answer(400, "Invalid audio features", "Fix the features listed in errors and send the request again.", uri, errors);
        }
    }

    /** 404 for unknown paths, 405, 415 and friends from the framework, with the framework's reason. */
    @Provider
    public static class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            Response.StatusType s = e.getResponse().getStatusInfo();
            String detail = e.getMessage() == null || e.getMessage().isBlank() ? s.getReasonPhrase() : e.getMessage();
            return answer(s.getStatusCode(), s.getReasonPhrase(), detail, uri, List.of());
        }
    }
}
