package dev.vibe.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact text of {@code import}, {@code train --wait} and {@code score} (matrix and {@code --json}) and of a
 * refused call, against one local HTTP server that answers as the ingest and scoring services do. No stack is needed.
 */
class ServiceCommandsOutputTest {

    static HttpServer services;
    /** Canned answers per "METHOD path", served in order; the last one stays. */
    static final Map<String, Deque<String[]>> ANSWERS = new HashMap<>();
    static final List<String> REQUESTS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        services = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        services.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            byte[] request = exchange.getRequestBody().readAllBytes();
            String[] answer;
            synchronized (ANSWERS) {
                REQUESTS.add(key + (request.length == 0 ? "" : " " + new String(request, StandardCharsets.UTF_8)));
                Deque<String[]> queue = ANSWERS.get(key);
                answer = queue == null ? new String[]{"404", "{\"detail\":\"no canned answer for " + key + "\"}"}
                        : queue.size() > 1 ? queue.poll() : queue.peek();
            }
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        services.start();
        System.setProperty("vibe.port.ingest", Integer.toString(services.getAddress().getPort()));
        System.setProperty("vibe.port.scoring", Integer.toString(services.getAddress().getPort()));
    }

    @AfterAll
    static void stop() {
        services.stop(0);
        System.clearProperty("vibe.port.ingest");
        System.clearProperty("vibe.port.scoring");
    }

    @BeforeEach
    @AfterEach
    void forget() {
        synchronized (ANSWERS) {
            ANSWERS.clear();
            REQUESTS.clear();
        }
    }

    static void answer(String request, String... statusAndBodies) {
        Deque<String[]> queue = new ArrayDeque<>();
        for (int i = 0; i < statusAndBodies.length; i += 2) {
            queue.add(new String[]{statusAndBodies[i], statusAndBodies[i + 1]});
        }
        synchronized (ANSWERS) {
            ANSWERS.put(request, queue);
        }
    }

    static final String SCORES = """
            {"vibe":"v1","modelVersion":2,"playlists":["Bluey","Country"],"fitsNoneBelow":0.25,"songs":[
             {"id":"t1","name":"A Song Whose Name Is Longer Than The Column","probabilities":[0.9,0.05],"conditional":[0.95,0.05],
              "bestFit":{"playlist":"Bluey","probability":0.9},"fitsNone":false},
             {"id":"t2","name":"","probabilities":[0.1,0.2],"fitsNone":true}]}""";

    @Test
    void importPrintsTheReportAndTheId() {
        answer("POST /api/v1/playlists/exportify?name=Two+Words%2FSlash", "200", """
                {"playlistId":"two-words","name":"Two Words/Slash","layout":"exportify 2024","songs":12,"stored":9,"alreadyKnown":2,"updated":1,
                 "featureSources":{"export":9,"stored":0,"catalogue":2,"mystery":1},"skipped":7,"skippedSongs":[
                  {"line":3,"name":"Bad Tempo","field":"Tempo","reason":"not a number"},
                  {"position":4,"trackId":"T4","name":"","reason":"no track id"},
                  {"line":5,"name":"C","reason":"r"},{"line":6,"name":"D","reason":"r"},{"line":7,"name":"E","reason":"r"},
                  {"line":8,"name":"F","reason":"r"},{"line":9,"name":"G","reason":"r"}],
                 "notes":["a note"]}""");
        var r = Cli.capture("import", EvalCommandTest.data("Bluey"), "--name", "Two Words/Slash");
        assertEquals(0, r.exit(), r.text());
        assertEquals("""
                importing Bluey.csv (15,912 bytes) as 'Two Words/Slash' ...
                imported 'Two Words/Slash' (exportify 2024): 12 songs (9 new, 2 known, 1 updated)
                  features: 9 from the file, 2 from the catalogue, 1 mystery
                  skipped 7 songs:
                    line 3 'Bad Tempo' (Tempo): not a number
                    #4 T4: no track id
                    line 5 'C': r
                    line 6 'D': r
                    line 7 'E': r
                    ... and 2 more (vibe import --json prints the whole report)
                  note: a note
                two-words
                """, r.text());
    }

    @Test
    void trainWaitsForTheServedModelShowingEachNewStatusOnce() {
        answer("POST /api/v1/vibes", "200", "{\"id\":\"v1\"}");
        answer("GET /api/v1/vibes/v1", "200", "{\"status\":\"TRAINING\",\"message\":\"epoch 1\"}", "200", "{\"status\":\"TRAINING\",\"message\":\"epoch 1\"}",
                "200", """
                        {"status":"READY","modelVersion":3,"metrics":{"top1Accuracy":0.8,"macroF1":0.75,"macroRocAuc":0.9,"expectedCalibrationError":0.05,
                         "randomForest.top1Accuracy":0.7,"randomForest.macroRocAuc":0.85,"logisticRegression.top1Accuracy":0.6,
                         "logisticRegression.macroRocAuc":0.8,"nearestCentroid.top1Accuracy":0.5,"nearestCentroid.macroRocAuc":0.75}}""");
        answer("GET /api/v1/vibes/v1/model", "409", "{}", "200", "{}");
        var r = Cli.capture("train", "p1", "p2", "--name", "Mine", "--wait");
        assertEquals(0, r.exit(), r.text());
        assertEquals("""
                v1
                vibe v1 TRAINING: epoch 1
                vibe v1 READY
                model v3, held-out: top-1 0.800, macro-F1 0.750, ROC-AUC 0.900, calibration error 0.050 (top-1 / ROC-AUC: random forest 0.700 / 0.850, \
                logistic regression 0.600 / 0.800, nearest centroid 0.500 / 0.750)
                """, r.text());
        assertEquals("POST /api/v1/vibes {\"playlistIds\":[\"p1\",\"p2\"],\"name\":\"Mine\"}", REQUESTS.get(0));
    }

    @Test
    void aFailedTrainingIsOneLineAndExitOne() {
        answer("POST /api/v1/vibes", "200", "{\"id\":\"v1\"}");
        answer("GET /api/v1/vibes/v1", "200", "{\"status\":\"FAILED\",\"message\":\"too few songs\"}");
        var r = Cli.capture("train", "p1", "p2", "--wait");
        assertEquals(1, r.exit(), r.text());
        assertEquals("v1\nvibe v1 FAILED: too few songs\nvibe train: training failed: too few songs\n", r.text());
    }

    @Test
    void scorePrintsTheMatrix() {
        answer("POST /api/v1/vibes/v1/score", "200", SCORES);
        var r = Cli.capture("score", "v1", "p9");
        assertEquals(0, r.exit(), r.text());
        assertEquals("""
                                              Bluey | Country
                A Song Whose Name Is Longer… [[0.900 0.050]
                t2                            [0.100 0.200]]  fits none

                Each number is the chance that the song belongs on that playlist, against songs in general; 1 of 2 songs fit none of them \
                (no chance reaches 0.25).
                """, r.text());
        assertEquals("POST /api/v1/vibes/v1/score {\"playlistId\":\"p9\"}", REQUESTS.get(0));
    }

    @Test
    void scoreJsonIsTheDocumentedShape() {
        answer("POST /api/v1/vibes/v1/score", "200", SCORES);
        var r = Cli.capture("score", "v1", "p9", "--json");
        assertEquals(0, r.exit(), r.text());
        assertEquals("{\"vibe\":\"v1\",\"modelVersion\":2,\"playlists\":[\"Bluey\",\"Country\"],\"songs\":["
                + "{\"id\":\"t1\",\"name\":\"A Song Whose Name Is Longer Than The Column\",\"probabilities\":[0.9,0.05],\"conditional\":[0.95,0.05],"
                + "\"bestFit\":{\"playlist\":\"Bluey\",\"probability\":0.9},\"fitsNone\":false},"
                + "{\"id\":\"t2\",\"name\":\"\",\"probabilities\":[0.1,0.2],\"fitsNone\":true}],\"fitsNoneBelow\":0.25}\n", r.text());
    }

    @Test
    void aRefusedCallSaysTheProblemAndItsFirstError() {
        answer("POST /api/v1/vibes/v1/score", "400", """
                {"detail":"bad request","errors":[{"field":"playlistId","message":"no such playlist"},{"field":"x","message":"y"}]}""");
        var r = Cli.capture("score", "v1", "nope");
        assertEquals(1, r.exit(), r.text());
        assertEquals("vibe score: bad request (playlistId: no such playlist; and 1 more)\n", r.text());
    }
}
