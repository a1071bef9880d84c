-- Up Migration
-- Imports people can finish (issue 21): beside all or nothing, an explicit choice to apply the
-- valid rows and skip the bad ones. The job keeps the choice, so an apply started from a dry run
-- that needs fixes says so, and how many rows it found bad (a dry run) or skipped (an apply):
-- rows, not errors, since a row can have several.
ALTER TABLE import_jobs
  ADD COLUMN skip_invalid_rows boolean NOT NULL DEFAULT false,
  ADD COLUMN invalid_rows integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE import_jobs DROP COLUMN invalid_rows, DROP COLUMN skip_invalid_rows;
