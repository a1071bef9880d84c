-- Up Migration
-- What holding an account role lets someone do on the accounts they hold (and, optionally, those
-- accounts' children), beyond what their profile allows everywhere (Admin → Account roles). A CSM
-- may by default edit their accounts' details and assign the renewal manager; nothing else.
ALTER TABLE account_roles
  ADD COLUMN holders_edit_account boolean NOT NULL DEFAULT false,
  -- Role keys the holders may assign or clear on the account.
  ADD COLUMN holders_assign_roles text[] NOT NULL DEFAULT '{}',
  ADD COLUMN holders_log_activities boolean NOT NULL DEFAULT false,
  ADD COLUMN holders_raise_csqls boolean NOT NULL DEFAULT false,
  ADD COLUMN holders_see_comp boolean NOT NULL DEFAULT false,
  ADD COLUMN holders_rights_on_children boolean NOT NULL DEFAULT false;

UPDATE account_roles SET holders_edit_account = true, holders_assign_roles = '{renewal_manager}', holders_raise_csqls = true
WHERE key = 'csm';
UPDATE account_roles SET holders_raise_csqls = true WHERE key = 'sa';

-- Down Migration
ALTER TABLE account_roles
  DROP COLUMN holders_edit_account, DROP COLUMN holders_assign_roles, DROP COLUMN holders_log_activities,
  DROP COLUMN holders_raise_csqls, DROP COLUMN holders_see_comp, DROP COLUMN holders_rights_on_children;
