-- Up Migration
-- Sellers work the CSQLs that CSMs and SAs raise: they get a profile of their own. Enum values are
-- added in a migration of their own, since a new value cannot be used in the transaction that
-- adds it (0015 uses them).
ALTER TYPE profile ADD VALUE IF NOT EXISTS 'sales';
ALTER TYPE audit_entity ADD VALUE IF NOT EXISTS 'csql';
ALTER TYPE audit_entity ADD VALUE IF NOT EXISTS 'csql_route';

-- Down Migration
-- PostgreSQL cannot drop an enum value; the values stay, unused.
