package dev.vibe.common.security;

import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The shared API key of the services ({@code vibe.api-key}, env {@code VIBE_API_KEY}); empty = off. */
public final class ApiKey {

    public static final String HEADER = "X-API-Key";

    private final byte[] key;

    private ApiKey(String key) {
        this.key = key == null ? new byte[0] : key.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** The key this service is configured with. */
    public static ApiKey configured() {
        return new ApiKey(ConfigProvider.getConfig().getOptionalValue("vibe.api-key", String.class).orElse(""));
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
