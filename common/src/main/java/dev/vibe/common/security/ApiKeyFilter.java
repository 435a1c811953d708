package dev.vibe.common.security;

import dev.vibe.common.problem.ProblemMappers;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * With {@code vibe.api-key} set (env {@code VIBE_API_KEY}; on by default in the Kubernetes manifests, off for the
 * local stack), every {@code /api/v1} call of every service, reads included, needs the right {@code X-API-Key}
 * header, or it is refused with 401 problem+json before anything is read or stored: playlists, models and their
 * training songs are a listener's data. Health, metrics, OpenAPI and the page's static files are not JAX-RS resources
 * and stay open. The key is compared in constant time and never logged.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    private final ApiKey key;

    @Inject
    public ApiKeyFilter(ApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!key.enabled()) {
            return; // before the path is looked at: the local stack's every request passes here
        }
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("/api/") || path.startsWith("api/"))) {
            return;
        }
        if (!key.matches(request.getHeaderString(ApiKey.HEADER))) {
            Response problem = ProblemMappers.answer(401, "API key required",
                    "This service is closed to callers without its API key: send it in the " + ApiKey.HEADER + " header"
                            + " (the service's vibe.api-key, env VIBE_API_KEY; the vibe CLI sends $VIBE_API_KEY, the page asks for it once).",
                    request.getUriInfo(), List.of());
            request.abortWith(Response.fromResponse(problem).header("WWW-Authenticate", "ApiKey header=\"" + ApiKey.HEADER + "\"").build());
        }
    }
}
