package dev.vibe.ingest.service;

import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.DisplayNames;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.client.SpotifyWebApi;
import dev.vibe.ingest.config.ImportConfig;
import dev.vibe.ingest.service.FeatureFinder.Completed;
import dev.vibe.ingest.service.FeatureFinder.SpotifyFeatures;
import dev.vibe.ingest.service.TrackService.SongData;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import se.michaelthelin.spotify.SpotifyApi;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Imports a playlist: songs as the source delivers them, their features completed from the sources that have them
 * ({@link FeatureFinder}, outside any transaction), then everything stored at once ({@link PlaylistStore}). Songs
 * that cannot be used are listed with the reason; the import is refused (and nothing changes) only when not one
 * song can be stored.
 */
@ApplicationScoped
public class PlaylistImportService {

    /** Most skipped songs listed in one report (the count is always complete). */
    static final int MAX_LISTED = 500;

    private final FeatureFinder finder;
    private final Store store;
    private final Supplier<Optional<SpotifyFeatures>> appFeatures;
    private final ImportConfig limits;
    private final MeterRegistry meters;

    @Inject
    public PlaylistImportService(FeatureFinder finder, PlaylistStore store, SpotifyWebApi spotify, ImportConfig limits, MeterRegistry meters) {
        this(finder, store::store, () -> configuredAppFeatures(spotify), limits, meters);
    }

    /**
     * @param store       where the songs and the playlist go ({@link PlaylistStore#store} in the service)
     * @param appFeatures Spotify's /audio-features as the service's own app, when it has credentials
     */
    PlaylistImportService(FeatureFinder finder, Store store, Supplier<Optional<SpotifyFeatures>> appFeatures, ImportConfig limits,
                          MeterRegistry meters) {
        this.finder = finder;
        this.store = store;
        this.appFeatures = appFeatures;
        this.limits = limits;
        this.meters = meters;
    }

    /** Stores an import's songs and the playlist's membership, all at once: {@link PlaylistStore#store}. */
    @FunctionalInterface
    interface Store {
        PlaylistStore.Stored store(String playlistId, String name, PlaylistSource source, String sourceRef, List<SongData> songs);
    }

    /**
     * What an import did.
     *
     * @param layout         the export's layout as a listener would name it (CSV imports), or null
     * @param idsDerived     the export had no track ids: songs are kept under ids derived from name, artists and album
     * @param stored         new tracks; {@code updated} tracks whose features changed; {@code alreadyKnown} unchanged ones
     * @param featureSources songs per source of their features: export, stored, catalogue, spotify, reccobeats
     * @param skipped        songs left out (all of them); {@code skippedSongs} lists the first {@value #MAX_LISTED}
     * @param notes          what the listener should know about the sources (a refusal, a source switched off)
     */
    public record ImportReport(String playlistId, String name, PlaylistSource source, String layout, boolean idsDerived, int revision,
                               boolean membershipChanged, int songs, int stored, int updated, int alreadyKnown,
                               Map<String, Integer> featureSources, int duplicates, int skipped, List<SkippedSong> skippedSongs,
                               List<String> notes) {
    }

    /**
     * What an import did, and whether it stored a playlist Vibe did not have (else it imported an existing one again).
     */
    public record Imported(ImportReport report, boolean newPlaylist) {
    }

    /**
     * Imports a CSV export (any layout {@link SongCsv} reads) sent as {@code body}, under the id {@link #slug} makes of
     * {@code name}.
     *
     * @throws VibeException.InvalidInput naming the field or lines at fault: no name or an unusable one, an empty body, a
     *                                    body that is not UTF-8 or not an export, not one song that can be stored
     * @throws VibeException.TooLarge     if the body is larger than {@code vibe.import.max-playlist-bytes}
     */
    public Imported importExport(String name, InputStream body) {
        if (name == null || name.isBlank()) {
            throw new VibeException.InvalidInput("Give the playlist a name: ?name=My%20Playlist", List.of(new Problem.FieldError("name", "is required")));
        }
        String shown = DisplayNames.optional("name", name);
        SongCsv.Result csv = CsvUpload.read(body, limits.maxPlaylistBytes(), "playlist CSV", "playlist export", "stored");
        return importCsv(slug(shown), shown, csv);
    }

    /** Imports a CSV export under the playlist id {@code playlistId}. */
    Imported importCsv(String playlistId, String name, SongCsv.Result csv) {
        List<IncomingSong> songs = csv.songs().stream().map(s -> new IncomingSong(s.line(), null, s.trackId(), s.derivedId(), s.name(),
                s.artists(), s.album(), s.values(), FeatureSource.EXPORTIFY_CSV)).toList();
        List<SkippedSong> skipped = csv.skipped().stream().map(s -> new SkippedSong(s.line(), null, s.field(), s.trackId(), s.name(), s.reason())).toList();
        List<String> notes = new ArrayList<>();
        if (csv.idsDerived()) {
            notes.add("This export has no track id column (" + csv.layout().description() + "): its songs are kept under ids derived from "
                    + "name, artists and album. Importing the file again finds the same songs, but no feature source can look them up, "
                    + "so only songs whose features are in the file are imported.");
        }
        return importSongs(playlistId, name, PlaylistSource.EXPORTIFY_CSV, "exportify", csv.layout().description(), csv.idsDerived(),
                songs, skipped, notes, appFeatures.get());
    }

