-- Up Migration
-- Account fields as data (issue 18): an admin defines them, accounts carry values.
--
-- Storage: a typed side table, one row per (account, field) that has a value, with one partial
-- index per value type — not a jsonb column on accounts. Measured with bench/field-storage.mts on
-- the embedded PostgreSQL 18, 100k accounts, five fields (health, NPS, rating, a picklist, a date):
--   side table: sort by a field at page 1 and at row 90,000 0.8 / 0.8 ms (p95 3.0 / 2.2); the
--     accounts without a value (the tail of that sort) 0.7 ms; a range filter + sort by name,
--     deep page 4.1 ms; a field sort + segment filter, deep page 1.0 ms; count over a range
--     filter 10 ms; upserting one field on 10k accounts 118 ms.
--   jsonb on accounts with a GIN (jsonb_path_ops) index: equality is fast (0.4 ms) but ranges
--     and sorts cannot use it: sorting by a field reads and sorts every account (27–33 ms, and it
--     grows with rows and fields); the accounts heap grows 13 → 24 MB (+85%), which every
--     accounts list, stamp (it locks account rows) and bench case pays; a jsonb_set of 10k rows
--     204 ms, because each rewrites the whole account row and its indexes.
--   jsonb plus an expression index per field matches the side table on sort (0.4 ms) but needs
--     DDL at run time whenever an admin adds a field, for each type of query.
-- The side table's keyset is one range of (field_key, <typed value>, account_id) whatever the
-- field and depth, the accounts row keeps its size, and adding a field is an INSERT.
ALTER TYPE audit_entity ADD VALUE IF NOT EXISTS 'account_field';

CREATE TYPE account_field_type AS ENUM ('text', 'number', 'currency', 'date', 'boolean', 'picklist');
CREATE TYPE account_field_owner AS ENUM ('crm', 'roster');

CREATE TABLE account_fields (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 80),
  type account_field_type NOT NULL,
  -- picklist options in display order; empty for every other type
  options text[] NOT NULL DEFAULT '{}',
  owner account_field_owner NOT NULL DEFAULT 'roster',
  -- for roster-owned fields: the profiles that may edit values (crm-owned: privileged + imports)
  editable_by profile[] NOT NULL DEFAULT '{}',
  score boolean NOT NULL DEFAULT false CHECK (NOT score OR type IN ('number', 'currency')),
  show_in_table boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 100,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Imports match columns by key or label: a label names one field only.
CREATE UNIQUE INDEX account_fields_label_lower_key ON account_fields (lower(label));

-- Exactly one typed column holds the value; "no value" is no row.
CREATE TABLE account_field_values (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  field_key text NOT NULL REFERENCES account_fields (key) ON DELETE CASCADE,
  num numeric(24, 6),
  text text,
  date date,
  bool boolean,
  PRIMARY KEY (account_id, field_key),
  CHECK (num_nonnulls(num, text, date, bool) = 1)
);
CREATE INDEX account_field_values_num_idx ON account_field_values (field_key, num, account_id) WHERE num IS NOT NULL;
CREATE INDEX account_field_values_text_idx ON account_field_values (field_key, text, account_id) WHERE text IS NOT NULL;
CREATE INDEX account_field_values_date_idx ON account_field_values (field_key, date, account_id) WHERE date IS NOT NULL;
CREATE INDEX account_field_values_bool_idx ON account_field_values (field_key, bool, account_id) WHERE bool IS NOT NULL;

-- Accounts imports stage each row's field values beside its other cells: {"<key>": {"num"|"text"|"date"|"bool": v} | null}.
ALTER TABLE import_account_rows ADD COLUMN fields jsonb;

-- Down Migration
ALTER TABLE import_account_rows DROP COLUMN fields;
DROP TABLE account_field_values;
DROP TABLE account_fields;
DROP TYPE account_field_owner;
DROP TYPE account_field_type;
