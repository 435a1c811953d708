#!/bin/sh
# Sets the services' database passwords from the environment. docker compose's postgres runs it once, on its first
# start, right after service-roles.sql (docker-entrypoint-initdb.d, in name order).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v ingest="$INGEST_DB_PASSWORD" -v trainer="$TRAINER_DB_PASSWORD" <<'SQL'
ALTER ROLE vibe_ingest PASSWORD :'ingest';
ALTER ROLE vibe_trainer PASSWORD :'trainer';
SQL
