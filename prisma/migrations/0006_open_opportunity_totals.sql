-- Up Migration
-- The workload charts sum every open opportunity per person (700,000 at 2M): 400 ms to 2 s however
-- it is indexed. Instead each account keeps its open totals per holder here, exact in the same
-- transaction as every change, so a chart reads one row per account and person.
--   following      open opportunities that follow the account's CSM (user_id is the nil uuid)
--   csm            open ones whose CSM is overridden (user_id is that CSM)
--   primary_sa     open ones by primary SA
--   supporting_sa  open ones by supporting SA
-- Open means not closed and not merged. Triggers recompute the accounts a statement touched: every
-- writer of an account's opportunities holds that account's lock, so the recount is never raced.
CREATE TABLE open_opportunity_totals (
  account_id    uuid NOT NULL,
  holder        text NOT NULL CHECK (holder IN ('following', 'csm', 'primary_sa', 'supporting_sa')),
  user_id       uuid NOT NULL,
  opportunities integer NOT NULL,
  amount        numeric(20, 2) NOT NULL,
  PRIMARY KEY (account_id, holder, user_id)
);
-- A chart reads one holder's rows, grouped by person, from the index alone.
CREATE INDEX open_opportunity_totals_holder_idx ON open_opportunity_totals (holder, user_id) INCLUDE (account_id, opportunities, amount);

-- Whom one open opportunity counts for, apart from its supporting SAs: the account's CSM while it
-- follows the account, its own CSM once overridden (overridden to nobody counts for nobody), and
-- its primary SA. Written once for the recount and the insert trigger; PostgreSQL inlines it.
CREATE FUNCTION open_opportunity_holders(overridden boolean, csm uuid, primary_sa uuid)
RETURNS TABLE (holder text, user_id uuid) LANGUAGE sql IMMUTABLE AS $$
  SELECT h.holder, h.user_id FROM (VALUES
    (CASE WHEN overridden THEN 'csm' ELSE 'following' END,
     CASE WHEN overridden THEN csm ELSE '00000000-0000-0000-0000-000000000000'::uuid END),
    ('primary_sa', primary_sa)
  ) AS h(holder, user_id)
  WHERE h.user_id IS NOT NULL
$$;

