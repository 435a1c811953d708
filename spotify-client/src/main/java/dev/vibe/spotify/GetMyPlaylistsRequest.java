package dev.vibe.spotify;

import com.google.gson.JsonObject;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.model_objects.AbstractModelObject;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.PlaylistSimplified;
import se.michaelthelin.spotify.requests.data.AbstractDataRequest;

import java.io.IOException;

/**
 * {@code GET /v1/me/playlists}: the signed-in user's playlists, at most 50 a page. Since February 2026 each playlist's
 * song count is under {@code items} ({@code {"href", "total"}}) and {@code tracks} is null; both are read, into the
 * library's own model ({@link PlaylistSimplified#getTracks()}).
 */
public final class GetMyPlaylistsRequest extends AbstractDataRequest<Paging<PlaylistSimplified>> {

    public static final int MAX_LIMIT = PageBuilder.MAX_LIMIT;

    private GetMyPlaylistsRequest(Builder builder) {
        super(builder);
    }

    @Override
    public Paging<PlaylistSimplified> execute() throws IOException, SpotifyWebApiException, ParseException {
        return new Json().createModelObjectPaging(getJson());
    }

    public static Builder builder(SpotifyEndpoints endpoints, String accessToken) {
        var api = endpoints.withAccessToken(accessToken);
        return new Builder(accessToken).setDefaults(api.getHttpManager(), api.getScheme(), api.getHost(), api.getPort());
    }

    /** Builds the request; limit 1 to 50. */
    public static final class Builder extends PageBuilder<PlaylistSimplified, Builder> {

        Builder(String accessToken) {
            super(accessToken);
        }

            @Override
        public GetMyPlaylistsRequest build() {
            setPath("/v1/me/playlists");
            return new GetMyPlaylistsRequest(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }

    /** The library's playlist model, fed the song count from {@code items} when {@code tracks} is absent. */
    static final class Json extends AbstractModelObject.JsonUtil<PlaylistSimplified> {
        private static final PlaylistSimplified.JsonUtil LIBRARY = new PlaylistSimplified.JsonUtil();

        @Override
        public PlaylistSimplified createModelObject(JsonObject json) {
            if (json == null || json.isJsonNull()) {
                return null;
            }
            JsonObject copy = json.deepCopy();
            if (!hasAndNotNull(copy, "tracks") && hasAndNotNull(copy, "items") && copy.get("items").isJsonObject()) {
                copy.add("tracks", copy.get("items"));
            }
            return LIBRARY.createModelObject(copy);
        }
    }
}
