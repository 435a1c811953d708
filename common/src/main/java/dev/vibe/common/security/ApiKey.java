package dev.vibe.common.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared API key of the services ({@code vibe.api-key}, env {@code VIBE_API_KEY}); empty = off. One bean, read
 * from configuration once at start; {@link ApiKeyFilter} checks calls with it, {@link ApiKeyClientFilter} sends it.
 */
@Singleton
public class ApiKey {

    public static final String HEADER = "X-API-Key";

    private final byte[] key;

    /** The key this service is configured with. */
    @Inject
    public ApiKey(@ConfigProperty(name = "vibe.api-key") Optional<String> key) {
        this(key.orElse(""));
    }

    /** {@code key}, as given (a blank one is off). */
    public ApiKey(String key) {
        this.key = key == null ? new byte[0] : key.strip().getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return key.length > 0;
    }

    /** Whether {@code given} is the key (constant time). */
    public boolean matches(String given) {
        return given != null && MessageDigest.isEqual(key, given.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The key, to send to another service of the stack; never logged. */
    String value() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return enabled() ? "ApiKey[set]" : "ApiKey[off]";
    }
}
