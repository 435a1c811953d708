package dev.vibe.ingest.service;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.common.problem.VibeException;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.domain.Track;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Read models of playlists, in the shapes of the read contract ({@code IngestReadApi}). */
@ApplicationScoped
public class PlaylistQueries {

    private static PlaylistSummary summary(Playlist p) {
        return new PlaylistSummary(p.id, p.name, p.source, p.trackCount, p.revision, p.importedAt);
    }


    @Transactional
    public boolean exists(String id) {
        return Playlist.count("id", id) > 0;
    }

    @Transactional
    public List<PlaylistSummary> list() {
        return Playlist.<Playlist>list("order by importedAt desc").stream().map(PlaylistQueries::summary).toList();
    }

    @Transactional
    public PlaylistDetail detail(String id) {
        Playlist p = Playlist.findById(id);
        if (p == null) {
            throw new VibeException.NotFound("No playlist '" + id + "'. GET /api/v1/playlists lists the playlists.");
        }
        List<String> ids = p.trackIds();
        Map<String, Track> tracks = Track.<Track>list("id in ?1", ids).stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
        List<PlaylistSong> songs = ids.stream().map(tracks::get).map(t -> new PlaylistSong(t.id, t.name,
                t.artists.isBlank() ? List.of() : Arrays.asList(t.artists.split("; ")), t.album, t.features, t.source.name(), t.version)).toList();
        return new PlaylistDetail(p.id, p.name, p.source, p.revision, p.importedAt, songs);
    }
}
