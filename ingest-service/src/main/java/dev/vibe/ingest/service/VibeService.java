package dev.vibe.ingest.service;

import dev.vibe.outbox.Outbox;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.events.TrainingStatus.State;
import dev.vibe.common.problem.DisplayNames;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.ingest.domain.Playlist;
import dev.vibe.ingest.domain.Vibe;
import dev.vibe.ingest.domain.VibePlaylist;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * "Learn this vibe": validates the playlists, stores the vibe and publishes a training request (outbox, same
 * transaction); then follows the trainer's status and model events.
 */
@ApplicationScoped
public class VibeService {

    /** How many playlists one vibe may have (model outputs). */
    public static final int MAX_PLAYLISTS = 32;
    private static final Logger LOG = Logger.getLogger(VibeService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final Outbox outbox;

    public VibeService(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Creates a vibe over the given playlists (in model-output order) and requests its training.
     *
     * @param playlistIds 2 to {@link #MAX_PLAYLISTS} ids, none blank (checked where the request is read: VibeResource.LearnRequest)
     * @throws VibeException.InvalidInput naming each unknown, repeated or missing playlist id
     */
    @Transactional
    public Vibe learn(List<String> playlistIds, String name) {
        name = DisplayNames.optional("name", name);
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Playlist> playlists = new ArrayList<>();
        for (int i = 0; i < playlistIds.size(); i++) {
            String id = playlistIds.get(i);
            String field = "playlistIds[" + i + "]";
            if (!seen.add(id)) {
                errors.add(new Problem.FieldError(field, "'" + id + "' is listed twice"));
            } else {
                Playlist p = Playlist.findById(id);
                if (p == null) {
                    errors.add(new Problem.FieldError(field, "no playlist '" + id + "': import it first (GET /api/v1/playlists lists the ids)"));
                } else {
                    playlists.add(p);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new VibeException.InvalidInput("Some playlist ids are not usable; see errors.", errors);
        }

        Instant now = Instant.now();
        Vibe vibe = new Vibe();
        vibe.id = newId();
        vibe.name = name == null || name.isBlank() ? String.join(" / ", playlists.stream().map(p -> p.name).toList()) : name.strip();
        vibe.status = State.PENDING;
        vibe.requestId = UUID.randomUUID().toString();
        vibe.createdAt = now;
        vibe.updatedAt = now;
        vibe.persist();
        List<TrainingRequest.PlaylistSnapshot> snapshot = new ArrayList<>();
        for (int i = 0; i < playlists.size(); i++) {
            Playlist p = playlists.get(i);
            VibePlaylist vp = new VibePlaylist();
            vp.vibeId = vibe.id;
            vp.position = i;
            vp.playlistId = p.id;
            vp.persist();
            snapshot.add(new TrainingRequest.PlaylistSnapshot(p.id, p.name, p.trackIds()));
        }
        outbox.append(Topics.TRAINING_REQUESTS, vibe.id, new TrainingRequest(vibe.requestId, vibe.id, snapshot, now));
        return vibe;
    }

    @Transactional
    public Optional<Vibe> find(String id) {
        return Vibe.findByIdOptional(id);
    }

    @Transactional
    public Vibe require(String id) {
        return find(id).orElseThrow(() -> new VibeException.NotFound("No vibe '" + id + "'. GET /api/v1/vibes lists the vibes."));
    }

    @Transactional
    public List<Vibe> list() {
        return Vibe.list("order by createdAt desc");
    }

    /** Applies a trainer progress event to the vibe it belongs to, if it is about the vibe's current request. */
    @Transactional
    public boolean onTrainingStatus(TrainingStatus event) {
        Vibe vibe = Vibe.findById(event.vibeId());
        if (vibe == null || !vibe.requestId.equals(event.requestId())) {
            return false; // unknown vibe or an older request
        }
        if (vibe.status == State.READY || (vibe.status == State.FAILED && event.state() != State.FAILED)) {
            return false; // final for this request; a late TRAINING must not undo READY
        }
        vibe.status = event.state();
        vibe.message = event.message() == null ? "" : event.message();
        vibe.updatedAt = Instant.now();
        return true;
    }

    /** A model of the vibe is ready: the vibe is READY with that model version, unless it already has a newer one. */
    @Transactional
    public boolean onModelReady(ModelReady event) {
        Vibe vibe = Vibe.findById(event.vibeId());
        if (vibe == null) {
            LOG.warnf("model ready for unknown vibe %s (ignored)", event.vibeId());
            return false;
        }
        if (vibe.modelVersion != null && vibe.modelVersion >= event.modelVersion()) {
            return false;
        }
        vibe.modelVersion = event.modelVersion();
        vibe.metrics = event.metrics();
        if (vibe.requestId.equals(event.requestId())) {
            vibe.status = State.READY;
            vibe.message = "";
        }
        vibe.updatedAt = Instant.now();
        return true;
    }

    private static String newId() {
        StringBuilder sb = new StringBuilder("v");
        for (int i = 0; i < 11; i++) {
            sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }
}
