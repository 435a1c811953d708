-- Ingest owns the catalogue: tracks with their audio features, playlists and who is on which playlist,
-- the vibes users asked to learn, and the outbox of events still to publish to Kafka.

create table track (
    id          varchar(64)  primary key,           -- Spotify track id (22 chars base62)
    name        text         not null default '',
    artists     text         not null default '',   -- '; '-separated, as Exportify writes them
    album       text         not null default '',
    features    jsonb        not null,              -- feature name -> value, see common FeatureSchema
    source      varchar(32)  not null,              -- common FeatureSource
    version     bigint       not null,              -- +1 each time the features change
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

create table outbox_event (
    id            bigserial    primary key,         -- publication order
    topic         varchar(128) not null,
    event_key     varchar(128) not null,
    payload       bytea        not null,             -- the event's JSON, exactly as published
    created_at    timestamptz  not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;
