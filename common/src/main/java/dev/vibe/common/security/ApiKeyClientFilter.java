package dev.vibe.common.security;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Sends this service's API key to the other services of the stack (they share {@code vibe.api-key}); register it on
 * a REST client with {@code @RegisterProvider(ApiKeyClientFilter.class)}.
 */
public class ApiKeyClientFilter implements ClientRequestFilter {

    private final ApiKey key = ApiKey.configured();

    @Override
    public void filter(ClientRequestContext request) {
        if (key.enabled()) {
            request.getHeaders().putSingle(ApiKey.HEADER, key.value());
        }
    }
}
