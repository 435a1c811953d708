package dev.vibe.spotify;

import se.michaelthelin.spotify.requests.data.AbstractDataPagingRequest;

/**
 * A builder of a request for one page of a Spotify list that serves at most {@value #MAX_LIMIT} entries a page (since
 * February 2026: the user's playlists, a playlist's items): {@code limit} 1 to 50, checked here rather than answered
 * 400 by Spotify, and {@code offset}.
 */
public abstract class PageBuilder<T, B extends PageBuilder<T, B>> extends AbstractDataPagingRequest.Builder<T, B> {

    public static final int MAX_LIMIT = 50;

    protected PageBuilder(String accessToken) {
        super(accessToken);
    }

    @Override
    public B limit(Integer limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return setQueryParameter("limit", limit);
    }

    @Override
    public B offset(Integer offset) {
        return setQueryParameter("offset", offset);
    }
}
