package dev.vibe.scoring.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Scores the small requests that reach one event loop together in one ONNX Runtime call (dynamic batching, as
 * inference servers do it). A call costs 10-20 us whatever its size up to a few hundred songs, ten times the songs'
 * own arithmetic, so under load most of a one-song request's time went into the call itself.
 *
 * <p>A request is queued on its event-loop thread and a flush is scheduled on that loop; the flush runs once the loop
 * has handled the requests that arrived with it, so a request never waits for another to arrive: alone, it is scored
 * in the same turn of the loop. Each thread has its own queue, so no lock is taken. Outside an event loop (a worker
 * thread, a test) a request is scored at once.
 */
@ApplicationScoped
public class EventLoopBatcher {

    private final FastThreadLocal<Turn> turns = new FastThreadLocal<>();
    private final DistributionSummary requestsPerCall;

    public EventLoopBatcher(MeterRegistry meters) {
        this.requestsPerCall = DistributionSummary.builder("vibe.scoring.batch.requests")
                .description("score requests answered by one ONNX Runtime call (requests that reached an event loop together)")
                .register(meters);
    }

    /** One request's songs (raw rows), and what answers it once their views are known. */
    private record Job(ServedModel model, float[][] rows, CompletableFuture<ServedModel.Views> answer) {
    }

    /** The jobs of one turn of an event loop; once flushed, the loop's next job starts another turn. */
    private static final class Turn {
        final List<Job> jobs = new ArrayList<>();
        boolean flushed;
    }

    /**
     * The views of {@code rows} by {@code model}, computed with the other requests of this turn of the event loop.
     * The caller has acquired the model; it must stay acquired until the answer is complete.
     */
    public CompletionStage<ServedModel.Views> views(ServedModel model, float[][] rows) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return CompletableFuture.completedFuture(model.predictViews(rows));
        }
        CompletableFuture<ServedModel.Views> answer = new CompletableFuture<>();
        Turn turn = turns.get();
        if (turn != null && !turn.flushed) {
            turn.jobs.add(new Job(model, rows, answer));
            return answer;
        }
        Turn next = new Turn();
        next.jobs.add(new Job(model, rows, answer));
        turns.set(next);
        try {
            context.runOnContext(ignored -> flush(next));
        } catch (RuntimeException e) { // the event loop is shutting down: nothing else will flush
            flush(next);
        }
        return answer;
    }

    /**
     * Answers the jobs of one turn: one call per model. Whatever goes wrong, every job is answered (its request fails):
     * a job left unanswered would hold its request and its model forever.
     */
    private void flush(Turn turn) {
        turn.flushed = true;
        List<Job> jobs = turn.jobs;
        try {
            if (jobs.size() == 1) {
                answer(jobs);
                return;
            }
            Map<ServedModel, List<Job>> byModel = new IdentityHashMap<>();
            for (Job job : jobs) {
                byModel.computeIfAbsent(job.model(), m -> new ArrayList<>()).add(job);
            }
            byModel.values().forEach(this::answer);
        } catch (RuntimeException | Error e) {
            jobs.forEach(job -> job.answer().completeExceptionally(e)); // no-op for those already answered
        }
    }

    /** One call for all the jobs (of one model), each job answered with its own rows' views. */
    private void answer(List<Job> jobs) {
        requestsPerCall.record(jobs.size());
        ServedModel model = jobs.get(0).model();
        int n = 0;
        for (Job job : jobs) {
            n += job.rows().length;
        }
        float[][] rows = new float[n][];
        int at = 0;
        for (Job job : jobs) {
            System.arraycopy(job.rows(), 0, rows, at, job.rows().length);
            at += job.rows().length;
        }
        ServedModel.Views views;
        try {
            views = model.predictViews(rows);
        } catch (RuntimeException | Error e) {
            jobs.forEach(job -> job.answer().completeExceptionally(e)); // their requests fail (500), the others of this turn go on
            return;
        }
        at = 0;
        for (Job job : jobs) {
            int m = job.rows().length;
            float[][] absolute = new float[m][];
            float[][] conditional = new float[m][];
            System.arraycopy(views.absolute(), at, absolute, 0, m);
            System.arraycopy(views.conditional(), at, conditional, 0, m);
            at += m;
            job.answer().complete(new ServedModel.Views(absolute, conditional));
        }
    }
}
