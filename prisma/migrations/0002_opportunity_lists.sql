-- Up Migration
-- The opportunity lists at 2M rows: `GET /opportunities` pages newest first on (created_at, id),
-- and the UI's search box matches any part of a name, which only a trigram index can serve.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX opportunities_created_id_idx ON opportunities (created_at DESC, id DESC);
CREATE INDEX opportunities_name_trgm_idx ON opportunities USING gin (name gin_trgm_ops);
-- Overrides are the exception: the "overridden" filter, and stamping's count of the ones it
-- skipped, read just these rows.
CREATE INDEX opportunities_overridden_idx ON opportunities (account_id) WHERE csm_overridden;

-- Down Migration
DROP INDEX opportunities_overridden_idx;
DROP INDEX opportunities_name_trgm_idx;
DROP INDEX opportunities_created_id_idx;
