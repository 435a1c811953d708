-- The trainer's replica of the loaded feature catalogues, fed by the vibe-catalogue topic: background songs a vibe
-- learns from (songs on none of its playlists), never read from ingest's tables. One row per catalogue and track, of
-- the newest load of each catalogue only: a catalogue loaded again replaces its songs.
create table catalogue_load (
    catalogue  varchar(200) primary key,
    loaded_at  timestamptz  not null
);

create table catalogue_song (
    catalogue  varchar(200) not null references catalogue_load (catalogue) on delete cascade,
    track_id   varchar(64)  not null,
    loaded_at  timestamptz  not null,
    name       text         not null default '',
    features   jsonb        not null,
    primary key (catalogue, track_id)
);
