-- Up Migration
-- CSQLs: customer-success-qualified leads. The person who knows the customer raises one, the
-- account's seller works it, and converting it creates the opportunity, linked both ways.

-- The Account Executive is who owns a CSQL by default: sellers may hold that role.
UPDATE account_roles SET eligible_profiles = array_append(eligible_profiles, 'sales')
WHERE key = 'account_executive' AND NOT ('sales' = ANY (eligible_profiles));

CREATE TYPE csql_kind AS ENUM ('expansion', 'renewal', 'cross_sell', 'new_logo');
CREATE TYPE csql_status AS ENUM ('new', 'accepted', 'converted', 'rejected');

CREATE TABLE csqls (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id       uuid NOT NULL REFERENCES accounts(id),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description      text CHECK (length(description) <= 5000),
  kind             csql_kind NOT NULL,
  estimated_amount numeric(18, 2) CHECK (estimated_amount >= 0),
  contact_name     text CHECK (length(contact_name) <= 200),
  contact_email    text CHECK (length(contact_email) <= 320),
  status           csql_status NOT NULL DEFAULT 'new',
  created_by       uuid NOT NULL REFERENCES users(id),
  -- null: nobody yet, the sales ops queue works it.
  owner_id         uuid REFERENCES users(id),
  opportunity_id   uuid UNIQUE REFERENCES opportunities(id),
  reject_reason    text CHECK (length(reject_reason) <= 1000),
  external_id      text UNIQUE CHECK (length(external_id) <= 64),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  decided_at       timestamptz,
  version          integer NOT NULL DEFAULT 1,
  CHECK ((status = 'converted') = (opportunity_id IS NOT NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
-- Keyset orders of the lists: everything newest first, an owner's, a raiser's, an account's.
CREATE INDEX csqls_created_idx ON csqls (created_at DESC, id DESC);
CREATE INDEX csqls_owner_idx ON csqls (owner_id, created_at DESC, id DESC);
CREATE INDEX csqls_created_by_idx ON csqls (created_by, created_at DESC, id DESC);
CREATE INDEX csqls_account_idx ON csqls (account_id, created_at DESC, id DESC);
-- The sales ops queue: CSQLs nobody owns yet.
CREATE INDEX csqls_unowned_idx ON csqls (created_at DESC, id DESC) WHERE owner_id IS NULL;

-- Who gets a CSQL when its account has no Account Executive: the most specific rule matching
-- the account's segment and region (a null matches any).
CREATE TABLE csql_routes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  segment    text CHECK (length(segment) <= 100),
  region     text CHECK (length(region) <= 100),
  owner_id   uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (segment, region)
);

-- Down Migration
DROP TABLE csql_routes;
DROP TABLE csqls;
DROP TYPE csql_status;
DROP TYPE csql_kind;
UPDATE account_roles SET eligible_profiles = array_remove(eligible_profiles, 'sales') WHERE key = 'account_executive';
