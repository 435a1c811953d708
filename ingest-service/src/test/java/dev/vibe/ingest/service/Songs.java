package dev.vibe.ingest.service;

import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.ingest.client.ReccoBeatsClient;
import dev.vibe.ingest.client.SpotifyWebApi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Songs, features and plain fakes of the feature sources for the service tests that run without a stack. */
final class Songs {

    private Songs() {
    }

    /** A valid Spotify track id (22 letters and digits) ending in {@code n}. */
    static String id(int n) {
        String digits = Integer.toString(n);
        return "0".repeat(22 - digits.length()) + digits;
    }

    /** Complete features told apart by their tempo. */
    static AudioFeatures features(double tempo) {
        return AudioFeatures.of(0.5, 0.6, 5, -7.5, 1, 0.05, 0.2, 0.0, 0.1, 0.4, tempo, 200_000, 4);
    }

    /** What ReccoBeats serves: 11 features, no duration, no time signature. */
    static FeatureValues reccoBeats(double tempo) {
        double nan = Double.NaN;
        return FeatureValues.of(0.5, 0.6, 5, -7.5, 1, 0.05, 0.2, 0.0, 0.1, 0.4, tempo, nan, nan);
    }

    static FeatureValues duration(int ms) {
        return FeatureValues.none().with(Feature.DURATION_MS, ms);
    }

    /** A song of an export with all its features. */
    static IncomingSong complete(String id, double tempo) {
        return new IncomingSong(1, null, id, false, "Song " + id, List.of("Artist"), "Album", FeatureValues.of(features(tempo)),
                FeatureSource.EXPORTIFY_CSV);
    }

    /** A song of an export with the given features only. */
    static IncomingSong partial(String id, FeatureValues values) {
        return new IncomingSong(1, null, id, false, "Song " + id, List.of("Artist"), "Album", values, FeatureSource.EXPORTIFY_CSV);
    }

    /** A clock that stands still until told to move. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** ReccoBeats as a map: the ids it knows answer, the others are unknown; or, once it "fails", no id is answered. */
    static final class FakeReccoBeats implements FeatureFinder.ReccoBeatsLookup {
        final Map<String, FeatureValues> known = new LinkedHashMap<>();
        final Map<String, String> unusable = new LinkedHashMap<>();
        String problem;
        List<String> asked;
        Instant deadline;

        @Override
        public ReccoBeatsClient.Answer features(List<String> ids, Instant deadline) {
            this.asked = ids;
            this.deadline = deadline;
            Map<String, FeatureValues> found = new LinkedHashMap<>();
            Set<String> unknown = new LinkedHashSet<>();
            Map<String, String> bad = new LinkedHashMap<>();
            Set<String> unanswered = new LinkedHashSet<>();
            for (String id : ids) {
                if (problem != null) {
                    unanswered.add(id);
                } else if (known.containsKey(id)) {
                    found.put(id, known.get(id));
                } else if (unusable.containsKey(id)) {
                    bad.put(id, unusable.get(id));
                } else {
                    unknown.add(id);
                }
            }
            return new ReccoBeatsClient.Answer(found, unknown, bad, unanswered, problem);
        }
    }

    /** Of {@code all}, the entries of the given ids, as a source answers. */
    static <T> Map<String, T> only(Map<String, T> all, List<String> ids) {
        Map<String, T> out = new LinkedHashMap<>();
        ids.stream().filter(all::containsKey).forEach(id -> out.put(id, all.get(id)));
        return out;
    }

    /** Spotify's /audio-features for one app: answers from a map, or refuses (403), or fails. */
    static final class FakeSpotify implements FeatureFinder.SpotifyFeatures {
        final String app;
        final Map<String, AudioFeatures> known = new HashMap<>();
        boolean forbidden;
        VibeException failure;
        final List<List<String>> asked = new ArrayList<>();

        FakeSpotify(String app) {
            this.app = app;
        }

        @Override
        public String appId() {
            return app;
        }

        @Override
        public Map<String, AudioFeatures> features(List<String> ids) throws SpotifyWebApi.FeaturesForbidden {
            asked.add(ids);
            if (forbidden) {
                throw new SpotifyWebApi.FeaturesForbidden();
            }
            if (failure != null) {
                throw failure;
            }
            return only(known, ids);
        }
    }

}
