-- One database login per service, each owning its own schema and nothing else: ingest cannot read the trainer's
-- tables, the trainer cannot read ingest's, and the scoring service has no database login at all (it gets models
-- from the trainer's API and events). Idempotent: run it as the database owner on every start.
-- Used by ./vibe up and the tests (local-stack), docker-compose.yml (postgres init) and deploy/kubernetes (a Job).
-- Passwords are set by the platform afterwards (ALTER ROLE ... PASSWORD), never stored here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vibe_ingest') THEN
        CREATE ROLE vibe_ingest LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vibe_trainer') THEN
        CREATE ROLE vibe_trainer LOGIN;
    END IF;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO vibe_ingest, vibe_trainer', current_database());
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS ingest AUTHORIZATION vibe_ingest;
CREATE SCHEMA IF NOT EXISTS trainer AUTHORIZATION vibe_trainer;
ALTER SCHEMA ingest OWNER TO vibe_ingest;
ALTER SCHEMA trainer OWNER TO vibe_trainer;
REVOKE ALL ON SCHEMA ingest FROM PUBLIC;
REVOKE ALL ON SCHEMA trainer FROM PUBLIC;

-- Tables made before the services had logins of their own (older local stacks) move to their owner.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('ingest', 'trainer') AND c.relkind IN ('r', 'S', 'v', 'p')
               AND pg_get_userbyid(c.relowner) <> 'vibe_' || n.nspname
               -- a serial or identity column's sequence moves with its table (and cannot be moved on its own)
               AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                                     AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
    LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                       CASE r.kind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
                       r.schema, r.name, 'vibe_' || r.schema);
    END LOOP;
END
$$;
