-- Up Migration
-- Every stamped opportunity and every assigned holder writes an audit entry, and PostgreSQL checks
-- each row's foreign keys one by one: about 10 µs a check on the reference machine, 3 s of a
-- 100,000-row import for the audit entries' actor alone. Two of those keys record history rather
-- than hold a reference: who wrote an audit entry, and who assigned a holder. The audit trail
-- already names its entities by id without a constraint (entity_id), so that it outlives whatever
-- it names; its actor now does the same, as does the assigner. Users are deactivated, never
-- deleted, and both ids are always written by the domain from the signed-in actor.
ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_actor_id_fkey;
ALTER TABLE account_role_assignments DROP CONSTRAINT account_role_assignments_assigned_by_fkey;

-- Down Migration
ALTER TABLE account_role_assignments
  ADD CONSTRAINT account_role_assignments_assigned_by_fkey FOREIGN KEY (assigned_by) REFERENCES users(id);
ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users(id);
