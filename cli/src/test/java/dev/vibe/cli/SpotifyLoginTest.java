package dev.vibe.cli;

import dev.vibe.cli.spotify.SpotifyTokens;
import dev.vibe.fakes.FakeSpotify;
import dev.vibe.fakes.FakeSpotify.Item;
import dev.vibe.stack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vibe login}, {@code playlists} and {@code logout} against a local Spotify that answers as it does today; the
 * test plays the browser: it follows the printed link to the fake's authorize page, which sends it to the CLI's
 * loopback callback. No stack is needed.
 */
class SpotifyLoginTest {

    static final Path DIR = Path.of("target", "spotify-login-test").toAbsolutePath();
    static final Path ENV = DIR.resolve("app.env");
    static final Path TOKENS = DIR.resolve("config/spotify-token.json");
    static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    static FakeSpotify spotify;

    @BeforeAll
    static void fakeSpotifyAndAnApp() throws Exception {
        spotify = FakeSpotify.start();
        Files.createDirectories(DIR);
        Files.writeString(ENV, "CLIENT_ID=" + FakeSpotify.CLIENT_ID + "\n");
        System.setProperty("vibe.spotify.api-url", spotify.baseUrl());
        System.setProperty("vibe.spotify.accounts-url", spotify.baseUrl());
        System.setProperty("vibe.login.port", Integer.toString(Ports.free()));
        System.setProperty("vibe.config.dir", DIR.resolve("config").toString());
    }

    @AfterAll
    static void stop() {
        spotify.close();
        List.of("vibe.spotify.api-url", "vibe.spotify.accounts-url", "vibe.login.port", "vibe.config.dir").forEach(System::clearProperty);
    }

    @BeforeEach
    void signedOut() throws Exception {
        spotify.reset();
        Files.deleteIfExists(TOKENS);
    }

    /** Runs vibe login and plays the browser; returns the page the callback showed. */
    static String login() throws Exception {
        try (BackgroundRun run = BackgroundRun.start("login", "--env", ENV.toString(), "--no-browser", "--timeout", "60")) {
            URI link = run.awaitAuthorizeLink(Duration.ofSeconds(30));
            assertTrue(link.getQuery().contains("code_challenge_method=S256"), link.toString());
            assertTrue(link.getQuery().contains("playlist-read-private"), link.toString());
            HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(0, run.await(Duration.ofSeconds(30)), run.text());
            assertTrue(run.text().contains("Signed in to Spotify as A Listener"), run.text());
            return page.body();
        }
    }

