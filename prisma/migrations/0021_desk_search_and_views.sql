-- Up Migration
-- The desk (issue 21): a command palette that finds accounts, opportunities and people by name or
-- CRM id from anywhere, and saved views of the accounts and opportunities tables.

-- The palette matches what a person types against the start of a name first (case-insensitively):
-- a range of these btrees, read in order, so the first few rows come back at once at 100k accounts
-- and 2M opportunities. The "C" collation makes LIKE 'prefix%' an index range whatever the
-- database's collation, and lets ORDER BY walk the same index (text_pattern_ops would serve the
-- LIKE but not the ORDER BY, so every match would be sorted first).
CREATE INDEX accounts_name_lower_prefix_idx ON accounts ((lower(name) COLLATE "C"), id);
CREATE INDEX opportunities_name_lower_prefix_idx ON opportunities ((lower(name) COLLATE "C"), id);
-- A word inside a name ("harbor" in "Blue Harbor Logistics") needs trigrams; opportunities have had
-- theirs since migration 0002 (ILIKE is case-insensitive by itself). The accounts table's search
-- box (ILIKE '%…%') is served by this one too.
CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (name gin_trgm_ops);

-- A named state of a table (filters, sort, columns) as the query string the table keeps in its URL.
-- Private to its owner, or shared with everyone; only the owner changes it.
CREATE TABLE saved_views (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id    uuid NOT NULL REFERENCES users(id),
  table_key   text NOT NULL CHECK (table_key IN ('accounts', 'opportunities')),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 80),
  query       text NOT NULL CHECK (length(query) <= 2000),
  shared      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One name per person and table, whatever its case; the list reads a person's own views by this.
CREATE UNIQUE INDEX saved_views_owner_name_key ON saved_views (owner_id, table_key, lower(name));
CREATE INDEX saved_views_shared_idx ON saved_views (table_key, lower(name)) WHERE shared;

-- Each person's default view per table: opening the table without parameters applies it. A row of
-- its own, since the default may be someone else's shared view; deleting the view clears it.
CREATE TABLE saved_view_defaults (
  user_id    uuid NOT NULL REFERENCES users(id),
  table_key  text NOT NULL CHECK (table_key IN ('accounts', 'opportunities')),
  view_id    uuid NOT NULL REFERENCES saved_views(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, table_key)
);
CREATE INDEX saved_view_defaults_view_idx ON saved_view_defaults (view_id);

-- Down Migration
DROP TABLE saved_view_defaults;
DROP TABLE saved_views;
DROP INDEX accounts_name_trgm_idx;
DROP INDEX opportunities_name_lower_prefix_idx;
DROP INDEX accounts_name_lower_prefix_idx;
