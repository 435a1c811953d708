package dev.vibe.outbox;

import dev.vibe.common.json.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Appends events to the outbox inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    /** Fired for each appended event; observed after the transaction commits, to publish without waiting for the next tick. */
    public record Appended(String topic) {
    }

    private final Event<Appended> appended;

    public Outbox(Event<Appended> appended) {
        this.appended = appended;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, Object event) {
        OutboxEvent e = new OutboxEvent();
        e.topic = topic;
        e.eventKey = key;
        e.payload = EventJson.write(event);
        e.createdAt = Instant.now();
        e.persist();
        appended.fire(new Appended(topic));
    }

    /** How many events wait to be published (a gauge and the readiness detail). */
    @Transactional
    public long pending() {
        return OutboxEvent.count("publishedAt is null");
    }
}
