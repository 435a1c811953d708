package dev.vibe.cli.spotify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sign-in's redirect target, {@code http://127.0.0.1:PORT/callback}, listening for the one answer Spotify sends
 * through the listener's browser: the code (if it carries the state Vibe sent), shown with a short page; closed after.
 */
final class SignInCallback implements AutoCloseable {

    private final HttpServer server;
    private final CompletableFuture<String> code = new CompletableFuture<>();

    private SignInCallback(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:port for the answer to the sign-in that sent this state. */
    static SignInCallback listen(int port, String state) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use, so Spotify cannot send you back: set "
                    + "VIBE_LOGIN_PORT to a free port and register http://127.0.0.1:PORT/callback in your app's settings");
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        SignInCallback callback = new SignInCallback(server);
        server.createContext("/callback", exchange -> callback.answer(exchange, state));
        server.start();
        return callback;
    }

    private void answer(HttpExchange exchange, String state) throws IOException {
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
    }

    /** The authorization code, once Spotify has sent the listener back; an error that says what to do otherwise. */
    String awaitCode(Duration timeout) {
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

    @Override
    public void close() {
        server.stop(0);
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
}
