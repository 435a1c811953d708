-- The model registry: every trained model of every vibe. Written only by the trainer; the scoring service
-- reads it (read-only) to load ONNX sessions. Rows are never updated: a new model is a new version.
create table model (
    vibe_id          varchar(64)  not null,
    version          integer      not null,
    request_id       varchar(64)  not null unique,   -- one model per training request (idempotency)
    onnx             bytea        not null,
    checksum_sha256  char(64)     not null,          -- hex SHA-256 of onnx
    feature_schema   integer      not null,          -- common FeatureSchema.VERSION
    playlist_ids     jsonb        not null,          -- output column i is playlist i
    playlist_names   jsonb        not null,
    metrics          jsonb        not null default '{}'::jsonb,  -- the evaluation report (network and baselines)
    songs            jsonb        not null default '[]'::jsonb,  -- training songs: id, name, playlists, raw features
                                                                 -- (for "nearest songs" explanations and profiles)
    created_at       timestamptz  not null default now(),
    primary key (vibe_id, version)
);
