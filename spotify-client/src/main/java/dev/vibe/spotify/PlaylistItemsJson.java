package dev.vibe.spotify;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import se.michaelthelin.spotify.model_objects.AbstractModelObject;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;

/**
 * Reads a playlist item as Spotify writes it since February 2026 (the track or episode under {@code item}) or as it
 * did before (under {@code track}), into the library's own model.
 */
final class PlaylistItemsJson extends AbstractModelObject.JsonUtil<PlaylistTrack> {

    private static final PlaylistTrack.JsonUtil LIBRARY = new PlaylistTrack.JsonUtil();

    @Override
    public PlaylistTrack createModelObject(JsonObject json) {
        if (json == null || json.isJsonNull()) {
            return null;
        }
        JsonObject copy = json.deepCopy();
        if (hasAndNotNull(copy, "item")) {
            copy.add("track", copy.get("item"));
        }
        return LIBRARY.createModelObject(copy);
    }

    static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
