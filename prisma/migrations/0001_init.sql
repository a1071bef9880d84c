-- Up Migration
-- Roster's whole data model. Sized for 100k accounts and 2M opportunities: uuid keys, partial
-- indexes on the open opportunities that stamping and workload read, and keyset orderings.

CREATE TYPE profile AS ENUM (
  'admin', 'sales_ops', 'sales_comp', 'finance', 'integration', 'csm_manager', 'csm', 'sa', 'leader'
);
CREATE TYPE role_stamping AS ENUM ('open_opportunities', 'new_opportunities', 'none');
CREATE TYPE csm_inheritance AS ENUM ('none', 'parent');
CREATE TYPE opportunity_stage AS ENUM (
  'prospecting', 'discovery', 'proposal', 'negotiation', 'closed_won', 'closed_lost'
);
CREATE TYPE audit_source AS ENUM ('ui', 'api', 'import', 'stamp', 'cascade', 'reconcile');
CREATE TYPE audit_entity AS ENUM ('account', 'opportunity', 'user', 'role', 'comp_period');
CREATE TYPE import_kind AS ENUM ('accounts', 'opportunities', 'assignments');
CREATE TYPE import_status AS ENUM ('queued', 'running', 'succeeded', 'failed');

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 320 AND position('@' IN email) > 1),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  profile       profile NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  manager_id    uuid REFERENCES users(id),
  capacity      integer CHECK (capacity >= 0),
  password_hash text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (manager_id IS DISTINCT FROM id)
);
-- Emails are unique whatever their case; lookups go through lower(email).
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_profile_idx ON users (profile, name);
CREATE INDEX users_manager_idx ON users (manager_id);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users(id),
  token_hash   text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  name         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE account_roles (
  key               text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label             text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  stamping          role_stamping NOT NULL DEFAULT 'none',
  eligible_profiles profile[] NOT NULL CHECK (cardinality(eligible_profiles) > 0),
  built_in          boolean NOT NULL DEFAULT false,
  sort_order        integer NOT NULL DEFAULT 100,
  created_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO account_roles (key, label, stamping, eligible_profiles, built_in, sort_order) VALUES
  ('csm', 'Customer Success Manager', 'open_opportunities', '{csm,csm_manager}', true, 1),
  ('sa', 'Solutions Architect', 'new_opportunities', '{sa}', true, 2),
  ('renewal_manager', 'Renewal Manager', 'none', '{csm,csm_manager,sales_ops}', true, 3),
  ('account_executive', 'Account Executive', 'none', '{sales_ops,csm_manager,leader}', true, 4),
  ('executive_sponsor', 'Executive Sponsor', 'none', '{leader,csm_manager,admin}', true, 5);

CREATE TABLE accounts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id     text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 64),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  parent_id       uuid REFERENCES accounts(id),
  segment         text CHECK (length(segment) <= 64),
  region          text CHECK (length(region) <= 64),
  arr             numeric(18, 2) CHECK (arr >= 0),
  csm_inheritance csm_inheritance NOT NULL DEFAULT 'none',
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX accounts_parent_idx ON accounts (parent_id) WHERE parent_id IS NOT NULL;
-- Keyset orderings of the accounts table.
CREATE INDEX accounts_name_id_idx ON accounts (name, id);
CREATE INDEX accounts_arr_id_idx ON accounts (arr, id);
CREATE INDEX accounts_segment_region_idx ON accounts (segment, region);

