-- The trainer's replica of every track's audio features, fed by the vibe-features topic.
-- One row per track at its highest version seen: redelivered or older records change nothing.
create table track_features (
    track_id     varchar(64)  primary key,
    version      bigint       not null,
    name         text         not null default '',
    artists      text         not null default '',
    features     jsonb        not null,
    source       varchar(32)  not null,
    received_at  timestamptz  not null default now()
);
