-- Up Migration
-- The change feed and webhooks (issue 15).
--
-- Why not serve the audit trail by id: an id is taken when a row is inserted, not when its
-- transaction commits. A transaction that takes id 100 and commits after 101..200 are already
-- served would be skipped by a reader whose cursor is past 100. So each entry records the
-- transaction that wrote it (xid8, a column default: no writer changes), and a sequencer gives
-- committed entries their feed position:
--   * at each run (one at a time: an advisory lock) it publishes every entry that is visible
--     (committed) and not yet published, in id order, with positions after the last one;
--   * it only has to look at entries of transactions >= `published_below`, the oldest transaction
--     that was still in flight at its previous run (pg_snapshot_xmin): everything older was
--     complete then, hence visible, hence published.
-- Readers page by position, which only grows and is never filled in later: a cursor is a position.
-- Per entity this is commit order: a second writer of an entity waits for the first one's row lock,
-- so its entry's id is larger, and it cannot be visible before the first one's (which committed
-- first), so it is published in the same run after it, or in a later run.

-- Existing entries read as transaction 1 (a constant default adds the column without rewriting the
-- table); they predate the feed, which starts at this migration. New entries get their writer's.
ALTER TABLE audit_entries ADD COLUMN txid xid8 NOT NULL DEFAULT '1';
ALTER TABLE audit_entries ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
-- All entries of one transaction share a key, appended at the right edge: a cheap index to keep.
CREATE INDEX audit_entries_txid_idx ON audit_entries (txid);

-- The dotted type of a change, from what the trail records. Stamps (and reconcile's repairs) of an
-- opportunity's CSM are `csm_stamped`; any other CSM change on an opportunity is someone's override.
CREATE FUNCTION change_type(entity audit_entity, field text, source audit_source, to_value text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE entity
    WHEN 'account' THEN CASE
      WHEN field = 'created' THEN 'account.created'
      WHEN field LIKE 'team.%' THEN 'account.role_changed'
      ELSE 'account.updated' END
    WHEN 'opportunity' THEN CASE
      WHEN field = 'created' THEN 'opportunity.created'
      WHEN field IN ('csm', 'csm_overridden') AND source IN ('stamp', 'reconcile', 'cascade') THEN 'opportunity.csm_stamped'
      WHEN field IN ('csm', 'csm_overridden') THEN 'opportunity.csm_overridden'
      WHEN field IN ('primary_sa', 'supporting_sa') THEN 'opportunity.sa_changed'
      WHEN field = 'stage' AND to_value IN ('closed_won', 'closed_lost') THEN 'opportunity.closed'
      WHEN field = 'merged_into' THEN 'opportunity.merged'
      ELSE 'opportunity.updated' END
    WHEN 'user' THEN CASE WHEN field = 'created' THEN 'user.created' ELSE 'user.updated' END
    ELSE entity::text || '.updated'
  END
$$;

-- The published feed: one row per audit entry, numbered in publication order. `order_key` is what
-- deliveries are ordered by: the account (an opportunity's account), else the entity itself.
CREATE TABLE change_feed (
  position   bigint PRIMARY KEY,
  audit_id   bigint NOT NULL UNIQUE,
  type       text NOT NULL,
  account_id uuid,
  order_key  text NOT NULL
);

CREATE TABLE change_feed_state (
  id              integer PRIMARY KEY CHECK (id = 1),
  published_below xid8 NOT NULL,
  last_position   bigint NOT NULL
);
INSERT INTO change_feed_state (id, published_below, last_position) VALUES (1, '2', 0);

CREATE TABLE webhook_endpoints (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url                        text NOT NULL CHECK (length(url) <= 2000),
  description                text CHECK (length(description) <= 500),
  -- Types or "<entity>.*"; empty means every type.
  event_types                text[] NOT NULL DEFAULT '{}',
  -- Signing keys must be usable to sign, so they are kept as given ("whsec_…").
  secret                     text NOT NULL,
  previous_secret            text,
  previous_secret_expires_at timestamptz,
  active                     boolean NOT NULL DEFAULT true,
  disabled_reason            text,
  disabled_at                timestamptz,
  -- Deliveries exist for every feed position up to here.
  fanout_position            bigint NOT NULL,
  created_by                 uuid,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now()
);

-- One row per change and endpoint (position is null for a test event, which carries its payload).
-- A delivery is claimed by writing a lease (leased_until, lease_token) under FOR UPDATE SKIP LOCKED;
-- a crashed sender's lease expires and another sender takes the row; a late answer of the old
-- lease holder is ignored (its token no longer matches).
CREATE TABLE webhook_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  position         bigint,
  change_id        bigint,
  type             text NOT NULL,
  order_key        text NOT NULL,
  payload          jsonb,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error       text,
  latency_ms       integer,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  first_attempt_at timestamptz,
  leased_until     timestamptz,
  lease_token      uuid,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, position)
);
-- The head of each (endpoint, account) line: only the oldest pending delivery may be sent.
CREATE INDEX webhook_deliveries_line_idx ON webhook_deliveries (endpoint_id, order_key, position) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, id DESC);

-- Down Migration
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE change_feed_state;
DROP TABLE change_feed;
DROP FUNCTION change_type(audit_entity, text, audit_source, text);
DROP INDEX audit_entries_txid_idx;
ALTER TABLE audit_entries DROP COLUMN txid;
