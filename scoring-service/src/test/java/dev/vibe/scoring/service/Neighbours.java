package dev.vibe.scoring.service;

import dev.vibe.scoring.config.ScoringConfig;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The scoring service's neighbours for plain unit tests: its settings, and REST client interfaces answered by a plain
 * fake object. A fake must not implement a client interface itself: a test class implementing an interface with
 * {@code @Path} becomes an endpoint of the application in every {@code @QuarkusTest} of the module.
 */
final class Neighbours {

    private Neighbours() {
    }

    /** Settings with these limits. */
    static ScoringConfig config(int maxSongs, int maxHotModels) {
        return new ScoringConfig() {
            @Override
            public int maxSongs() {
                return maxSongs;
            }

            @Override
            public int maxHotModels() {
                return maxHotModels;
            }
        };
    }

    /** {@code type} answered by the public methods of {@code fake} with the same names and parameters. */
    static <T> T client(Class<T> type, Object fake) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            try {
                return fake.getClass().getMethod(method.getName(), method.getParameterTypes()).invoke(fake, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
