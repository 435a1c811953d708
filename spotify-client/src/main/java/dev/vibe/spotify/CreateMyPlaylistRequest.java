package dev.vibe.spotify;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.model_objects.specification.Playlist;
import se.michaelthelin.spotify.requests.data.AbstractDataRequest;

import java.io.IOException;

/**
 * {@code POST /v1/me/playlists}: creates a playlist for the signed-in user (Spotify's Web API since February 2026; the
 * library's own request posts to {@code /v1/users/{user_id}/playlists}). A private playlist needs the scope
 * playlist-modify-private.
 */
public final class CreateMyPlaylistRequest extends AbstractDataRequest<Playlist> {

    private CreateMyPlaylistRequest(Builder builder) {
        super(builder);
    }

    @Override
    public Playlist execute() throws IOException, SpotifyWebApiException, ParseException {
        return new Playlist.JsonUtil().createModelObject(postJson());
    }

    public static Builder builder(SpotifyEndpoints endpoints, String accessToken, String name) {
        var api = endpoints.withAccessToken(accessToken);
        return new Builder(accessToken).setDefaults(api.getHttpManager(), api.getScheme(), api.getHost(), api.getPort())
                .setBodyParameter("name", name);
    }

    public static final class Builder extends AbstractDataRequest.Builder<Playlist, Builder> {

        Builder(String accessToken) {
            super(accessToken);
        }

        /** False for a private playlist. */
        public Builder isPublic(boolean value) {
            return setBodyParameter("public", value);
        }

        public Builder description(String text) {
            return setBodyParameter("description", text);
        }

        @Override
        public CreateMyPlaylistRequest build() {
            setContentType(ContentType.APPLICATION_JSON);
            setPath("/v1/me/playlists");
            return new CreateMyPlaylistRequest(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
