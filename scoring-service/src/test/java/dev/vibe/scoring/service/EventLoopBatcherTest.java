package dev.vibe.scoring.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that reach one event loop together are scored in one ONNX Runtime call per model, each answered with its own
 * songs' views; a request alone is answered in the same turn; a failed call fails only its own requests.
 */
class EventLoopBatcherTest {

    static Vertx vertx;
    static RandomVibeNet a;
    static RandomVibeNet b;
    SimpleMeterRegistry meters;
    EventLoopBatcher batcher;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        a = RandomVibeNet.make(1);
        b = RandomVibeNet.make(2);
    }

    @AfterAll
    static void stop() {
        a.served().retire();
        b.served().retire();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void newBatcher() {
        meters = new SimpleMeterRegistry();
        batcher = new EventLoopBatcher(meters);
    }

    DistributionSummary calls() {
        return meters.get("vibe.scoring.batch.requests").summary();
    }

    /** Runs {@code requests} in one task of an event loop (as requests read in one turn of it) and waits for their answers. */
    List<ServedModel.Views> inOneTurn(List<RandomVibeNet> models, List<float[][]> rows) throws Exception {
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<List<CompletionStage<ServedModel.Views>>> asked = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            List<CompletionStage<ServedModel.Views>> answers = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                answers.add(batcher.views(models.get(i).served(), rows.get(i)));
            }
            asked.complete(answers);
        });
        List<ServedModel.Views> views = new ArrayList<>();
        for (CompletionStage<ServedModel.Views> answer : asked.get(10, TimeUnit.SECONDS)) {
            views.add(answer.toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        return views;
    }

    static void assertSameViews(ServedModel.Views expected, ServedModel.Views actual) {
        assertEquals(expected.absolute().length, actual.absolute().length);
        for (int i = 0; i < expected.absolute().length; i++) {
            assertArrayEquals(expected.absolute()[i], actual.absolute()[i], 1e-6f);
            assertArrayEquals(expected.conditional()[i], actual.conditional()[i], 1e-6f);
        }
    }

    @Test
    void requestsOfOneTurnShareOneCallAndEachGetsItsOwnSongs() throws Exception {
        List<float[][]> rows = List.of(a.rows(0, 1), a.rows(10, 1), a.rows(20, 3), a.rows(30, 1), a.rows(40, 2));
        List<ServedModel.Views> views = inOneTurn(List.of(a, a, a, a, a), rows);
        for (int i = 0; i < rows.size(); i++) {
            assertSameViews(a.served().predictViews(rows.get(i)), views.get(i));
        }
        assertEquals(1, calls().count(), "one call");
        assertEquals(5, calls().totalAmount(), "for the five requests");
    }

    @Test
    void twoModelsInOneTurnAreTwoCalls() throws Exception {
        List<float[][]> rows = List.of(a.rows(0, 2), b.rows(0, 2), a.rows(5, 1));
        List<ServedModel.Views> views = inOneTurn(List.of(a, b, a), rows);
        assertSameViews(a.served().predictViews(rows.get(0)), views.get(0));
        assertSameViews(b.served().predictViews(rows.get(1)), views.get(1));
        assertSameViews(a.served().predictViews(rows.get(2)), views.get(2));
        assertEquals(2, calls().count());
        assertEquals(3, calls().totalAmount());
    }

    @Test
    void aRequestAloneIsAnsweredWithoutWaitingForAnother() throws Exception {
        float[][] rows = a.rows(7, 1);
        assertSameViews(a.served().predictViews(rows), inOneTurn(List.of(a), List.<float[][]>of(rows)).get(0));
        assertEquals(1, calls().count());
        // the next turn is a call of its own
        inOneTurn(List.of(a), List.<float[][]>of(rows));
        assertEquals(2, calls().count());
    }

    @Test
    void offAnEventLoopTheAnswerIsThereAtOnce() {
        float[][] rows = a.rows(3, 2);
        CompletableFuture<ServedModel.Views> answer = batcher.views(a.served(), rows).toCompletableFuture();
        assertTrue(answer.isDone());
        assertSameViews(a.served().predictViews(rows), answer.join());
    }

    @Test
    void aFailedCallFailsItsOwnRequestsOnly() throws Exception {
        RandomVibeNet closed = RandomVibeNet.make(3);
        closed.served().retire(); // its session is closed: every call of it fails
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<List<CompletionStage<ServedModel.Views>>> asked = new CompletableFuture<>();
        float[][] rows = a.rows(0, 1);
        loop.runOnContext(ignored -> asked.complete(List.of(batcher.views(closed.served(), rows), batcher.views(a.served(), rows),
                batcher.views(closed.served(), rows))));
        List<CompletionStage<ServedModel.Views>> answers = asked.get(10, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> answers.get(0).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(RuntimeException.class, failed.getCause());
        assertThrows(ExecutionException.class, () -> answers.get(2).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertSameViews(a.served().predictViews(rows), answers.get(1).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
}
