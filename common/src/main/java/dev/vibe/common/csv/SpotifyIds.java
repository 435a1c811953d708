package dev.vibe.common.csv;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spotify ids in the forms users paste: bare ids, {@code spotify:track:ID} URIs and open.spotify.com links. */
public final class SpotifyIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{22}");
    private static final Pattern URI = Pattern.compile("spotify:(track|playlist|episode|local|album|artist):(.*)");
    private static final Pattern URL = Pattern.compile("https?://open\\.spotify\\.com/(?:intl-[a-z]+/)?(track|playlist|episode|album|artist)/([A-Za-z0-9]+).*");

    private SpotifyIds() {
    }

    /** The kind ("track", "playlist", "episode", "local", ...) and id of a Spotify reference, if it is one. */
    public record Ref(String kind, String id) {
    }

    public static Optional<Ref> parse(String text) {
        String s = text == null ? "" : text.strip();
        Matcher m = URI.matcher(s);
        if (m.matches()) {
            return Optional.of(new Ref(m.group(1), m.group(2)));
        }
        m = URL.matcher(s);
        if (m.matches()) {
            return Optional.of(new Ref(m.group(1), m.group(2)));
        }
        return Optional.empty();
    }

    public static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /**
     * A playlist id from a bare id, a {@code spotify:playlist:ID} URI or a link.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static String playlistId(String text) {
        Optional<Ref> ref = parse(text);
        String id = ref.filter(r -> r.kind().equals("playlist")).map(Ref::id).orElse(text == null ? "" : text.strip());
        if (!isId(id)) {
            throw new IllegalArgumentException("'" + text + "' is not a Spotify playlist: give spotify:playlist:ID, "
                    + "https://open.spotify.com/playlist/ID or the 22-character ID");
        }
        return id;
    }
}
