-- Up Migration
-- Stamping rewrites every open opportunity of an account (10,000 and more for a whale). PostgreSQL
-- can do such an update "HOT" — in place on the row's page, writing no index entry at all — only
-- when no indexed column changes and the page has room. csm_id sat in two indexes, so each stamped
-- row wrote a new entry into every one of the table's 17 indexes: most of a stamp's time.
--
-- Now no index reads csm_id. An open opportunity that follows its account carries that account's
-- CSM (the stamping invariant, checked by reconcile), so "whose is it" is answered through the
-- account's assignment. Only a CSM that no longer follows the account — locked by closing, or
-- overridden — is indexed, as pinned_csm_id, a column PostgreSQL derives and which a stamp never
-- changes (it stays NULL). Pages keep 15% free so the new row version fits beside the old one.
ALTER TABLE opportunities SET (fillfactor = 85);
-- Rewrites the table once (under the new fillfactor).
ALTER TABLE opportunities ADD COLUMN pinned_csm_id uuid
  GENERATED ALWAYS AS (CASE WHEN stage IN ('closed_won', 'closed_lost') OR csm_overridden THEN csm_id END) STORED;
DROP INDEX opportunities_csm_idx;
DROP INDEX opportunities_open_csm_idx;
CREATE INDEX opportunities_pinned_csm_idx ON opportunities (pinned_csm_id, id) WHERE pinned_csm_id IS NOT NULL;

-- Down Migration
DROP INDEX opportunities_pinned_csm_idx;
CREATE INDEX opportunities_open_csm_idx ON opportunities (csm_id) INCLUDE (amount, account_id)
  WHERE NOT is_closed AND merged_into_id IS NULL;
CREATE INDEX opportunities_csm_idx ON opportunities (csm_id, id);
ALTER TABLE opportunities DROP COLUMN pinned_csm_id;
ALTER TABLE opportunities RESET (fillfactor);