-- At most one holder per account and role. A holder is a user, or an email (and name) that waits
-- for a user to exist: the pending assignment of a bulk load.
CREATE TABLE account_role_assignments (
  account_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role_key      text NOT NULL REFERENCES account_roles(key),
  user_id       uuid REFERENCES users(id),
  pending_email text,
  pending_name  text,
  source        audit_source NOT NULL DEFAULT 'ui',
  assigned_at   timestamptz NOT NULL DEFAULT now(),
  assigned_by   uuid REFERENCES users(id),
  PRIMARY KEY (account_id, role_key),
  CHECK ((user_id IS NOT NULL AND pending_email IS NULL) OR (user_id IS NULL AND pending_email IS NOT NULL))
);
CREATE INDEX account_role_assignments_holder_idx ON account_role_assignments (role_key, user_id, account_id);
CREATE INDEX account_role_assignments_user_idx ON account_role_assignments (user_id);
CREATE INDEX account_role_assignments_pending_idx
  ON account_role_assignments (lower(pending_email)) WHERE user_id IS NULL;

CREATE TABLE opportunities (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id    text UNIQUE CHECK (length(external_id) BETWEEN 1 AND 64),
  account_id     uuid NOT NULL REFERENCES accounts(id),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  stage          opportunity_stage NOT NULL DEFAULT 'prospecting',
  -- Derived, so that a stage change can never leave it stale; the partial indexes key on it.
  is_closed      boolean NOT NULL GENERATED ALWAYS AS (stage IN ('closed_won', 'closed_lost')) STORED,
  amount         numeric(18, 2) CHECK (amount >= 0),
  close_date     date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz,
  csm_id         uuid REFERENCES users(id),
  csm_overridden boolean NOT NULL DEFAULT false,
  primary_sa_id  uuid REFERENCES users(id),
  merged_into_id uuid REFERENCES opportunities(id),
  version        integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (merged_into_id IS DISTINCT FROM id),
  CHECK ((stage IN ('closed_won', 'closed_lost')) = (closed_at IS NOT NULL))
);
-- Stamping reads exactly these rows: the open ones of one account.
CREATE INDEX opportunities_open_by_account_idx ON opportunities (account_id) WHERE NOT is_closed;
CREATE INDEX opportunities_account_idx ON opportunities (account_id, close_date, id);
CREATE INDEX opportunities_open_csm_idx ON opportunities (csm_id) WHERE NOT is_closed AND merged_into_id IS NULL;
CREATE INDEX opportunities_open_primary_sa_idx ON opportunities (primary_sa_id) WHERE NOT is_closed AND merged_into_id IS NULL;
CREATE INDEX opportunities_csm_idx ON opportunities (csm_id, id);
CREATE INDEX opportunities_primary_sa_idx ON opportunities (primary_sa_id, id);
CREATE INDEX opportunities_merged_into_idx ON opportunities (merged_into_id) WHERE merged_into_id IS NOT NULL;
-- Compensation review: closed-won in a period.
CREATE INDEX opportunities_won_closed_at_idx ON opportunities (closed_at, id)
  WHERE stage = 'closed_won' AND merged_into_id IS NULL;
-- Keyset orderings of the opportunities table.
CREATE INDEX opportunities_close_date_id_idx ON opportunities (close_date, id);
CREATE INDEX opportunities_amount_id_idx ON opportunities (amount, id);
CREATE INDEX opportunities_name_id_idx ON opportunities (name, id);
CREATE INDEX opportunities_stage_id_idx ON opportunities (stage, id);

CREATE TABLE opportunity_supporting_sas (
  opportunity_id uuid NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES users(id),
  added_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (opportunity_id, user_id)
);
CREATE INDEX opportunity_supporting_sas_user_idx ON opportunity_supporting_sas (user_id);

