package dev.vibe.spotify;

import com.google.gson.JsonArray;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.model_objects.special.SnapshotResult;
import se.michaelthelin.spotify.requests.data.AbstractDataRequest;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/playlists/{playlist_id}/items}: adds at most {@value #MAX_URIS} tracks to a playlist the signed-in user
 * owns (since February 2026; the library's own request posts to {@code /tracks}, which answers 403).
 */
public final class AddPlaylistItemsRequest extends AbstractDataRequest<SnapshotResult> {

    public static final int MAX_URIS = 100;

    private AddPlaylistItemsRequest(Builder builder) {
        super(builder);
    }

    @Override
    public SnapshotResult execute() throws IOException, SpotifyWebApiException, ParseException {
        return new SnapshotResult.JsonUtil().createModelObject(postJson());
    }

    /** @param uris {@code spotify:track:ID}, 1 to 100 */
    public static Builder builder(SpotifyEndpoints endpoints, String accessToken, String playlistId, List<String> uris) {
        if (uris.isEmpty() || uris.size() > MAX_URIS) {
            throw new IllegalArgumentException("1 to " + MAX_URIS + " URIs per call, got " + uris.size());
        }
        var api = endpoints.withAccessToken(accessToken);
        JsonArray array = new JsonArray();
        uris.forEach(array::add);
        return new Builder(accessToken).setDefaults(api.getHttpManager(), api.getScheme(), api.getHost(), api.getPort())
                .setPathParameter("playlist_id", playlistId).setBodyParameter("uris", array);
    }

    public static final class Builder extends AbstractDataRequest.Builder<SnapshotResult, Builder> {

        Builder(String accessToken) {
            super(accessToken);
        }

        @Override
        public AddPlaylistItemsRequest build() {
            setContentType(ContentType.APPLICATION_JSON);
            setPath("/v1/playlists/{playlist_id}/items");
            return new AddPlaylistItemsRequest(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
