package dev.vibe.ingest.service;

import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.ingest.client.ReccoBeatsClient;
import dev.vibe.ingest.client.SpotifyWebApi;
import dev.vibe.ingest.config.FeatureSourcesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completes the features of an import's songs. A song that carries all it needs keeps them; the others are looked
 * up in this order: the features Vibe already stores, the feature catalogue, Spotify's /audio-features (only for an
 * app that may still use it: a 403 is remembered for a day), and ReccoBeats (the export's duration with ReccoBeats'
 * 11 features; no time signature). Outside services get one time budget per import. Every song records its source,
 * and what is still missing afterwards is listed with the reason.
 */
@ApplicationScoped
public class FeatureFinder {

    /** Report keys of the sources, in the order they are asked. */
    public static final List<String> ORIGINS = List.of("export", "stored", "catalogue", "spotify", "reccobeats");
    static final Duration REMEMBER_FORBIDDEN = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(FeatureFinder.class);

    private final StoredLookup stored;
    private final CatalogueLookup catalogue;
    /** Null when ReccoBeats is switched off. */
    private final ReccoBeatsLookup reccoBeats;
    private final Duration timeBudget;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Spotify apps (client ids) that got 403 on /audio-features, and until when not to ask again. */
    private final Map<String, Instant> spotifyRefused = new ConcurrentHashMap<>();

    @Inject
    public FeatureFinder(TrackService tracks, CatalogueService catalogue, FeatureSourcesConfig config, MeterRegistry meters) {
        this(tracks::storedFeatures, catalogue::lookup, reccoBeats(config.reccobeats()), config.timeBudget(), meters, Clock.systemUTC());
    }

    /**
     * @param reccoBeats ReccoBeats' audio features, or null when it is switched off
     * @param timeBudget how long one import may spend asking outside services
     */
    FeatureFinder(StoredLookup stored, CatalogueLookup catalogue, ReccoBeatsLookup reccoBeats, Duration timeBudget, MeterRegistry meters,
                  Clock clock) {
        this.stored = stored;
        this.catalogue = catalogue;
        this.reccoBeats = reccoBeats;
        this.timeBudget = timeBudget;
        this.meters = meters;
        this.clock = clock;
    }

    private static ReccoBeatsLookup reccoBeats(FeatureSourcesConfig.ReccoBeats r) {
        return r.enabled() ? new ReccoBeatsClient(r.url(), r.batchSize(), r.maxRetryAfter(), r.requestTimeout())::features : null;
    }

    /** The features Vibe stores, of those of the given tracks it knows: {@link TrackService#storedFeatures}. */
    @FunctionalInterface
    interface StoredLookup {
        Map<String, TrackService.StoredFeatures> storedFeatures(List<String> ids);
    }

    /** The catalogue's rows of those of the given tracks it has: {@link CatalogueService#lookup}. */
    @FunctionalInterface
    interface CatalogueLookup {
        Map<String, CatalogueService.CatalogueEntry> lookup(List<String> ids);
    }

    /** ReccoBeats' features of Spotify track ids, asked for until a deadline: {@link ReccoBeatsClient#features}. */
    @FunctionalInterface
    interface ReccoBeatsLookup {
        ReccoBeatsClient.Answer features(List<String> ids, Instant deadline);
    }

    /** Spotify's /audio-features for one import, with the app (client id) it asks as. */
    public interface SpotifyFeatures {
        String appId();

        Map<String, AudioFeatures> features(List<String> ids) throws SpotifyWebApi.FeaturesForbidden;
    }

    /** A song whose features are complete, and where they came from. */
    public record Completed(IncomingSong song, String name, List<String> artists, AudioFeatures features, FeatureSource source, String origin) {
    }

    /**
     * The outcome: songs in input order, songs left out, songs per source ({@link #ORIGINS}), and notes for the
     * listener about sources that refused or were switched off.
     */
    public record Found(List<Completed> songs, List<SkippedSong> skipped, Map<String, Integer> sources, List<String> notes) {
    }

