-- The trainer's outbox: a model's "model ready" announcement (and a training's FAILED status) are written in the same
-- transaction as the model or the failure, and published to Kafka afterwards: no stored model is ever left unannounced.
create table outbox_event (
    id            bigserial    primary key,         -- publication order
    topic         varchar(128) not null,
    event_key     varchar(128) not null,
    payload       bytea        not null,             -- the event's JSON, exactly as published
    created_at    timestamptz  not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;
