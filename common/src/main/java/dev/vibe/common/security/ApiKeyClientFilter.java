package dev.vibe.common.security;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Sends this service's API key to the other services of the stack (they share {@code vibe.api-key}); register it on
 * a REST client with {@code @RegisterProvider(ApiKeyClientFilter.class)}. A bean (kept though nothing injects it), so
 * that the REST clients take this instance, with the configured key, instead of making their own.
 */
@Singleton
@Unremovable
public class ApiKeyClientFilter implements ClientRequestFilter {

    private final ApiKey key;

    @Inject
    public ApiKeyClientFilter(ApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (key.enabled()) {
            request.getHeaders().putSingle(ApiKey.HEADER, key.value());
        }
    }
}
