package dev.vibe.common.security;

import dev.vibe.common.problem.ProblemMappers;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Enforces {@link ApiKeyRequired}: with {@code vibe.api-key} set (env {@code VIBE_API_KEY}; on by default in the
 * Kubernetes manifests, off for the local stack), a call without the right {@code X-API-Key} header is refused with
 * 401 problem+json before anything is read or stored. The key is compared in constant time and never logged.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-API-Key";

    private final byte[] key;

    public ApiKeyFilter() {
        this(ConfigProvider.getConfig().getOptionalValue("vibe.api-key", String.class).orElse(""));
    }

    ApiKeyFilter(String key) {
        this.key = key == null ? new byte[0] : key.strip().getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return key.length > 0;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled()) {
            return;
        }
        String given = request.getHeaderString(HEADER);
        if (given == null || !MessageDigest.isEqual(key, given.strip().getBytes(StandardCharsets.UTF_8))) {
            Response problem = ProblemMappers.answer(401, "API key required",
                    "This call changes stored data and needs the API key: send it in the " + HEADER + " header"
                            + " (the service's vibe.api-key, env VIBE_API_KEY; the vibe CLI sends $VIBE_API_KEY).",
                    request.getUriInfo(), List.of());
            request.abortWith(Response.fromResponse(problem).header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"").build());
        }
    }
}
