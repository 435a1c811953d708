package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.output.JsonLists;
import dev.vibe.cli.spotify.SpotifyTokens;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.schema.Feature;
import dev.vibe.fakes.FakeReccoBeats;
import dev.vibe.fakes.FakeSpotify;
import dev.vibe.stack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's commands against the real stack, in one flow over two checkouts: {@code up}, {@code status} and
 * {@code down} (no process left behind); {@code demo} in a second checkout with other ports, running beside the first
 * stack and stopping everything it started; import, train --wait, score (matrix and --json) and their bad input; the
 * original .env flow for a Spotify app created today; the web page in a real browser.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserFlowTest {

    static final Path STATE = Path.of("target", "user-flow-test").toAbsolutePath();

    static FakeSpotify spotify;
    static FakeReccoBeats reccoBeats;
    /** Where the CLI and the stack's services find Spotify and ReccoBeats: local fakes. */
    static final List<String> FAKES = List.of("vibe.spotify.api-url", "vibe.spotify.accounts-url", "vibe.login.port",
            "vibe.config.dir", "vibe.features.reccobeats.enabled", "vibe.features.reccobeats.url", "vibe.trainer.members", "vibe.trainer.forest-trees", "vibe.trainer.warm-up");

    static Map<String, String> stack;
    static String vibe;

    @BeforeAll
    static void isolatedStack() {
        stack = Cli.newStack(STATE);
        Cli.use(stack);
        spotify = FakeSpotify.start();
        reccoBeats = FakeReccoBeats.start();
        System.setProperty("vibe.spotify.api-url", spotify.baseUrl());
        System.setProperty("vibe.spotify.accounts-url", spotify.baseUrl());
        System.setProperty("vibe.login.port", Integer.toString(Ports.free()));
        System.setProperty("vibe.config.dir", STATE.resolve("config").toString());
        System.setProperty("vibe.features.reccobeats.enabled", "true");
        System.setProperty("vibe.features.reccobeats.url", reccoBeats.baseUrl());
        System.setProperty("vibe.trainer.members", "4"); // the user's flow, not the model's quality, is tested here
        System.setProperty("vibe.trainer.forest-trees", "60");
        System.setProperty("vibe.trainer.warm-up", "false"); // the trainer's own tests warm up; here it would only compete for the 2 cores
    }

    @AfterAll
    static void stop() throws Exception {
        List<ProcessHandle> all = Cli.processes(STATE);
        Cli.Captured stopped = Cli.capture("down");
        Cli.forgetStack();
        FAKES.forEach(System::clearProperty);
        spotify.close();
        reccoBeats.close();
        assertEquals(0, stopped.exit(), stopped.text());
        for (ProcessHandle p : all) {
            assertFalse(p.isAlive(), "still running after down: pid " + p.pid() + " " + p.info().command().orElse(""));
        }
    }

    static String data(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify").resolve(name + ".csv").toString();
    }

    static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    @Order(1)
    void upStatusAndTheDemoInASecondCheckoutBesideIt() throws Exception {
        var down = Cli.capture("import", data("Bluey"));
        assertEquals(1, down.exit());
        assertTrue(down.text().contains("not running") && down.text().contains("./vibe up"), down.text());

        Cli.Captured up = Cli.capture("up", "--timeout", "240");
        assertEquals(0, up.exit(), up.text());
        for (String component : List.of("postgres", "kafka", "ingest", "trainer", "scoring")) {
            assertTrue(up.text().lines().anyMatch(l -> l.startsWith(component) && l.endsWith("UP")), component + " not UP in:\n" + up.text());
        }
        assertEquals(0, Cli.capture("status").exit());
        try (var pids = Files.list(STATE.resolve("pids"))) {
            assertEquals(6, pids.count(), "supervisor, postgres, kafka and three services");
        }
        assertTrue(Cli.capture("up").text().contains("already running"));

        // a second checkout (its own state folder and VIBE_*_PORT values) runs the demo beside this stack
        Path other = Path.of("target", "user-flow-test-second-checkout").toAbsolutePath();
        Cli.use(Cli.newStack(other));
        Cli.Captured demo;
        try {
            demo = Cli.capture("demo");
        } finally {
            VibeCommand.run("down"); // should the demo have failed
            Cli.use(stack);
        }
        assertEquals(0, demo.exit(), demo.text());
        assertTrue(demo.text().contains("Bluey | Praise Bangers | No Words Allowed | Country"), demo.text());
        assertEquals(31, demo.text().lines().filter(l -> l.matches(".* \\[?\\[[0-9. ]+\\]\\]?(  fits none)?$")).count(), demo.text());
        // where the time went, phase by phase, the phases adding up to the whole
        java.util.regex.Matcher time = java.util.regex.Pattern.compile("(?m)^Time: stack start ([0-9.]+) s, imports ([0-9.]+) s, training ([0-9.]+) s, "
                + "scoring ([0-9.]+) s, stop ([0-9.]+) s; in all ([0-9.]+) s\\.$").matcher(demo.text());
        assertTrue(time.find(), demo.text());
        double phases = 0;
        for (int g = 1; g <= 5; g++) {
            phases += Double.parseDouble(time.group(g));
        }
        assertEquals(Double.parseDouble(time.group(6)), phases, 0.35, time.group());
        assertTrue(Files.notExists(other.resolve("pids/supervisor.pid")), "the demo stopped what it started");
        assertEquals(List.of(), ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(other.toString())).toList(), "left running by the demo");
        assertEquals(0, Cli.capture("status").exit(), "the first stack is untouched by the second one");
    }

    @Test
    @Order(2)
    void importTrainScoreAndTheirErrors() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String p : List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country")) {
            var r = Cli.capture("import", data(p));
            assertEquals(0, r.exit(), r.text());
            ids.add(lastLine(r.text()));
        }
        assertEquals(List.of("bluey", "praise-bangers", "no-words-allowed", "country"), ids);
        var test = Cli.capture("import", data("Acoustic"), "--name", "Flow Test");
        assertEquals("flow-test", lastLine(test.text()));

        var train = Cli.capture("train", ids.get(0), ids.get(1), ids.get(2), ids.get(3), "--wait");
        assertEquals(0, train.exit(), train.text());
        assertTrue(train.text().contains("READY") && train.text().contains("macro-F1"), train.text());
        vibe = train.text().lines().filter(l -> l.matches("v[a-z0-9]{11}")).findFirst().orElseThrow();

        var json = Cli.capture("score", vibe, "flow-test", "--json");
        assertEquals(0, json.exit(), json.text());
        JsonNode doc = EventJson.MAPPER.readTree(json.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(vibe, doc.get("vibe").asText());
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), JsonLists.strings(doc.get("playlists")));
        assertEquals(31, doc.get("songs").size());
        assertEquals(4, doc.at("/songs/0/probabilities").size());
        assertFalse(doc.at("/songs/0/name").asText().isBlank());
        // both views, the best fit, and whether a song fits none (Acoustic's folk songs are on none of these four)
        double threshold = doc.get("fitsNoneBelow").asDouble();
        int none = 0;
        for (JsonNode song : doc.get("songs")) {
            assertEquals(4, song.get("conditional").size());
            double best = 0;
            for (JsonNode p : song.get("probabilities")) {
                best = Math.max(best, p.asDouble());
            }
            assertEquals(best, song.at("/bestFit/probability").asDouble(), 1e-6);
            assertEquals(best < threshold, song.get("fitsNone").asBoolean(), song.toString());
            none += song.get("fitsNone").asBoolean() ? 1 : 0;
        }
        // a song of Acoustic is far more often said to fit none than a song of the vibe's own playlists (nine in ten of
        // which fit, by the threshold's rule), and gets lower chances
        var own = Cli.capture("score", vibe, "bluey", "--json");
        JsonNode bluey = EventJson.MAPPER.readTree(own.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        long blueyNone = 0;
        for (JsonNode song : bluey.get("songs")) {
            blueyNone += song.get("fitsNone").asBoolean() ? 1 : 0;
        }
        assertTrue(none / 31.0 > 2 * blueyNone / (double) bluey.get("songs").size() && none >= 5,
                "songs of Acoustic that fit none of Bluey, Praise Bangers, No Words Allowed and Country: " + none + " of 31; of Bluey: " + blueyNone);
        assertTrue(meanBest(doc) < meanBest(bluey) - 0.2, "Acoustic's best chances " + meanBest(doc) + ", Bluey's " + meanBest(bluey));

        // each playlist's vibe in words, with the numbers behind each phrase in --json
        var described = Cli.capture("describe", vibe);
        assertEquals(0, described.exit(), described.text());
        JsonNode profile = new VibeClient(dev.vibe.stack.StackConfig.fromEnvironment()).scoringGet("/api/v1/vibes/" + vibe + "/profile");
        for (JsonNode p : profile.get("playlists")) {
            String line = p.get("playlist").asText() + " (" + p.get("songs").asInt() + " songs): " + p.at("/description/summary").asText();
            assertTrue(described.text().lines().anyMatch(line::equals), line + " in:\n" + described.text());
        }
        var describedJson = Cli.capture("describe", vibe, "--json");
        JsonNode words = EventJson.MAPPER.readTree(describedJson.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(4, words.get("playlists").size());
        int phrases = 0;
        for (JsonNode p : words.get("playlists")) {
            for (int i = 0; i < p.get("phrases").size(); i++) {
                JsonNode phrase = p.get("phrases").get(i);
                String direction = phrase.get("direction").asText();
                double mine = phrase.get("playlist").asDouble();
                double others = phrase.get("others").asDouble();
                assertTrue(direction.equals("lower") ? mine < others : mine > others, phrase.toString());
                assertTrue(i >= 5 || p.get("summary").asText().contains(phrase.get("words").asText()), p.toString());
                phrases++;
            }
        }
        assertTrue(phrases > 0, describedJson.text());
        assertEquals(1, Cli.capture("describe", "no-such-vibe").exit());

        var matrix = Cli.capture("score", vibe, "flow-test");
        assertTrue(matrix.text().contains("Bluey | Praise Bangers | No Words Allowed | Country"), matrix.text());
        assertTrue(matrix.text().contains("[["), matrix.text());
        assertEquals(none, matrix.text().lines().filter(l -> l.endsWith("  fits none")).count(), matrix.text());
        assertTrue(matrix.text().contains(none + " of 31 songs fit none of them"), matrix.text());

        // each playlist's misfits: its songs that fit it least, by a model that did not learn them
        var misfits = Cli.capture("outliers", vibe, "--json");
        assertEquals(0, misfits.exit(), misfits.text());
        JsonNode named = EventJson.MAPPER.readTree(misfits.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(4, named.get("playlists").size());
        for (JsonNode p : named.get("playlists")) {
            JsonNode songs = p.get("outliers");
            assertEquals(10, songs.size(), p.toString());
            for (int i = 1; i < songs.size(); i++) {
                assertTrue(songs.get(i - 1).get("probability").asDouble() <= songs.get(i).get("probability").asDouble(), "least fitting first: " + p);
            }
            assertTrue(songs.get(0).get("summary").asText().contains(p.get("playlist").asText()), songs.get(0).toString());
        }
        var country = Cli.capture("outliers", vibe, "--playlist", "Country", "--limit", "3");
        assertEquals(0, country.exit(), country.text());
        assertTrue(country.text().contains("Country (30 songs"), country.text());
        assertEquals(named.at("/playlists/3/outliers/0/name").asText(), country.text().lines()
                .filter(l -> l.startsWith("  0.")).findFirst().orElseThrow().replaceFirst("^  0\\.\\d+  ", "").replaceFirst(" - .*$", ""));

        // bad input: one line, non-zero
        for (String[] bad : List.of(new String[]{"import", "no/such.csv"}, new String[]{"train", "bluey", "nope"},
                new String[]{"score", "no-vibe", "flow-test"}, new String[]{"score", vibe, "no-playlist"},
                new String[]{"train", "bluey"}, new String[]{"run", "--env", "no/such.env"},
                new String[]{"outliers", vibe, "--playlist", "Jazz"}, new String[]{"outliers", vibe, "--limit", "0"})) {
            var r = Cli.capture(bad);
            assertTrue(r.exit() != 0, String.join(" ", bad) + " -> " + r.text());
            List<String> errors = r.text().strip().lines().filter(l -> l.startsWith("vibe ")).toList();
            assertEquals(1, errors.size(), String.join(" ", bad) + " -> " + r.text());
            assertEquals(errors.get(0), lastLine(r.text()), "the error is the last word");
        }
        runTheOriginalEnvFlowForAnAppCreatedToday();
        recommendFromACatalogueToACsvThatImportsAndToSpotify();
    }

    /** The mean over a score document's songs of their best chance. */
    private static double meanBest(JsonNode scores) {
        double sum = 0;
        for (JsonNode song : scores.get("songs")) {
            sum += song.at("/bestFit/probability").asDouble();
        }
        return sum / scores.get("songs").size();
    }

    /**
     * {@code vibe catalogue} loads the TidyTuesday sample; once the scoring service has read it from ingest's events,
     * {@code vibe recommend} prints picks per playlist, writes a CSV that {@code vibe import} reads back, and makes a
     * private Spotify playlist of the picks (the listener signed in during the .env flow).
     */
    void recommendFromACatalogueToACsvThatImportsAndToSpotify() throws Exception {
        Path sample = Path.of(System.getProperty("vibe.home", "..")).resolve("data/catalogue/tidytuesday-sample.csv");
        var loaded = Cli.capture("catalogue", sample.toString(), "--name", "sample");
        assertEquals(0, loaded.exit(), loaded.text());
        assertEquals("catalogue:sample", lastLine(loaded.text()));
        VibeClient client = new VibeClient(dev.vibe.stack.StackConfig.fromEnvironment());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode pool : client.scoringGet("/api/v1/pools")) {
                if (pool.path("id").asText().equals("catalogue:sample") && pool.path("complete").asBoolean() && pool.path("songs").asInt() > 1000) {
                    return true;
                }
            }
            return false;
        });

        var text = Cli.capture("recommend", vibe, "--from", "catalogue:sample", "--top", "3");
        assertEquals(0, text.exit(), text.text());
        for (String playlist : List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country")) {
            assertTrue(text.text().contains(playlist + ": 3 of "), text.text());
        }
        assertEquals(12, text.text().lines().filter(l -> l.matches("\\s+[123]\\.\\s+\\d+%.*")).count(), text.text());
        assertEquals(12, text.text().lines().filter(l -> l.startsWith("        ") && l.contains("like ")).count(), "each pick says why: " + text.text());

        var csv = Cli.capture("recommend", vibe, "--from", "catalogue:sample", "--playlist", "Country", "--top", "5", "--per-artist", "1", "--csv");
        assertEquals(0, csv.exit(), csv.text());
        assertTrue(csv.text().startsWith("Track URI,Track Name,Artist Name(s),"), csv.text());
        Path picks = STATE.resolve("country-picks.csv");
        Files.writeString(picks, csv.text());
        var imported = Cli.capture("import", picks.toString(), "--name", "Country Picks", "--json");
        assertEquals(0, imported.exit(), imported.text());
        JsonNode report = EventJson.MAPPER.readTree(imported.text().substring(imported.text().indexOf('{')));
        assertEquals(5, report.path("songs").asInt(), imported.text());
        assertEquals(0, report.path("skipped").asInt(), imported.text());

        var made = Cli.capture("recommend", vibe, "--from", "catalogue:sample", "--playlist", "country", "--top", "5",
                "--to-spotify", "Vibe Country Picks", "--env", STATE.resolve("new-app.env").toString());
        assertEquals(0, made.exit(), made.text());
        String id = spotify.playlistsOwnedBy(FakeSpotify.LISTENER).entrySet().stream().filter(e -> e.getValue().equals("Vibe Country Picks"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(made.text()));
        assertEquals(5, spotify.items(id).size());
        assertTrue(made.text().contains("https://open.spotify.com/playlist/" + id), made.text());

        var bad = Cli.capture("recommend", vibe, "--from", "catalogue:nope");
        assertEquals(1, bad.exit(), bad.text());
        assertTrue(lastLine(bad.text()).startsWith("vibe recommend: No pool 'catalogue:nope'"), bad.text());
    }

    @Test
    @Order(3)
    void theWebPageShowsTheVibeInARealBrowser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(WebPageCheck.browserInstalled(), "apt-get install chromium chromium-driver to run the browser test");
        WebPageCheck.check(new VibeClient(dev.vibe.stack.StackConfig.fromEnvironment()), vibe, "flow-test");
    }

    @Test
    @Order(4)
    void theRecommendationsOnThePageAreTheApis() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(WebPageCheck.browserInstalled(), "apt-get install chromium chromium-driver to run the browser test");
        RecommendPageCheck.check(new VibeClient(dev.vibe.stack.StackConfig.fromEnvironment()), vibe, "catalogue:sample");
    }

    /**
     * {@code vibe run --env .env} for a brand-new Spotify app (CLIENT_ID only): not signed in, it asks the listener to
     * sign in (the test plays the browser), reads the playlists through /items as the listener, gets their features from
     * ReccoBeats (Spotify refuses audio features), trains and prints the matrix. The token is never logged.
     */
    void runTheOriginalEnvFlowForAnAppCreatedToday() throws Exception {
        List<String> names = List.of("Bluey", "No_Words_Allowed", "Country", "Praise_Bangers", "Acoustic");
        StringBuilder env = new StringBuilder("CLIENT_ID=" + FakeSpotify.CLIENT_ID + "\n");
        for (int p = 0; p < names.size(); p++) {
            List<SongCsv.Song> songs = SongCsv.read(Files.readString(Path.of(data(names.get(p))))).songs();
            List<FakeSpotify.Item> items = new ArrayList<>();
            for (int i = 0; i < Math.min(25, songs.size()); i++) {
                SongCsv.Song s = songs.get(i);
                String id = String.format("Ru%d%019d", p, i);
                items.add(FakeSpotify.Item.track(id, s.name(), s.artists(), s.album(), (long) s.features().get(Feature.DURATION_MS)));
                reccoBeats.knows(id, s.features());
            }
            String playlistId = String.format("RunPlaylist%011d", p);
            spotify.playlist(playlistId, names.get(p).replace('_', ' '), FakeSpotify.LISTENER, items);
            env.append(p < 4 ? "PLAYLIST_ID" + p : "PLAYLIST_TEST").append('=').append(playlistId).append('\n');
        }
        Path envFile = STATE.resolve("new-app.env");
        Files.writeString(envFile, env.toString());

        int exit;
        String text;
        try (BackgroundRun run = BackgroundRun.start("run", "--env", envFile.toString(), "--login-timeout", "60")) {
            URI link = run.awaitAuthorizeLink(Duration.ofSeconds(60));
            HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("You can close this page"), page.body());
            exit = run.await(Duration.ofMinutes(4));
            text = run.text();
        }
        assertEquals(0, exit, text);
        assertTrue(text.contains("Bluey | No Words Allowed | Country | Praise Bangers"), text);
        assertEquals(25, text.lines().filter(l -> l.matches(".* \\[?\\[[0-9. ]+\\]\\]?(  fits none)?$")).count(), text);
        assertTrue(text.contains("25 from ReccoBeats"), text);
        assertEquals(0, spotify.requests(".*/tracks").size(), "never the /tracks that answers 403");
        assertEquals(5, spotify.requests("/v1/playlists/RunPlaylist.*/items").size());

        String token = SpotifyTokens.read(STATE.resolve("config/spotify-token.json")).orElseThrow().accessToken();
        try (var logs = Files.list(STATE.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log).contains(token), log + " holds the listener's token");
            }
        }
        assertFalse(text.contains(token));

        // someone else's playlist: a clear message that says why and what to do
        spotify.user("dj", "DJ Kim").playlist("TheirPlaylist000000001", "Kim's Mix", "dj", List.of());
        var theirs = Cli.capture("import", "spotify:playlist:TheirPlaylist000000001", "--env", envFile.toString());
        assertEquals(1, theirs.exit(), theirs.text());
        assertTrue(lastLine(theirs.text()).contains("Exportify") && lastLine(theirs.text()).contains("DJ Kim"), theirs.text());
        var missing = Cli.capture("run", "--env", STATE.resolve("no-client-id.env").toString());
        assertEquals(1, missing.exit());
        assertTrue(lastLine(missing.text()).contains("CLIENT_ID"), missing.text());
    }
}