-- The open totals of the accounts in `accounts`, recounted from the opportunities themselves.
CREATE FUNCTION recount_open_opportunity_totals(accounts uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM open_opportunity_totals WHERE account_id = ANY (accounts);
  INSERT INTO open_opportunity_totals (account_id, holder, user_id, opportunities, amount)
  SELECT o.account_id, c.holder, c.user_id, count(*), coalesce(sum(o.amount), 0)
  FROM opportunities o
  CROSS JOIN LATERAL open_opportunity_holders(o.csm_overridden, o.csm_id, o.primary_sa_id) AS c
  WHERE o.account_id = ANY (accounts) AND NOT o.is_closed AND o.merged_into_id IS NULL
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT o.account_id, 'supporting_sa', s.user_id, count(*), coalesce(sum(o.amount), 0)
  FROM opportunities o JOIN opportunity_supporting_sas s ON s.opportunity_id = o.id
  WHERE o.account_id = ANY (accounts) AND NOT o.is_closed AND o.merged_into_id IS NULL
  GROUP BY 1, 2, 3;
$$;

-- New opportunities only add to their accounts' totals (no supporting SA can be on them yet), so
-- they are summed and added rather than recounted: a 100,000-row insert reads only itself.
CREATE FUNCTION open_totals_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO open_opportunity_totals AS t (account_id, holder, user_id, opportunities, amount)
  SELECT n.account_id, c.holder, c.user_id, count(*), coalesce(sum(n.amount), 0)
  FROM new_rows n
  CROSS JOIN LATERAL open_opportunity_holders(n.csm_overridden, n.csm_id, n.primary_sa_id) AS c
  WHERE NOT n.is_closed AND n.merged_into_id IS NULL
  GROUP BY 1, 2, 3
  ON CONFLICT (account_id, holder, user_id) DO UPDATE
    SET opportunities = t.opportunities + EXCLUDED.opportunities, amount = t.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;

CREATE FUNCTION open_totals_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_open_opportunity_totals(ARRAY(SELECT DISTINCT account_id FROM old_rows));
  RETURN NULL;
END $$;

-- Only rows whose totals could move count: a stamp rewrites csm_id of thousands of rows that all
-- keep following their account, and recounts nothing. EXCEPT, not a join of the two transition
-- tables: it hashes, where a join plan cached from a one-row statement would loop over 50,000².
CREATE FUNCTION open_totals_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_open_opportunity_totals(ARRAY(
    SELECT DISTINCT account_id FROM (
      (SELECT id, account_id, is_closed, merged_into_id, csm_overridden, pinned_csm_id, primary_sa_id, amount FROM old_rows
       EXCEPT SELECT id, account_id, is_closed, merged_into_id, csm_overridden, pinned_csm_id, primary_sa_id, amount FROM new_rows)
      UNION ALL
      (SELECT id, account_id, is_closed, merged_into_id, csm_overridden, pinned_csm_id, primary_sa_id, amount FROM new_rows
       EXCEPT SELECT id, account_id, is_closed, merged_into_id, csm_overridden, pinned_csm_id, primary_sa_id, amount FROM old_rows)
    ) changed));
  RETURN NULL;
END $$;

CREATE FUNCTION supporting_totals_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM recount_open_opportunity_totals(ARRAY(
      SELECT DISTINCT o.account_id FROM new_rows s JOIN opportunities o ON o.id = s.opportunity_id));
  ELSE
    -- A cascade from a deleted opportunity finds no account here; the opportunity's own trigger recounts it.
    PERFORM recount_open_opportunity_totals(ARRAY(
      SELECT DISTINCT o.account_id FROM old_rows s JOIN opportunities o ON o.id = s.opportunity_id));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION supporting_totals_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_open_opportunity_totals(ARRAY(
    SELECT DISTINCT o.account_id FROM (SELECT opportunity_id FROM old_rows UNION SELECT opportunity_id FROM new_rows) s
    JOIN opportunities o ON o.id = s.opportunity_id));
  RETURN NULL;
END $$;

CREATE TRIGGER open_totals_after_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION open_totals_after_insert();
CREATE TRIGGER open_totals_after_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION open_totals_after_update();
CREATE TRIGGER open_totals_after_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION open_totals_after_delete();
CREATE TRIGGER supporting_totals_after_insert AFTER INSERT ON opportunity_supporting_sas
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supporting_totals_after_change();
CREATE TRIGGER supporting_totals_after_delete AFTER DELETE ON opportunity_supporting_sas
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION supporting_totals_after_change();
CREATE TRIGGER supporting_totals_after_update AFTER UPDATE ON opportunity_supporting_sas
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supporting_totals_after_update();

SELECT recount_open_opportunity_totals(ARRAY(SELECT id FROM accounts));

-- Down Migration
DROP TRIGGER supporting_totals_after_update ON opportunity_supporting_sas;
DROP TRIGGER supporting_totals_after_delete ON opportunity_supporting_sas;
DROP TRIGGER supporting_totals_after_insert ON opportunity_supporting_sas;
DROP TRIGGER open_totals_after_delete ON opportunities;
DROP TRIGGER open_totals_after_update ON opportunities;
DROP TRIGGER open_totals_after_insert ON opportunities;
DROP FUNCTION supporting_totals_after_update();
DROP FUNCTION supporting_totals_after_change();
DROP FUNCTION open_totals_after_update();
DROP FUNCTION open_totals_after_delete();
DROP FUNCTION open_totals_after_insert();
DROP FUNCTION recount_open_opportunity_totals(uuid[]);
DROP FUNCTION open_opportunity_holders(boolean, uuid, uuid);
DROP TABLE open_opportunity_totals;