    /**
     * Imports songs a source delivered.
     *
     * @param skippedBySource songs the source already could not use (local files, episodes, bad rows)
     * @param spotifyFeatures Spotify's /audio-features for this import, where the app may ask
     */
    public Imported importSongs(String playlistId, String name, PlaylistSource source, String sourceRef, String layout, boolean idsDerived,
                                List<IncomingSong> songs, List<SkippedSong> skippedBySource, List<String> sourceNotes,
                                Optional<SpotifyFeatures> spotifyFeatures) {
        List<SkippedSong> skipped = new ArrayList<>(skippedBySource);
        List<String> notes = new ArrayList<>(sourceNotes);
        // one entry per track, first position wins; a track listed twice is counted as a duplicate
        Map<String, IncomingSong> unique = new LinkedHashMap<>();
        int duplicates = 0;
        for (IncomingSong s : songs) {
            if (unique.putIfAbsent(s.id(), s) != null) {
                duplicates++;
            }
        }
        if (unique.isEmpty()) {
            throw new VibeException.InvalidInput("The playlist '" + name + "' has no songs" + (skipped.isEmpty() ? "" : " Vibe can use")
                    + "; nothing was stored. Export a playlist that has songs.", errors(skipped));
        }

        FeatureFinder.Found found = finder.complete(List.copyOf(unique.values()), spotifyFeatures);
        skipped.addAll(found.skipped());
        notes.addAll(found.notes());
        if (found.songs().isEmpty()) {
            throw new VibeException.InvalidInput("No song of the playlist '" + name + "' has audio features, and no source could give them; "
                    + "nothing was stored. " + String.join(" ", notes) + (notes.isEmpty() ? "" : " ")
                    + "Export the playlist with exportify.net (its CSV carries the features), or load a feature catalogue "
                    + "(POST /api/v1/catalogue) first.", errors(skipped));
        }

        List<SongData> data = found.songs().stream().map(PlaylistImportService::songData).toList();
        PlaylistStore.Stored stored = store.store(playlistId, name, source, sourceRef, data);
        meters.counter("vibe.import.songs", "source", source.name()).increment(data.size());
        skipped.sort(Comparator.comparing((SkippedSong s) -> s.line() != null ? s.line() : s.position() != null ? s.position() : 0));
        ImportReport report = new ImportReport(playlistId, name, source, layout, idsDerived, stored.revision(), stored.membershipChanged(),
                data.size(), stored.created(), stored.updated(), stored.unchanged(), found.sources(), duplicates, skipped.size(),
                List.copyOf(skipped.subList(0, Math.min(MAX_LISTED, skipped.size()))), List.copyOf(notes));
        return new Imported(report, stored.newPlaylist());
    }

    private static SongData songData(Completed c) {
        AudioFeatures f = c.features();
        return new SongData(c.song().id(), c.name(), c.artists(), c.song().album(), f, c.source());
    }

    /** Spotify's /audio-features with the service's own app credentials, when they are configured. */
    private static Optional<SpotifyFeatures> configuredAppFeatures(SpotifyWebApi spotify) {
        return spotify.configuredCredentials().map(credentials -> new SpotifyFeatures() {
            @Override
            public String appId() {
                return credentials.clientId();
            }

            @Override
            public Map<String, AudioFeatures> features(List<String> ids) throws SpotifyWebApi.FeaturesForbidden {
                SpotifyApi api = spotify.withClientCredentials(credentials);
                return spotify.audioFeatures(api, ids);
            }
        });
    }

    /** A playlist id for an imported CSV: the name in lower case, words joined by '-'. */
    public static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.isEmpty()) {
            throw new VibeException.InvalidInput("The playlist name '" + name + "' needs at least one letter or digit.",
                    List.of(new Problem.FieldError("name", "must contain a letter or digit")));
        }
        return slug.length() <= 100 ? slug : slug.substring(0, 100);
    }

    private static List<Problem.FieldError> errors(List<SkippedSong> skipped) {
        return skipped.stream().limit(50).map(s -> new Problem.FieldError(
                (s.line() != null ? "line " + s.line() : s.position() != null ? "position " + s.position() : s.trackId())
                        + (s.field() == null ? "" : " " + s.field()), (s.name() == null || s.name().isBlank() ? "" : "'" + s.name() + "': ") + s.reason()))
                .toList();
    }
}