    @Test
    void loginWithPkceStoresTokensOnlyTheUserCanReadAndPlaylistsListsTheListenersOwn() throws Exception {
        spotify.playlist("Mine000000000000000001", "Road Trip", FakeSpotify.LISTENER, List.of(
                Item.track("Tr00000000000000000001", "S", List.of("A"), "B", 1000), Item.track("Tr00000000000000000002", "T", List.of("A"), "B", 1000)));
        spotify.user("dj", "DJ").playlist("Followed00000000000001", "DJ's Mix", "dj", List.of(), FakeSpotify.LISTENER);

        String page = login();
        assertTrue(page.contains("You can close this page"), page);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKENS)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKENS.getParent())));
        SpotifyTokens tokens = SpotifyTokens.read(TOKENS).orElseThrow();
        assertEquals(FakeSpotify.LISTENER, tokens.user());
        assertFalse(tokens.toString().contains(tokens.accessToken()), "tokens are never printed");
        // the token request carried the verifier and no secret
        var tokenRequest = spotify.requests("/api/token").get(0);
        assertTrue(tokenRequest.getBodyAsString().contains("code_verifier="), tokenRequest.getBodyAsString());
        assertTrue(tokenRequest.getBodyAsString().contains("grant_type=authorization_code"));
        assertFalse(tokenRequest.containsHeader("Authorization"), "PKCE needs no client secret");

        var list = Cli.capture("playlists", "--env", ENV.toString());
        assertEquals(0, list.exit(), list.text());
        assertTrue(list.text().lines().anyMatch(l -> l.startsWith("Mine000000000000000001") && l.contains("2") && l.contains("Road Trip")), list.text());
        assertTrue(list.text().lines().anyMatch(l -> l.startsWith("Followed00000000000001") && l.contains("export it with Exportify")), list.text());
        assertFalse(list.text().contains(tokens.accessToken()));

        var out = Cli.capture("logout");
        assertEquals(0, out.exit());
        assertFalse(Files.exists(TOKENS));
        var after = Cli.capture("playlists", "--env", ENV.toString());
        assertEquals(1, after.exit());
        assertTrue(after.text().contains("./vibe login"), after.text());
    }

    @Test
    void tokensAreRefreshedBeforeTheyExpireAndTheNewRefreshTokenIsKept() throws Exception {
        spotify.tokenLifetime(Duration.ofSeconds(30)); // inside the CLI's one-minute margin: every use refreshes
        login();
        SpotifyTokens first = SpotifyTokens.read(TOKENS).orElseThrow();
        assertEquals(0, Cli.capture("playlists", "--env", ENV.toString()).exit());
        SpotifyTokens second = SpotifyTokens.read(TOKENS).orElseThrow();
        assertNotEquals(first.accessToken(), second.accessToken());
        assertNotEquals(first.refreshToken(), second.refreshToken(), "the rotated refresh token is stored");
        // the fake accepts each refresh token once: a second refresh works only with the stored new one
        assertEquals(0, Cli.capture("playlists", "--env", ENV.toString()).exit());
        assertEquals(2, spotify.requests("/api/token").stream().filter(r -> r.getBodyAsString().contains("grant_type=refresh_token")).count());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TOKENS)));
    }

    @Test
    void aSignInSpotifyNoLongerRenewsAsksForANewOneAndRunSignsInAgain() throws Exception {
        // a listener signed in weeks ago; Spotify has since revoked the refresh token
        new SpotifyTokens(FakeSpotify.CLIENT_ID, FakeSpotify.LISTENER, "", "old-access", "revoked-refresh",
                java.time.Instant.now().minusSeconds(3600), "playlist-read-private").write(TOKENS);
        var list = Cli.capture("playlists", "--env", ENV.toString());
        assertEquals(1, list.exit(), list.text());
        assertTrue(list.text().strip().endsWith(")") && list.text().contains("run ./vibe login again"), list.text());

        Path env = DIR.resolve("run.env");
        Files.writeString(env, "CLIENT_ID=" + FakeSpotify.CLIENT_ID + "\nPLAYLIST_ID0=a\nPLAYLIST_ID1=b\nPLAYLIST_TEST=c\n");
        try (BackgroundRun run = BackgroundRun.start("run", "--env", env.toString(), "--login-timeout", "60")) {
            URI link = run.awaitAuthorizeLink(Duration.ofSeconds(30));
            assertTrue(BROWSER.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("You can close this page"));
            run.await(Duration.ofSeconds(60)); // it goes on to import, which needs the stack; the sign-in is what counts here
            assertTrue(run.text().contains("signing in again"), run.text());
        }
        SpotifyTokens renewed = SpotifyTokens.read(TOKENS).orElseThrow();
        assertNotEquals("revoked-refresh", renewed.refreshToken());
        assertTrue(renewed.expiresAt().isAfter(java.time.Instant.now()));
    }

    @Test
    void anAnswerWithAnotherStateIsRefused() throws Exception {
        try (BackgroundRun run = BackgroundRun.start("login", "--env", ENV.toString(), "--no-browser", "--timeout", "60")) {
            URI link = run.awaitAuthorizeLink(Duration.ofSeconds(30));
            String port = System.getProperty("vibe.login.port");
            HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/callback?code=forged&state=not-ours"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, page.statusCode());
            assertEquals(1, run.await(Duration.ofSeconds(30)));
            assertTrue(run.text().contains("did not carry the state"), run.text());
            assertTrue(link.toString().contains("state="));
        }
        assertFalse(Files.exists(TOKENS));
    }

    @Test
    void aRedirectPortInUseAndAMissingClientIdSayWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(Integer.parseInt(System.getProperty("vibe.login.port")), 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            var r = Cli.capture("login", "--env", ENV.toString(), "--no-browser");
            assertEquals(1, r.exit());
            assertTrue(r.text().contains("VIBE_LOGIN_PORT"), r.text());
        }
        Path empty = DIR.resolve("empty.env");
        Files.writeString(empty, "# nothing\n");
        var r = Cli.capture("login", "--env", empty.toString(), "--no-browser");
        assertEquals(1, r.exit());
        assertTrue(r.text().contains("CLIENT_ID"), r.text());
    }
}
