package dev.vibe.spotify;

import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.requests.data.AbstractDataRequest;

import java.io.IOException;

/**
 * {@code GET /v1/playlists/{playlist_id}/items}: a playlist's items as Spotify serves them since February 2026 (the
 * library's own request still calls {@code /tracks}, which answers 403). At most 50 a page; each entry's track or
 * episode is under {@code item}. Development-mode apps may read only playlists the signed-in user owns or
 * collaborates on, with that user's token.
 */
public final class GetPlaylistItemsRequest extends AbstractDataRequest<Paging<PlaylistTrack>> {

    public static final int MAX_LIMIT = PageBuilder.MAX_LIMIT;

    private GetPlaylistItemsRequest(Builder builder) {
        super(builder);
    }

    @Override
    public Paging<PlaylistTrack> execute() throws IOException, SpotifyWebApiException, ParseException {
        return new PlaylistItemsJson().createModelObjectPaging(getJson());
    }

    public static Builder builder(SpotifyEndpoints endpoints, String accessToken, String playlistId) {
        var api = endpoints.withAccessToken(accessToken);
        return new Builder(accessToken)
                .setDefaults(api.getHttpManager(), api.getScheme(), api.getHost(), api.getPort())
                .playlistId(playlistId);
    }

    /** Builds the request; limit 1 to 50. */
    public static final class Builder extends PageBuilder<PlaylistTrack, Builder> {

        Builder(String accessToken) {
            super(accessToken);
        }

        public Builder playlistId(String playlistId) {
            return setPathParameter("playlist_id", playlistId);
        }

            /** Episodes are answered as episodes (not as tracks) when asked for. */
        public Builder additionalTypes(String types) {
            return setQueryParameter("additional_types", types);
        }

        @Override
        public GetPlaylistItemsRequest build() {
            setPath("/v1/playlists/{playlist_id}/items");
            return new GetPlaylistItemsRequest(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