    public Found complete(List<IncomingSong> songs, Optional<SpotifyFeatures> spotify) {
        Instant deadline = clock.instant().plus(timeBudget);
        Map<String, Completed> done = new LinkedHashMap<>();
        Map<String, IncomingSong> open = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (IncomingSong s : songs) {
            Optional<AudioFeatures> own = s.features().complete();
            if (own.isPresent()) {
                done.put(s.id(), new Completed(s, s.name(), s.artists(), own.get(), s.source(), "export"));
            } else {
                open.put(s.id(), s);
            }
        }

        if (!open.isEmpty()) {
            stored.storedFeatures(List.copyOf(open.keySet())).forEach((id, known) -> {
                IncomingSong s = open.remove(id);
                done.put(id, new Completed(s, s.name(), s.artists(), known.features(), known.source(), "stored"));
            });
        }
        if (!open.isEmpty()) {
            catalogue.lookup(List.copyOf(open.keySet())).forEach((id, c) -> {
                IncomingSong s = open.remove(id);
                String name = s.name().isBlank() ? c.name() : s.name();
                List<String> artists = s.artists().isEmpty() && !c.artists().isBlank() ? List.of(c.artists().split("; ")) : s.artists();
                done.put(id, new Completed(s, name, artists, c.features(), FeatureSource.CATALOGUE, "catalogue"));
            });
        }
        if (!open.isEmpty() && spotify.isPresent()) {
            askSpotify(spotify.get(), open, done, notes);
        }
        if (!open.isEmpty()) {
            askReccoBeats(open, done, reasons, notes, deadline);
        }
        List<SkippedSong> skipped = new ArrayList<>();
        for (IncomingSong s : open.values()) {
            skipped.add(s.skip(null, reasons.getOrDefault(s.id(), notFound())));
        }

        Map<String, Integer> sources = new LinkedHashMap<>();
        ORIGINS.forEach(o -> sources.put(o, 0));
        List<Completed> ordered = new ArrayList<>();
        for (IncomingSong s : songs) {
            Completed c = done.get(s.id());
            if (c != null && c.song() == s) {
                ordered.add(c);
                sources.merge(c.origin(), 1, Integer::sum);
            }
        }
        sources.forEach((origin, n) -> meters.counter("vibe.import.features", "source", origin).increment(n));
        return new Found(ordered, skipped, sources, notes);
    }

    private void askSpotify(SpotifyFeatures spotify, Map<String, IncomingSong> open, Map<String, Completed> done, List<String> notes) {
        Instant refusedUntil = spotifyRefused.get(spotify.appId());
        if (refusedUntil != null && clock.instant().isBefore(refusedUntil)) {
            return; // asked before: it answers 403 to this app
        }
        List<String> ids = open.values().stream().filter(s -> !s.derivedId()).map(IncomingSong::id).toList();
        try {
            spotify.features(ids).forEach((id, f) -> {
                IncomingSong s = open.remove(id);
                if (s != null) {
                    done.put(id, new Completed(s, s.name(), s.artists(), f, FeatureSource.SPOTIFY_API, "spotify"));
                }
            });
        } catch (SpotifyWebApi.FeaturesForbidden e) {
            spotifyRefused.put(spotify.appId(), clock.instant().plus(REMEMBER_FORBIDDEN));
            LOG.info("Spotify answered 403 to /audio-features for this app; not asking it again for a day");
            notes.add("Spotify refuses audio features to this app (HTTP 403: apps created after 2024-11-27 get none); "
                    + "Vibe will not ask it again for a day.");
        } catch (VibeException e) {
            // a failed lookup is not a failed import: the next source may have the songs
            LOG.warnf("Spotify could not be asked for audio features: %s", e.getMessage());
            notes.add("Spotify could not be asked for audio features: " + e.getMessage());
        }
    }

    private void askReccoBeats(Map<String, IncomingSong> open, Map<String, Completed> done, Map<String, String> reasons, List<String> notes,
                               Instant deadline) {
        if (reccoBeats == null) {
            notes.add("ReccoBeats is switched off (vibe.features.reccobeats.enabled=false), so songs without features in the export "
                    + "could only be filled from stored songs and the catalogue.");
            return;
        }
        List<String> ids = open.values().stream().filter(s -> !s.derivedId()).map(IncomingSong::id).toList();
        if (ids.isEmpty()) {
            return;
        }
        ReccoBeatsClient.Answer answer = reccoBeats.features(ids, deadline);
        answer.found().forEach((id, recco) -> {
            IncomingSong s = open.get(id);
            FeatureValues merged = s.features().orElse(recco);
            Optional<AudioFeatures> complete = merged.complete();
            if (complete.isPresent()) {
                open.remove(id);
                done.put(id, new Completed(s, s.name(), s.artists(), complete.get(), FeatureSource.RECCOBEATS, "reccobeats"));
            } else {
                reasons.put(id, "ReccoBeats has its features but not its duration, and the export has none"
                        + (merged.missingRequired().contains(Feature.DURATION_MS) ? "" : " of " + merged.missingRequired()));
            }
        });
        answer.unusable().forEach(reasons::put);
        answer.unknown().forEach(id -> reasons.put(id, notFound() + ", and ReccoBeats does not know it"));
        if (answer.problem() != null) {
            String why = "ReccoBeats could not be asked: " + answer.problem();
            answer.unanswered().forEach(id -> reasons.put(id, "no audio features yet: " + why + "; import the playlist again later to fill it"));
            notes.add(why + "; " + answer.unanswered().size() + " songs are left without features for now.");
        }
    }

    private static String notFound() {
        return "no audio features: the export has none for it, Vibe has not stored it and the catalogue does not have it";
    }
}
