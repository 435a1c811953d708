package dev.vibe.cli.spotify;

import dev.vibe.spotify.AddPlaylistItemsRequest;
import dev.vibe.spotify.CreateMyPlaylistRequest;
import dev.vibe.spotify.GetMyPlaylistsRequest;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.Playlist;
import se.michaelthelin.spotify.model_objects.specification.PlaylistSimplified;

import java.util.ArrayList;
import java.util.List;

/** The signed-in listener's playlists on Spotify: listing them, and creating private ones. */
public final class SpotifyLibrary {

    private final SpotifySettings settings;
    private final SpotifySignIn signIn;

    public SpotifyLibrary(SpotifySettings settings) {
        this.settings = settings;
        this.signIn = new SpotifySignIn(settings);
    }

    /** One of the listener's playlists. */
    public record OwnPlaylist(String id, String name, int songs, String owner) {
    }

    /** The signed-in listener's playlists (owned and followed), all pages. */
    public List<OwnPlaylist> playlists() {
        SpotifyTokens tokens = signIn.fresh();
        List<OwnPlaylist> out = new ArrayList<>();
        for (int offset = 0; ; offset += GetMyPlaylistsRequest.MAX_LIMIT) {
            int from = offset;
            Paging<PlaylistSimplified> page = SpotifyCalls.call(() -> GetMyPlaylistsRequest.builder(settings.endpoints(), tokens.accessToken())
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
    public String createPrivatePlaylist(String name, String description, List<String> uris) {
        SpotifyTokens tokens = signIn.fresh();
        if (tokens.scope() != null && !tokens.scope().contains("playlist-modify-private")) {
            throw new IllegalStateException("your Spotify sign-in does not allow creating private playlists: run ./vibe login again");
        }
        Playlist made = SpotifyCalls.call(() -> CreateMyPlaylistRequest.builder(settings.endpoints(), tokens.accessToken(), name).isPublic(false)
                .description(description).build().execute(), "Spotify refused to create the playlist '" + name + "'");
        for (int from = 0; from < uris.size(); from += AddPlaylistItemsRequest.MAX_URIS) {
            List<String> chunk = uris.subList(from, Math.min(uris.size(), from + AddPlaylistItemsRequest.MAX_URIS));
            SpotifyCalls.call(() -> AddPlaylistItemsRequest.builder(settings.endpoints(), tokens.accessToken(), made.getId(), chunk).build().execute(),
                    "Spotify refused to add songs to the playlist '" + name + "'");
        }
        return made.getId();
    }
}
