package dev.vibe.scoring.service;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import dev.vibe.scoring.client.TrainerClient;
import dev.vibe.scoring.config.ScoringConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import jakarta.ws.rs.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loaded model answers small requests on the event loop and is held only while it computes: once the answer is
 * known it is released, also when the caller gave up on the answer meanwhile (a client that went away), so a replaced
 * model still closes.
 */
class BatchedScoringTest {

    static Vertx vertx;
    static RandomVibeNet made;
    ServedModels servedModels;
    ScoringService scoring;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        made = RandomVibeNet.make(11);
        made.served().retire();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The trainer, as ServedModels asks it: this one has one model. */
    public static final class OneModelTrainer {
        public List<ModelSummary> latest() {
            return List.of();
        }

        public ModelArtifact latestArtifact(String vibeId) {
            if (!vibeId.equals(made.artifact().vibeId())) {
                throw new NotFoundException();
            }
            return made.artifact();
        }

        public ModelArtifact artifact(String vibeId, int version) {
            return latestArtifact(vibeId);
        }
    }

    @BeforeEach
    void newService() {
        ScoringConfig config = Neighbours.config(1000, 4);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        servedModels = new ServedModels(config, Neighbours.client(TrainerClient.class, new OneModelTrainer()), meters);
        scoring = new ScoringService(servedModels, null, null, config, new EventLoopBatcher(meters));
    }

    List<ScoringService.SongInput> songs(int n) {
        List<ScoringService.SongInput> songs = new ArrayList<>();
        float[][] rows = made.rows(0, n);
        for (int i = 0; i < n; i++) {
            songs.add(new ScoringService.SongInput("s" + i, null, rows[i]));
        }
        return songs;
    }

    /** Runs {@code work} in one task of an event loop and returns what it returned. */
    static <T> T onEventLoop(java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> done.complete(work.get()));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerOnTheEventLoopIsTheModelsAndReleasesIt() throws Exception {
        String vibe = made.artifact().vibeId();
        ServedModel served = servedModels.find(vibe).orElseThrow();
        CompletionStage<ScoringService.Scores> answer = onEventLoop(() -> scoring.scoreLoaded(vibe, songs(3)).orElseThrow());
        ScoringService.Scores scores = answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
        ServedModel.Views direct = served.predictViews(made.rows(0, 3));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(direct.absolute()[i], scores.songs().get(i).probabilities(), 1e-6f);
        }
        servedModels.onStop(null); // ServedModels lets go of it: it closes once no call holds it
        assertTrue(served.isClosed(), "released after its answer");
    }

    @Test
    void aCallerThatGivesUpBeforeTheAnswerStillLetsTheModelGo() throws Exception {
        String vibe = made.artifact().vibeId();
        ServedModel served = servedModels.find(vibe).orElseThrow();
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        onEventLoop(() -> {
            CompletionStage<ScoringService.Matrix> answer = scoring.matrixLoaded(vibe, made.rows(0, 2)).orElseThrow();
            answer.toCompletableFuture().cancel(false); // the client went away while its request waited for the flush
            Vertx.currentContext().runOnContext(ignored -> flushed.complete(null)); // after the flush of this turn
            return answer;
        });
        flushed.get(10, TimeUnit.SECONDS);
        servedModels.onStop(null);
        assertTrue(served.isClosed(), "the cancelled request's hold on the model was released");
    }

    @Test
    void aModelThatIsNotLoadedIsNotAskedForOnTheEventLoop() throws Exception {
        assertFalse(onEventLoop(() -> scoring.scoreLoaded(made.artifact().vibeId(), songs(1)).isPresent()), "loading it would block the loop");
        assertEquals(0, servedModels.size());
    }
}
