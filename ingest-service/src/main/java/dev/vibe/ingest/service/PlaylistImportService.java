package dev.vibe.ingest.service;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.ApiException;
import dev.vibe.common.problem.Problem;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.domain.PlaylistTrack;
import dev.vibe.ingest.domain.Track;
import dev.vibe.ingest.service.TrackService.Outcome;
import dev.vibe.ingest.service.TrackService.SongData;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stores an imported playlist: its tracks (new, changed or already known), then its membership, in one
 * transaction. A re-import with the same songs changes nothing; one with other songs replaces the membership
 * and bumps the revision. A rejected import changes nothing at all.
 */
@ApplicationScoped
public class PlaylistImportService {

    private final TrackService tracks;
    private final CatalogueService catalogue;
    private final MeterRegistry meters;

    public PlaylistImportService(TrackService tracks, CatalogueService catalogue, MeterRegistry meters) {
        this.tracks = tracks;
        this.catalogue = catalogue;
        this.meters = meters;
    }

    /** A song as a source delivers it; {@code features} may be null (the source has none for it). */
    public record IncomingSong(int row, SongData data) {
    }

    /** A song that was not put on the playlist, and why. */
    public record SkippedSong(Integer row, String trackId, String name, String reason) {
    }

    /** What an import did. {@code stored} counts new tracks, {@code alreadyKnown} tracks stored before unchanged. */
    public record ImportReport(String playlistId, String name, Playlist.Source source, int revision, boolean membershipChanged,
                               int songs, int stored, int updated, int alreadyKnown, int filledFromCatalogue,
                               int duplicates, int skipped, List<SkippedSong> skippedSongs) {
    }

    /**
     * Imports the songs of a playlist.
     *
     * @param skippedBySource songs the source already could not use (local files, episodes), reported as skipped
     */
    @Transactional
    public ImportReport importPlaylist(String playlistId, String name, Playlist.Source source, String sourceRef,
                                       List<IncomingSong> songs, List<SkippedSong> skippedBySource) {
        List<SkippedSong> skipped = new ArrayList<>(skippedBySource);
        if (songs.isEmpty()) {
            throw ApiException.badRequest("The playlist '" + name + "' has no songs" + (skipped.isEmpty() ? "" : " with a Spotify track id")
                    + "; nothing was stored. Export a playlist that has songs.", skippedErrors(skipped));
        }

        // one entry per track, first position wins; a track listed twice is counted as a duplicate
        Map<String, IncomingSong> unique = new LinkedHashMap<>();
        int duplicates = 0;
        for (IncomingSong s : songs) {
            if (unique.putIfAbsent(s.data().id(), s) != null) {
                duplicates++;
            }
        }

        // fill songs without features from the catalogue; what is still missing is skipped
        List<String> missing = unique.values().stream().filter(s -> s.data().features() == null).map(s -> s.data().id()).toList();
        var fromCatalogue = catalogue.lookup(missing);
        int filled = 0;
        List<IncomingSong> usable = new ArrayList<>();
        for (IncomingSong s : unique.values()) {
            SongData d = s.data();
            if (d.features() != null) {
                usable.add(s);
            } else if (fromCatalogue.containsKey(d.id())) {
                var c = fromCatalogue.get(d.id());
                String songName = d.name() == null || d.name().isBlank() ? c.name() : d.name();
                List<String> artists = d.artists().isEmpty() && !c.artists().isBlank() ? Arrays.asList(c.artists().split("; ")) : d.artists();
                usable.add(new IncomingSong(s.row(), new SongData(d.id(), songName, artists, d.album(), c.features(), FeatureSource.CATALOGUE)));
                filled++;
            } else {
                skipped.add(new SkippedSong(s.row(), d.id(), d.name(),
                        "no audio features: the source has none for it (unavailable on Spotify?) and the feature catalogue does not have it"));
            }
        }
        if (usable.isEmpty()) {
            throw ApiException.badRequest("No song of the playlist '" + name + "' has audio features; nothing was stored. "
                    + "Export it with Exportify (exportify.net) or load a feature catalogue (POST /api/v1/catalogue) first.", skippedErrors(skipped));
        }

        // store tracks, loading the known ones in one query
        Map<String, Track> known = Track.<Track>list("id in ?1", usable.stream().map(s -> s.data().id()).toList()).stream()
                .collect(Collectors.toMap(t -> t.id, Function.identity()));
        int stored = 0;
        int updated = 0;
        int alreadyKnown = 0;
        for (IncomingSong s : usable) {
            Outcome o = tracks.store(s.data(), known.get(s.data().id()));
            switch (o) {
                case CREATED -> stored++;
                case UPDATED -> updated++;
                case UNCHANGED -> alreadyKnown++;
            }
        }

        // membership: replaced as a whole only if it differs
        List<String> trackIds = usable.stream().map(s -> s.data().id()).toList();
        String hash = sha256(String.join("\n", trackIds));
        Playlist playlist = Playlist.findById(playlistId);
        boolean changed;
        if (playlist == null) {
            playlist = new Playlist();
            playlist.id = playlistId;
            playlist.revision = 1;
            changed = true;
        } else {
            changed = !playlist.contentSha256.equals(hash);
            if (changed) {
                PlaylistTrack.delete("playlistId", playlistId);
                playlist.revision++;
            }
        }
        playlist.name = name;
        playlist.source = source;
        playlist.sourceRef = sourceRef == null ? "" : sourceRef;
        playlist.contentSha256 = hash;
        playlist.trackCount = trackIds.size();
        playlist.importedAt = Instant.now();
        playlist.persist();
        if (changed) {
            PlaylistTrack.getEntityManager().flush(); // deletes before inserts
            for (int i = 0; i < trackIds.size(); i++) {
                PlaylistTrack.of(playlistId, trackIds.get(i), i).persist();
            }
        }
        meters.counter("vibe.import.songs", "source", source.name()).increment(trackIds.size());
        return new ImportReport(playlistId, name, source, playlist.revision, changed, trackIds.size(), stored, updated, alreadyKnown,
                filled, duplicates, skipped.size(), List.copyOf(skipped));
    }

    /** Songs of a CSV, ready for {@link #importPlaylist}. */
    public static List<IncomingSong> fromCsv(SongCsv.Result csv, FeatureSource source) {
        return csv.songs().stream().map(s -> new IncomingSong(s.line(),
                new SongData(s.trackId(), s.name(), s.artists(), s.album(), s.features(), source))).toList();
    }

    public static List<SkippedSong> skippedFromCsv(SongCsv.Result csv) {
        return csv.skipped().stream().map(s -> new SkippedSong(s.line(), s.trackId(), s.name(), s.reason())).toList();
    }

    /** A playlist id for an imported CSV: the name in lower case, words joined by '-'. */
    public static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            throw ApiException.badRequest("The playlist name '" + name + "' needs at least one letter or digit.",
                    List.of(new Problem.FieldError("name", "must contain a letter or digit")));
        }
        return slug.length() <= 100 ? slug : slug.substring(0, 100);
    }

    private static List<Problem.FieldError> skippedErrors(List<SkippedSong> skipped) {
        return skipped.stream().limit(SongCsv.MAX_PROBLEMS)
                .map(s -> new Problem.FieldError(s.row() == null ? s.trackId() : "line " + s.row(), s.reason())).toList();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
