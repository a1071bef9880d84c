-- Up Migration
-- Records deleted in Salesforce (the inbound poll reads them through queryAll: IsDeleted, and
-- MasterRecordId for an account merged away). Salesforce owns whether its records exist; Roster
-- owns coverage. So:
-- * an opportunity deleted in Salesforce leaves Roster's open pipeline — closed as lost, as a
--   merged duplicate is (not stamped, not in workload or open totals, no credit) — and keeps when
--   it was deleted, so the trail says why and an undelete in Salesforce reopens it;
-- * an account deleted in Salesforce (or merged into another: salesforce_master_id) keeps its
--   coverage and is listed for a person on Admin → Salesforce: moving its book to the surviving
--   account is a coverage decision, which Roster does not take silently.
-- Both are cleared when Salesforce restores the record. Changes are audited as source 'salesforce'.
ALTER TABLE opportunities ADD COLUMN deleted_in_salesforce_at timestamptz;
ALTER TABLE accounts ADD COLUMN deleted_in_salesforce_at timestamptz, ADD COLUMN salesforce_master_id text;
CREATE INDEX opportunities_deleted_in_salesforce_idx ON opportunities (external_id) WHERE deleted_in_salesforce_at IS NOT NULL;
CREATE INDEX accounts_deleted_in_salesforce_idx ON accounts (deleted_in_salesforce_at, id) WHERE deleted_in_salesforce_at IS NOT NULL;
