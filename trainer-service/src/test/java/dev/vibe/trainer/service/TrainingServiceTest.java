package dev.vibe.trainer.service;

import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.trainer.config.TrainerConfig;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.domain.TrackFeatures;
import dev.vibe.trainer.messaging.TrainerEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Vetoed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TrainingService's decisions with hand-written fakes of its neighbours (registry, replica, engine, events): no Kafka,
 * no PostgreSQL, no training.
 */
class TrainingServiceTest {

    static final List<String> A = List.of("a1", "a2", "a3");
    static final List<String> B = List.of("b1", "b2", "b3");

    final Registry registry = new Registry();
    final Replica replica = new Replica();
    final Engine engine = new Engine();
    final Events events = new Events();

    TrainingService service(Duration featureWait) {
        return new TrainingService(registry, replica, engine, events, config(featureWait), new SimpleMeterRegistry());
    }

    static TrainingRequest request(String requestId, List<String> a, List<String> b) {
        return new TrainingRequest(requestId, "vibe-1", List.of(new TrainingRequest.PlaylistSnapshot("pa", "A", a),
                new TrainingRequest.PlaylistSnapshot("pb", "B", b)), Instant.now());
    }

    @Test
    void theSameRequestTwiceTrainsOnceAndAnswersTheSameModel() {
        replica.has(A).has(B);
        TrainingService service = service(Duration.ofSeconds(1));
        ModelRecord first = service.handle(request("r1", A, B));
        ModelRecord again = service.handle(request("r1", A, B));

        assertEquals(1, engine.trained.size(), "trained once");
        assertEquals(1, registry.stored.size(), "stored once");
        assertSame(first, again, "the redelivery answers the stored model");
        assertEquals(1, first.version);
        assertEquals(List.of(first), registry.announcedAgain, "and announces it again");
        assertEquals(Map.of(), registry.announcedAgainHeadline.get(0), "a report without the forest baseline shows no headline");
        assertEquals(List.of("waiting for the songs' features"), events.messages, "one training status, for the first delivery");
        assertEquals(List.of(), registry.failures);
    }

    @Test
    void aNewRequestIsTrainedOnItsPlaylistsSongsAndStoredWithItsHeadline() {
        replica.has(A).has(B);
        ModelRecord m = service(Duration.ofSeconds(1)).handle(request("r1", A, List.of("b1", "b2", "b3", "b2")));

        assertNotNull(m);
        LabeledSongs data = engine.trained.get(0);
        assertEquals(List.of("A", "B"), data.playlists());
        assertEquals(6, data.size(), "a song twice on a playlist counts once");
        assertEquals(Map.of("macroF1", 0.9), registry.storedHeadline.get(0));
        assertEquals(TrainingStatus.State.TRAINING, events.states.get(0));
    }

    @Test
    void trainingWaitsForFeaturesNotYetReplicated() {
        replica.has(A).has(List.of("b1")).laterHas(List.of("b2", "b3"), 2);
        ModelRecord m = service(Duration.ofSeconds(5)).handle(request("r1", A, B));

        assertNotNull(m, "trained once the features arrived");
        assertEquals(2, replica.asked, "asked again after the first answer lacked two songs");
        assertEquals(1, registry.stored.size());
        assertEquals(List.of(), registry.failures);
    }

    @Test
    void featuresThatNeverComeFailTheRequestWithTheReason() {
        replica.has(A).has(List.of("b1", "b2"));
        ModelRecord m = service(Duration.ZERO).handle(request("r1", A, B));

        assertNull(m);
        assertEquals(List.of(), engine.trained, "nothing trained");
        assertEquals(List.of(), registry.stored, "nothing stored");
        assertEquals(List.of("r1 vibe-1 1 of 6 songs have no features in the trainer after 0 s (for example [b3]); import them again, then retry"),
                registry.failures);
    }

    @Test
    void aPlaylistWithTooFewSongsFailsTheRequest() {
        replica.has(A).has(B);
        ModelRecord m = service(Duration.ofSeconds(1)).handle(request("r1", A, List.of("b1", "b2", "b1")));

        assertNull(m);
        assertEquals(List.of(), engine.trained);
        assertEquals(List.of("r1 vibe-1 playlist 'B' has 2 songs; a vibe needs at least 3 per playlist"), registry.failures);
    }

    @Test
    void aModelStoredMeanwhileByAnotherAttemptIsKept() {
        replica.has(A).has(B);
        ModelRecord earlier = model("r1");
        engine.meanwhile = () -> registry.store(earlier, Map.of()); // a redelivery trained and stored the same request
        ModelRecord m = service(Duration.ofSeconds(1)).handle(request("r1", A, B));

        assertSame(earlier, m, "the first stored model is kept");
        assertEquals(List.of(earlier), registry.stored, "the second is not stored");
    }

    @Test
    void storingIsRetriedUntilTheDatabaseTakesIt() {
        replica.has(A).has(B);
        registry.storeFailures = 1;
        ModelRecord m = service(Duration.ofSeconds(1)).handle(request("r1", A, B));

        assertNotNull(m);
        assertEquals(2, registry.storeAttempts);
        assertEquals(1, registry.stored.size());
        assertEquals(1, engine.trained.size(), "not trained again");
    }

