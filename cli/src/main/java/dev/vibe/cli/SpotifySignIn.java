package dev.vibe.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vibe.spotify.AddPlaylistItemsRequest;
import dev.vibe.spotify.CreateMyPlaylistRequest;
import dev.vibe.spotify.GetMyPlaylistsRequest;
import dev.vibe.spotify.Pkce;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.credentials.AuthorizationCodeCredentials;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.Playlist;
import se.michaelthelin.spotify.model_objects.specification.PlaylistSimplified;
import se.michaelthelin.spotify.model_objects.specification.User;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Signs the listener in to Spotify with Authorization Code and PKCE (no client secret), keeps the tokens in the
 * listener's own file and refreshes them before they expire. The authorize link is printed (and opened in a browser
 * where there is one); Spotify redirects to {@code http://127.0.0.1:PORT/callback}, served here for the one request.
 */
final class SpotifySignIn {

    static final String SCOPES = "playlist-read-private playlist-read-collaborative playlist-modify-private";
    private static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    private final SpotifySettings settings;

    SpotifySignIn(SpotifySettings settings) {
        this.settings = settings;
    }

    /** The sign-in: the link, the redirect, the code exchanged for tokens (with the verifier), the tokens stored. */
    SpotifyTokens login(PrintStream out, Duration timeout, boolean openBrowser) {
        String clientId = settings.requireClientId();
        Pkce pkce = Pkce.generate();
        String state = Pkce.state();
        SpotifyApi api = settings.endpoints().builder().setClientId(clientId).setRedirectUri(settings.redirectUri()).build();
        CompletableFuture<String> code = new CompletableFuture<>();
        HttpServer server = callbackServer(state, code);
        try {
            URI authorize = settings.endpoints().rebase(api.authorizationCodePKCEUri(pkce.challenge()).scope(SCOPES).state(state).build().execute());
            out.println("Sign in to Spotify in your browser; if it does not open, open this link:");
            out.println(authorize);
            out.println("(waiting for Spotify to send you back to " + settings.redirectUri() + " ...)");
            out.flush();
            if (openBrowser) {
                Browser.open(authorize);
            }
            String authorizationCode = await(code, timeout);
            AuthorizationCodeCredentials credentials = call(() -> api.authorizationCodePKCE(authorizationCode, pkce.verifier()).build().execute(),
                    "Spotify refused the sign-in code");
            User me = call(() -> settings.endpoints().withAccessToken(credentials.getAccessToken()).getCurrentUsersProfile().build().execute(),
                    "Spotify refused the new sign-in");
            SpotifyTokens tokens = new SpotifyTokens(clientId, me.getId(), me.getDisplayName(), credentials.getAccessToken(),
                    credentials.getRefreshToken(), Instant.now().plusSeconds(credentials.getExpiresIn()), credentials.getScope());
            tokens.write(settings.tokenFile());
            return tokens;
        } finally {
            server.stop(0);
        }
    }

    /** The stored tokens, refreshed first if they expire within a minute. */
    SpotifyTokens fresh() {
        String clientId = settings.requireClientId();
        SpotifyTokens tokens = SpotifyTokens.read(settings.tokenFile())
                .orElseThrow(() -> new IllegalStateException("not signed in to Spotify: run ./vibe login first"));
        if (!tokens.clientId().equals(clientId)) {
            throw new IllegalStateException("signed in to Spotify with another app (client id " + tokens.clientId() + "): run ./vibe login again");
        }
        if (!tokens.expiresWithin(REFRESH_MARGIN)) {
            return tokens;
        }
        SpotifyApi api = settings.endpoints().builder().setClientId(clientId).build();
        AuthorizationCodeCredentials c;
        try {
            c = api.authorizationCodePKCERefresh(clientId, tokens.refreshToken()).build().execute();
        } catch (BadRequestException | UnauthorizedException e) {
            // the refresh token was revoked or has expired: only a new sign-in helps
            throw new Expired("Spotify did not renew your sign-in; run ./vibe login again (" + e.getMessage() + ")");
        } catch (SpotifyWebApiException | ParseException e) {
            throw new IllegalStateException("Spotify did not renew your sign-in: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Spotify (" + e.getMessage() + ")");
        }
        SpotifyTokens renewed = new SpotifyTokens(clientId, tokens.user(), tokens.displayName(), c.getAccessToken(),
                c.getRefreshToken() == null || c.getRefreshToken().isBlank() ? tokens.refreshToken() : c.getRefreshToken(),
                Instant.now().plusSeconds(c.getExpiresIn()), c.getScope() == null ? tokens.scope() : c.getScope());
        renewed.write(settings.tokenFile());
        return renewed;
    }

    /** Spotify refused to renew the sign-in (revoked or expired refresh token): the listener has to sign in again. */
    static final class Expired extends IllegalStateException {
        Expired(String message) {
            super(message);
        }
    }

    /** The stored tokens if the listener signed in with this app, refreshed as needed; empty if not signed in. */
    java.util.Optional<SpotifyTokens> freshIfSignedIn() {
        if (settings.clientId() == null || SpotifyTokens.read(settings.tokenFile()).filter(t -> t.clientId().equals(settings.clientId())).isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fresh());
    }

    /** One of the listener's playlists. */
    record OwnPlaylist(String id, String name, int songs, String owner) {
    }

    /** The signed-in listener's playlists (owned and followed), all pages. */
    List<OwnPlaylist> playlists() {
        SpotifyTokens tokens = fresh();
        List<OwnPlaylist> out = new ArrayList<>();
        for (int offset = 0; ; offset += GetMyPlaylistsRequest.MAX_LIMIT) {
            int from = offset;
            Paging<PlaylistSimplified> page = call(() -> GetMyPlaylistsRequest.builder(settings.endpoints(), tokens.accessToken())
                    .limit(GetMyPlaylistsRequest.MAX_LIMIT).offset(from).build().execute(), "Spotify refused the list of your playlists");
            for (PlaylistSimplified p : page.getItems()) {
                out.add(new OwnPlaylist(p.getId(), p.getName(), p.getTracks() == null ? 0 : p.getTracks().getTotal(),
                        p.getOwner() == null ? "" : p.getOwner().getId()));
            }
            if (page.getNext() == null || page.getItems().length == 0) {
                return out;
            }
        }
    }

    /**
     * Creates a private playlist of the signed-in listener with these songs ({@code spotify:track:ID}), 100 a call as
     * Spotify allows; returns its id.
     */
    String createPrivatePlaylist(String name, String description, List<String> uris) {
        SpotifyTokens tokens = fresh();
        if (tokens.scope() != null && !tokens.scope().contains("playlist-modify-private")) {
            throw new IllegalStateException("your Spotify sign-in does not allow creating private playlists: run ./vibe login again");
        }
        Playlist made = call(() -> CreateMyPlaylistRequest.builder(settings.endpoints(), tokens.accessToken(), name).isPublic(false)
                .description(description).build().execute(), "Spotify refused to create the playlist '" + name + "'");
        for (int from = 0; from < uris.size(); from += AddPlaylistItemsRequest.MAX_URIS) {
            List<String> chunk = uris.subList(from, Math.min(uris.size(), from + AddPlaylistItemsRequest.MAX_URIS));
            call(() -> AddPlaylistItemsRequest.builder(settings.endpoints(), tokens.accessToken(), made.getId(), chunk).build().execute(),
                    "Spotify refused to add songs to the playlist '" + name + "'");
        }
        return made.getId();
    }

    private HttpServer callbackServer(String state, CompletableFuture<String> code) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.redirectPort()), 0);
        } catch (BindException e) {
            throw new IllegalStateException("port " + settings.redirectPort() + " on 127.0.0.1 is in use, so Spotify cannot send you back: set "
                    + "VIBE_LOGIN_PORT to a free port and register http://127.0.0.1:PORT/callback in your app's settings");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + settings.redirectPort() + ": " + e.getMessage());
        }
        server.createContext("/callback", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            if (q.containsKey("error")) {
                page(exchange, 400, "Spotify did not sign you in (" + q.get("error") + "). You can close this page and run vibe login again.");
                code.completeExceptionally(new IllegalStateException("Spotify did not sign you in: " + q.get("error")));
            } else if (!state.equals(q.get("state"))) {
                page(exchange, 400, "This sign-in answer does not belong to the sign-in Vibe started. You can close this page and run vibe login again.");
                code.completeExceptionally(new IllegalStateException("the answer from Spotify did not carry the state Vibe sent: run vibe login again"));
            } else if (q.get("code") == null || q.get("code").isBlank()) {
                page(exchange, 400, "Spotify sent no sign-in code. You can close this page and run vibe login again.");
                code.completeExceptionally(new IllegalStateException("Spotify sent no sign-in code"));
            } else {
                page(exchange, 200, "Vibe is signed in to Spotify. You can close this page and go back to the terminal.");
                code.complete(q.get("code"));
            }
        });
        server.start();
        return server;
    }

    private static void page(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vibe</title></head><body><p>" + text
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
        }
    }

    private static String await(CompletableFuture<String> code, Duration timeout) {
        try {
            return code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Spotify within " + timeout.toSeconds() + " s: run vibe login again and open the link");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A Spotify call with checked exceptions. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, SpotifyWebApiException, ParseException;
    }

    /** Runs a call; Spotify's refusals become one-line messages that say what to do. */
    static <T> T call(Call<T> call, String what) {
        try {
            return call.run();
        } catch (BadRequestException | UnauthorizedException e) {
            throw new IllegalStateException(what + " (" + e.getMessage() + ")");
        } catch (SpotifyWebApiException | ParseException e) {
            throw new IllegalStateException(what + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Spotify (" + e.getMessage() + ")");
        }
    }

    /** Opens a link in the listener's browser where there is one; never in CI. */
    static final class Browser {
        private Browser() {
        }

        static void open(URI uri) {
            if (System.getenv("CI") != null || (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null)) {
                return;
            }
            for (String opener : List.of("/usr/bin/xdg-open", "/usr/bin/open")) {
                if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(opener))) {
                    try {
                        new ProcessBuilder(opener, uri.toString()).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    } catch (IOException ignored) {
                        // the link is printed; the listener opens it
                    }
                    return;
                }
            }
        }
    }
}
