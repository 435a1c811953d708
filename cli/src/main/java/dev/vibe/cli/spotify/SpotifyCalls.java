package dev.vibe.cli.spotify;

import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;

import java.io.IOException;

/** Calls to Spotify's Web API whose refusals become one-line messages that say what to do. */
final class SpotifyCalls {

    private SpotifyCalls() {
    }

    /** A Spotify call with checked exceptions. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, SpotifyWebApiException, ParseException;
    }

    /** Runs a call; {@code what} names it in the message if Spotify refuses. */
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
}
