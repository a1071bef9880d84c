-- Up Migration
-- Two-way Salesforce sync (issue 16). Roster owns coverage (role holders on accounts, an
-- opportunity's CSM and primary SA) and writes it to Salesforce; Salesforce owns names, stages,
-- amounts, close dates and new records, which Roster polls for.
--
-- Outbound reads the change feed: its position here is the checkpoint, moved only after Salesforce
-- accepted what the page asked for (the call is outside any transaction, so a crash between the two
-- re-sends the page: at least once, and harmless, since what is sent is each record's current state).
-- Records Salesforce refused wait in salesforce_pending with its error and are retried.

-- Writes the sync makes in Roster (inbound names, stages, new records) are audited as 'salesforce':
-- outbound never sends them back, so nothing bounces.
ALTER TYPE audit_source ADD VALUE IF NOT EXISTS 'salesforce';

CREATE TABLE salesforce_sync (
  id                    integer PRIMARY KEY CHECK (id = 1),
  -- {account: {<roleKey>: "<Field__c>"}, opportunity: {csm, primarySa}, userMatch: "email"}: edited by an admin.
  mapping               jsonb NOT NULL,
  -- A CSQL goes to Salesforce as a Lead or as an Opportunity.
  csql_target           text NOT NULL DEFAULT 'opportunity' CHECK (csql_target IN ('lead', 'opportunity')),
  outbound_position     bigint NOT NULL,
  -- One runner per direction on any instance: a lease, so a dead runner's turn passes on.
  outbound_lease        uuid,
  outbound_leased_until timestamptz,
  inbound_lease         uuid,
  inbound_leased_until  timestamptz,
  -- SystemModstamp high-water marks of the inbound poll, per object.
  account_watermark     timestamptz,
  opportunity_watermark timestamptz,
  user_watermark        timestamptz,
  last_outbound_at      timestamptz,
  last_inbound_at       timestamptz,
  -- The latest whole-run failure (Salesforce unreachable, refused credentials); cleared by a good run.
  last_error            text,
  failing_since         timestamptz,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
-- The feed before this migration is history Salesforce already has (Gainsight pushed it): start at the end.
INSERT INTO salesforce_sync (id, mapping, outbound_position)
SELECT 1, '{"account": {"csm": "Technical_Account_Manager_LU__c", "sa": "Solutions_Architect_Lookup__c"},
            "opportunity": {"csm": "Technical_Account_Manager__c", "primarySa": "Primary_Solution_Architect__c"},
            "userMatch": "email"}'::jsonb,
       (SELECT last_position FROM change_feed_state WHERE id = 1);

-- Salesforce User Ids by lower-cased email: user lookups are resolved here, kept fresh by the poll.
CREATE TABLE salesforce_users (
  email         text PRIMARY KEY CHECK (email = lower(email)),
  salesforce_id text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  refreshed_at  timestamptz NOT NULL DEFAULT now()
);

-- Records Salesforce did not accept: `pending` ones are retried with backoff, `failed` ones stopped
-- after too many attempts and wait for someone's retry. The record's current state is sent, so one
-- row per record, whatever number of changes it missed.
CREATE TABLE salesforce_pending (
  object          text NOT NULL CHECK (object IN ('Account', 'Opportunity', 'Csql')),
  record_id       uuid NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
  attempts        integer NOT NULL DEFAULT 1,
  error_code      text,
  last_error      text CHECK (length(last_error) <= 2000),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object, record_id)
);
CREATE INDEX salesforce_pending_due_idx ON salesforce_pending (next_attempt_at) WHERE status = 'pending';
CREATE INDEX salesforce_pending_list_idx ON salesforce_pending (status, updated_at DESC);

-- Each run, for Admin → Salesforce: what it did, how many API calls it took, what went wrong.
CREATE TABLE salesforce_runs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('outbound', 'inbound', 'full', 'catch')),
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  records     integer NOT NULL DEFAULT 0,
  calls       integer NOT NULL DEFAULT 0,
  failed      integer NOT NULL DEFAULT 0,
  error       text,
  report      jsonb
);
CREATE INDEX salesforce_runs_started_idx ON salesforce_runs (started_at DESC);

-- A CSM written by the sync is a stamp (a new Salesforce opportunity takes its account's CSM), not an
-- override. `source::text`: a new enum value cannot be used in the transaction that adds it.
CREATE OR REPLACE FUNCTION change_type(entity audit_entity, field text, source audit_source, to_value text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE entity
    WHEN 'account' THEN CASE
      WHEN field = 'created' THEN 'account.created'
      WHEN field LIKE 'team.%' THEN 'account.role_changed'
      ELSE 'account.updated' END
    WHEN 'opportunity' THEN CASE
      WHEN field = 'created' THEN 'opportunity.created'
      WHEN field IN ('csm', 'csm_overridden') AND source::text IN ('stamp', 'reconcile', 'cascade', 'salesforce') THEN 'opportunity.csm_stamped'
      WHEN field IN ('csm', 'csm_overridden') THEN 'opportunity.csm_overridden'
      WHEN field IN ('primary_sa', 'supporting_sa') THEN 'opportunity.sa_changed'
      WHEN field = 'stage' AND to_value IN ('closed_won', 'closed_lost') THEN 'opportunity.closed'
      WHEN field = 'merged_into' THEN 'opportunity.merged'
      ELSE 'opportunity.updated' END
    WHEN 'user' THEN CASE WHEN field = 'created' THEN 'user.created' ELSE 'user.updated' END
    WHEN 'csql' THEN CASE
      WHEN field = 'created' THEN 'csql.created'
      WHEN field = 'status' AND to_value IN ('accepted', 'rejected', 'converted') THEN 'csql.' || to_value
      ELSE 'csql.updated' END
    ELSE entity::text || '.updated'
  END
$$;

-- Down Migration
-- The 'salesforce' audit source stays: PostgreSQL cannot drop an enum value, and entries may carry it.
-- change_type keeps treating it as a stamp, which is harmless without the sync.
DROP TABLE salesforce_runs;
DROP TABLE salesforce_pending;
DROP TABLE salesforce_users;
DROP TABLE salesforce_sync;
