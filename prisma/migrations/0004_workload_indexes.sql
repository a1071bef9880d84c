-- Up Migration
-- Workload charts at 100k accounts and 2M opportunities, each in < 400 ms:
-- * each rep's open opportunities and open pipeline, by CSM or primary SA, become index-only scans
--   (the open partial indexes now carry amount, and account_id for the segment/region filters);
-- * "open, not merged" as a set of ids, merge-joined with an SA's supporting opportunities;
-- * the trend replays each account's team assignments from the audit trail in index order,
--   without sorting every entry of the trail.
DROP INDEX opportunities_open_csm_idx;
CREATE INDEX opportunities_open_csm_idx ON opportunities (csm_id) INCLUDE (amount, account_id)
  WHERE NOT is_closed AND merged_into_id IS NULL;
DROP INDEX opportunities_open_primary_sa_idx;
CREATE INDEX opportunities_open_primary_sa_idx ON opportunities (primary_sa_id) INCLUDE (amount, account_id)
  WHERE NOT is_closed AND merged_into_id IS NULL;
CREATE INDEX opportunities_open_id_idx ON opportunities (id) WHERE NOT is_closed AND merged_into_id IS NULL;
CREATE INDEX audit_entries_account_team_idx ON audit_entries (field, entity_id, at, id) INCLUDE (to_value)
  WHERE entity_type = 'account' AND field LIKE 'team.%';

-- Down Migration
DROP INDEX audit_entries_account_team_idx;
DROP INDEX opportunities_open_id_idx;
DROP INDEX opportunities_open_primary_sa_idx;
CREATE INDEX opportunities_open_primary_sa_idx ON opportunities (primary_sa_id) WHERE NOT is_closed AND merged_into_id IS NULL;
DROP INDEX opportunities_open_csm_idx;
CREATE INDEX opportunities_open_csm_idx ON opportunities (csm_id) WHERE NOT is_closed AND merged_into_id IS NULL;
