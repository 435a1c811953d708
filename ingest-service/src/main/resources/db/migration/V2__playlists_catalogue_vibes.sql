-- Playlists as imported, and which tracks are on them (a track may be on many playlists).
create table playlist (
    id              varchar(128) primary key,     -- Spotify playlist id, or a slug of the name for CSV imports
    name            text         not null,
    source          varchar(32)  not null,        -- EXPORTIFY_CSV | SPOTIFY_API
    source_ref      text         not null default '',
    content_sha256  char(64)     not null,        -- of the ordered track ids: an identical re-import changes nothing
    revision        integer      not null,        -- +1 each time the membership changes
    track_count     integer      not null,
    imported_at     timestamptz  not null
);

create table playlist_track (
    playlist_id  varchar(128) not null references playlist (id) on delete cascade,
    track_id     varchar(64)  not null references track (id),
    position     integer      not null,
    primary key (playlist_id, track_id)
);
create index playlist_track_by_track on playlist_track (track_id);

-- A feature catalogue: features looked up by track id for songs whose source has none.
create table catalogue_track (
    track_id   varchar(64)  primary key,
    name       text         not null default '',
    artists    text         not null default '',
    album      text         not null default '',
    features   jsonb        not null,
    catalogue  varchar(128) not null,
    loaded_at  timestamptz  not null default now()
);

-- Vibes users asked to learn, and their training state (fed back by the trainer's events).
create table vibe (
    id             varchar(64)  primary key,
    name           text         not null,
    status         varchar(16)  not null,        -- PENDING | TRAINING | READY | FAILED
    request_id     varchar(64)  not null unique, -- the current training request
    model_version  integer,
    metrics        jsonb,
    message        text         not null default '',
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null
);

create table vibe_playlist (
    vibe_id      varchar(64)  not null references vibe (id) on delete cascade,
    position     integer      not null,          -- model output column
    playlist_id  varchar(128) not null references playlist (id),
    primary key (vibe_id, position)
);
