package dev.vibe.common.problem;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Refuses a JSON body larger than {@code vibe.http.max-json-bytes} (default 1 MiB) with 413 problem+json before it is
 * read. CSV uploads have their own, larger limits, checked as they are read.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class JsonBodyLimit implements ContainerRequestFilter {

    private final long maxBytes;

    @Inject
    public JsonBodyLimit(@ConfigProperty(name = "vibe.http.max-json-bytes", defaultValue = "1048576") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        int length = request.getLength();
        if (length <= maxBytes) {
            return; // the length first: most requests end here without their media type being parsed
        }
        MediaType type = request.getMediaType();
        if (type != null && type.getSubtype().endsWith("json")) {
            request.abortWith(ProblemMappers.answer(413, "Request too large", "The JSON body has " + length + " bytes; at most " + maxBytes
                    + " are accepted (vibe.http.max-json-bytes). Send fewer items per request.", request.getUriInfo(), List.of()));
        }
    }
}