    @Test
    void recordingAFailureIsRetriedUntilTheDatabaseTakesIt() {
        replica.has(A);
        registry.failFailures = 1;
        assertNull(service(Duration.ZERO).handle(request("r1", A, B)));

        assertEquals(2, registry.failAttempts);
        assertEquals(1, registry.failures.size());
    }

    static ModelRecord model(String requestId) {
        ModelRecord m = new ModelRecord();
        m.vibeId = "vibe-1";
        m.requestId = requestId;
        m.metrics = Map.of();
        return m;
    }

    static TrainerConfig config(Duration featureWait) {
        return new TrainerConfig() {
            @Override
            public Duration featureWait() {
                return featureWait;
            }

            @Override
            public double testShare() {
                return 0.2;
            }

            @Override
            public int minSongsPerPlaylist() {
                return 3;
            }

            @Override
            public long seed() {
                return 42;
            }

            @Override
            public OptionalInt members() {
                return OptionalInt.empty();
            }

            @Override
            public OptionalInt forestTrees() {
                return OptionalInt.empty();
            }

            @Override
            public boolean warmUp() {
                return false;
            }
        };
    }

    /** The registry in memory; a store or a failure record can fail a given number of times first. */
    @Vetoed // a fake, not a bean of the @QuarkusTest applications in this module
    static final class Registry extends ModelRegistry {
        final List<ModelRecord> stored = new ArrayList<>();
        final List<Map<String, Double>> storedHeadline = new ArrayList<>();
        final List<ModelRecord> announcedAgain = new ArrayList<>();
        final List<Map<String, Double>> announcedAgainHeadline = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int storeFailures;
        int storeAttempts;
        int failFailures;
        int failAttempts;

        Registry() {
            super(null);
        }

        @Override
        public Optional<ModelRecord> byRequest(String requestId) {
            return stored.stream().filter(m -> m.requestId.equals(requestId)).findFirst();
        }

        @Override
        public ModelRecord store(ModelRecord model, Map<String, Double> headline) {
            storeAttempts++;
            if (storeFailures-- > 0) {
                throw new IllegalStateException("database away");
            }
            model.version = (int) stored.stream().filter(m -> m.vibeId.equals(model.vibeId)).count() + 1;
            stored.add(model);
            storedHeadline.add(headline);
            return model;
        }

        @Override
        public void announceAgain(ModelRecord model, Map<String, Double> headline) {
            announcedAgain.add(model);
            announcedAgainHeadline.add(headline);
        }

        @Override
        public void failed(String requestId, String vibeId, String message) {
            failAttempts++;
            if (failFailures-- > 0) {
                throw new IllegalStateException("database away");
            }
            failures.add(requestId + " " + vibeId + " " + message);
        }
    }

    /** The replica in memory; songs can arrive from a given ask on. */
    @Vetoed // a fake, not a bean of the @QuarkusTest applications in this module
    static final class Replica extends FeatureReplica {
        final Map<String, TrackFeatures> tracks = new HashMap<>();
        final Map<String, Integer> from = new HashMap<>();
        int asked;

        Replica() {
            super(null, new SimpleMeterRegistry());
        }

        Replica has(List<String> ids) {
            return laterHas(ids, 1);
        }

        /** These songs are there from the {@code ask}-th question on. */
        Replica laterHas(List<String> ids, int ask) {
            for (String id : ids) {
                TrackFeatures t = new TrackFeatures();
                t.trackId = id;
                t.name = "Song " + id;
                t.features = AudioFeatures.of(0.5, 0.5, 1, -6, 1, 0.05, 0.2, 0, 0.1, 0.5, 120, 200000, 4).toMap();
                tracks.put(id, t);
                from.put(id, ask);
            }
            return this;
        }

        @Override
        public Map<String, TrackFeatures> findAll(List<String> ids) {
            asked++;
            Map<String, TrackFeatures> out = new LinkedHashMap<>();
            ids.stream().filter(id -> tracks.containsKey(id) && from.get(id) <= asked).forEach(id -> out.put(id, tracks.get(id)));
            return out;
        }
    }

    /** Trains nothing: answers a model record for the request and remembers the songs it was given. */
    @Vetoed // a fake, not a bean of the @QuarkusTest applications in this module
    static final class Engine extends TrainingEngine {
        final List<LabeledSongs> trained = new ArrayList<>();
        Runnable meanwhile = () -> {
        };

        Engine() {
            super(null, null, config(Duration.ZERO));
        }

        @Override
        public Trained train(TrainingRequest request, List<String> names, LabeledSongs data, Map<String, TrackFeatures> features) {
            trained.add(data);
            meanwhile.run();
            return new Trained(model(request.requestId()), Map.of("macroF1", 0.9));
        }
    }

    /** Remembers the progress messages. */
    @Vetoed // a fake, not a bean of the @QuarkusTest applications in this module
    static final class Events extends TrainerEvents {
        final List<TrainingStatus.State> states = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        Events() {
            super(null);
        }

        @Override
        public void status(String requestId, String vibeId, TrainingStatus.State state, String message) {
            states.add(state);
            messages.add(message);
        }
    }
}