CREATE TABLE activities (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users(id),
  account_id     uuid NOT NULL REFERENCES accounts(id),
  opportunity_id uuid REFERENCES opportunities(id),
  occurred_at    timestamptz NOT NULL,
  type           text NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
  subject        text CHECK (length(subject) <= 500),
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     uuid REFERENCES users(id)
);
CREATE INDEX activities_opportunity_idx ON activities (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX activities_account_occurred_idx ON activities (account_id, occurred_at);
CREATE INDEX activities_user_occurred_idx ON activities (user_id, occurred_at);

-- Append-only: one row per changed record and field.
CREATE TABLE audit_entries (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid REFERENCES users(id),
  source      audit_source NOT NULL,
  entity_type audit_entity NOT NULL,
  entity_id   text NOT NULL,
  field       text NOT NULL,
  from_value  text,
  to_value    text,
  batch_id    uuid,
  reason      text CHECK (length(reason) <= 1000)
);
CREATE INDEX audit_entries_entity_idx ON audit_entries (entity_type, entity_id, id DESC);
CREATE INDEX audit_entries_batch_idx ON audit_entries (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX audit_entries_at_idx ON audit_entries (at);
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, id DESC);

CREATE FUNCTION reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only (% refused on %)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION reject_audit_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION reject_audit_change();

CREATE TABLE import_jobs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         import_kind NOT NULL,
  dry_run      boolean NOT NULL,
  status       import_status NOT NULL DEFAULT 'queued',
  file_name    text,
  content      bytea,
  total        integer NOT NULL DEFAULT 0,
  processed    integer NOT NULL DEFAULT 0,
  created      integer NOT NULL DEFAULT 0,
  updated      integer NOT NULL DEFAULT 0,
  unchanged    integer NOT NULL DEFAULT 0,
  pending      integer NOT NULL DEFAULT 0,
  errors       jsonb NOT NULL DEFAULT '[]',
  batch_id     uuid NOT NULL DEFAULT gen_random_uuid(),
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX import_jobs_created_idx ON import_jobs (created_at DESC, id);

CREATE TABLE reconcile_runs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger     text NOT NULL CHECK (trigger IN ('schedule', 'api', 'cli', 'ui')),
  dry_run     boolean NOT NULL,
  actor_id    uuid REFERENCES users(id),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  checked     integer NOT NULL DEFAULT 0,
  mismatches  integer NOT NULL DEFAULT 0,
  repaired    integer NOT NULL DEFAULT 0,
  batch_id    uuid
);
CREATE INDEX reconcile_runs_started_idx ON reconcile_runs (started_at DESC);

CREATE TABLE comp_approvals (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_from date NOT NULL,
  period_to   date NOT NULL CHECK (period_to >= period_from),
  approved_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid NOT NULL REFERENCES users(id),
  row_count   integer NOT NULL,
  total       numeric(18, 2) NOT NULL
);
CREATE INDEX comp_approvals_period_idx ON comp_approvals (period_from, period_to, approved_at DESC);

CREATE TABLE comp_approval_rows (
  approval_id       uuid NOT NULL REFERENCES comp_approvals(id),
  opportunity_id    uuid NOT NULL REFERENCES opportunities(id),
  csm_id            uuid REFERENCES users(id),
  primary_sa_id     uuid REFERENCES users(id),
  supporting_sa_ids uuid[] NOT NULL DEFAULT '{}',
  amount            numeric(18, 2),
  closed_at         timestamptz NOT NULL,
  flags             text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (approval_id, opportunity_id)
);
CREATE TRIGGER comp_approvals_append_only BEFORE UPDATE OR DELETE ON comp_approvals
  FOR EACH ROW EXECUTE FUNCTION reject_audit_change();
CREATE TRIGGER comp_approval_rows_append_only BEFORE UPDATE OR DELETE ON comp_approval_rows
  FOR EACH ROW EXECUTE FUNCTION reject_audit_change();

-- Settings shared by every app instance (the session signing secret, the fiscal year start).
CREATE TABLE app_settings (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE app_settings, comp_approval_rows, comp_approvals, reconcile_runs, import_jobs,
  audit_entries, activities, opportunity_supporting_sas, opportunities, account_role_assignments,
  accounts, account_roles, api_tokens, users;
DROP FUNCTION reject_audit_change();
DROP TYPE import_status, import_kind, audit_entity, audit_source, opportunity_stage,
  csm_inheritance, role_stamping, profile;
