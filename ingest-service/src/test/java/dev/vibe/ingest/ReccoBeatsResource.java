package dev.vibe.ingest;

import dev.vibe.fakes.FakeReccoBeats;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Runs the service with ReccoBeats switched on, pointed at a local fake that answers as ReccoBeats does today. */
public class ReccoBeatsResource implements QuarkusTestResourceLifecycleManager {

    static FakeReccoBeats fake;

    @Override
    public Map<String, String> start() {
        fake = FakeReccoBeats.start();
        return Map.of("vibe.features.reccobeats.enabled", "true", "vibe.features.reccobeats.url", fake.baseUrl(),
                "vibe.features.time-budget", "20s");
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
