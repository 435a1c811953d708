package dev.vibe.spotify;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.IHttpManager;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.SpotifyHttpManager;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The library's HTTP manager, with requests to Spotify's accounts service sent to a configured base URL instead
 * (the token request hard-codes https://accounts.spotify.com). With the default configuration nothing changes.
 */
public final class RebasedHttpManager implements IHttpManager {

    private final IHttpManager delegate;
    private final URI accounts;

    public RebasedHttpManager(URI accounts, int timeoutMillis) {
        this.delegate = new SpotifyHttpManager.Builder()
                .setConnectionRequestTimeout(timeoutMillis)
                .setSocketTimeout(timeoutMillis)
                .build();
        this.accounts = accounts;
    }

    /** {@code uri} with Spotify's accounts host replaced by the configured one (authorize links, token requests). */
    public URI rebase(URI uri) {
        if (!SpotifyApi.DEFAULT_AUTHENTICATION_HOST.equals(uri.getHost())) {
            return uri;
        }
        try {
            return new URI(accounts.getScheme(), uri.getUserInfo(), accounts.getHost(), accounts.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot re-base " + uri + " on " + accounts, e);
        }
    }

    @Override
    public String get(URI uri, Header[] headers) throws IOException, SpotifyWebApiException, ParseException {
        return delegate.get(rebase(uri), headers);
    }

    @Override
    public String post(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException, ParseException {
        return delegate.post(rebase(uri), headers, body);
    }

    @Override
    public String put(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException, ParseException {
        return delegate.put(rebase(uri), headers, body);
    }

    @Override
    public String delete(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException, ParseException {
        return delegate.delete(rebase(uri), headers, body);
    }
}
