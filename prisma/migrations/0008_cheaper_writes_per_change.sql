-- Up Migration
-- A 100,000-row import writes 300,000 audit entries, 200,000 holders and 100,000 version bumps;
-- each write also goes into every index of its table.
--
-- 1. Two audit indexes serve no query: the trail is read by entity (history, the audit API), by
--    batch (history's "also changed") and by team field (the workload trend), never by time or by
--    actor alone. A reader that needs them later brings its own index.
DROP INDEX audit_entries_at_idx;
DROP INDEX audit_entries_actor_idx;
-- 2. The assignments import resolves its staged cells into a temporary table of its transaction
--    (kinds/assignments.ts): these columns are no longer written or read.
ALTER TABLE import_assignment_rows DROP COLUMN account_id, DROP COLUMN user_id;

-- Down Migration
ALTER TABLE import_assignment_rows ADD COLUMN account_id uuid, ADD COLUMN user_id uuid;
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, id DESC);
CREATE INDEX audit_entries_at_idx ON audit_entries (at);
