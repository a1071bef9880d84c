-- Up Migration
-- Bulk loads: what an import job needs beyond its counts, and the staging tables its rows are
-- COPYed into so that validation and merging are a handful of set-based statements.

ALTER TABLE import_jobs
  -- Where a running job is: parse, stage, validate, apply, done. The progress bar reads it.
  ADD COLUMN phase text NOT NULL DEFAULT 'queued'
    CHECK (phase IN ('queued', 'parse', 'stage', 'validate', 'apply', 'done')),
  -- The column mapping the caller asked for (null: recognise the headers), and the one applied.
  ADD COLUMN mapping jsonb,
  ADD COLUMN columns jsonb NOT NULL DEFAULT '[]',
  -- Row by row what the import does (or would do), the first rows only; the counts cover them all.
  ADD COLUMN preview jsonb NOT NULL DEFAULT '[]',
  -- `errors` lists the first ones; this is how many there were.
  ADD COLUMN error_count integer NOT NULL DEFAULT 0,
  -- An apply started from a clean dry run names it: same file, same mapping.
  ADD COLUMN source_import_id uuid;

-- Staging. UNLOGGED: rows live for one import (and are rebuilt from import_jobs.content after a
-- crash), so there is no point writing them to the WAL. Not TEMP: the COPY runs on its own
-- connection and the transaction that validates and merges runs on another.
CREATE UNLOGGED TABLE import_account_rows (
  import_id       uuid NOT NULL,
  row_no          integer NOT NULL,
  external_id     text,
  name            text,
  parent_ref      text,
  segment         text,
  region          text,
  arr             numeric(18, 2),
  csm_inheritance csm_inheritance,
  account_id      uuid,
  parent_id       uuid,
  PRIMARY KEY (import_id, row_no)
);

CREATE UNLOGGED TABLE import_opportunity_rows (
  import_id      uuid NOT NULL,
  row_no         integer NOT NULL,
  external_id    text,
  account_ref    text,
  name           text,
  stage          opportunity_stage,
  amount         numeric(18, 2),
  close_date     date,
  account_id     uuid,
  opportunity_id uuid,
  PRIMARY KEY (import_id, row_no)
);

-- One row per filled cell (row, role); a row with no filled cell is staged once with role_key ''
-- so its account is still checked.
CREATE UNLOGGED TABLE import_assignment_rows (
  import_id    uuid NOT NULL,
  row_no       integer NOT NULL,
  role_key     text NOT NULL,
  account_ref  text,
  holder_email text,
  holder_name  text,
  account_id   uuid,
  user_id      uuid,
  PRIMARY KEY (import_id, row_no, role_key)
);

-- Down Migration
DROP TABLE import_assignment_rows, import_opportunity_rows, import_account_rows;
ALTER TABLE import_jobs DROP COLUMN source_import_id, DROP COLUMN error_count, DROP COLUMN preview,
  DROP COLUMN columns, DROP COLUMN mapping, DROP COLUMN phase;
