-- Up Migration
-- The workload (page and API) summed every assignment and every account's open totals of a role
-- on each request: 100–400 ms of database time at 100,000 accounts, a tenth of a team's requests
-- (issue 23). Each person's totals are kept here instead, as deltas that triggers append in the
-- same transaction as every change, folded from time to time: a read sums a few hundred rows.
-- Append-only, so two writers never wait on one person's row. Every writer of an account's
-- holders, ARR, parent or opportunities holds that account's lock (migration 0006), so each delta
-- is taken against a state no other transaction is changing.
--   role_key 'csm'  accounts held as CSM; open opportunities the person is CSM of (following the
--                   account or pinned to them), as the workload counted them
--   role_key 'sa'   accounts held as SA; open opportunities as primary SA; supported ones
-- Folding and rebuilding take the 'workload_totals' advisory lock, so they never overlap.
-- Exact for any sequence of statements. One statement that writes both an account's holders and
-- its opportunities (data-modifying CTEs) would credit the new opportunities twice, as each
-- trigger sees the other's rows; no writer does that, and reconcile rebuilds the totals anyway.
CREATE TABLE workload_totals (
  id                 bigserial PRIMARY KEY,
  role_key           text NOT NULL CHECK (role_key IN ('csm', 'sa')),
  user_id            uuid NOT NULL,
  accounts           integer NOT NULL DEFAULT 0,
  arr                numeric(20, 2) NOT NULL DEFAULT 0,
  -- The same for accounts without a parent ("parents only").
  top_accounts       integer NOT NULL DEFAULT 0,
  top_arr            numeric(20, 2) NOT NULL DEFAULT 0,
  open_opportunities integer NOT NULL DEFAULT 0,
  pipeline           numeric(20, 2) NOT NULL DEFAULT 0,
  supporting         integer NOT NULL DEFAULT 0
);
CREATE INDEX workload_totals_role_idx ON workload_totals (role_key, user_id);

-- Everyone's totals recounted from the tables themselves: the rebuild, and what tests and
-- reconcile compare the folded deltas with.
CREATE FUNCTION workload_recount()
RETURNS TABLE (role_key text, user_id uuid, accounts integer, arr numeric, top_accounts integer, top_arr numeric,
               open_opportunities integer, pipeline numeric, supporting integer)
LANGUAGE sql STABLE AS $$
  SELECT x.role_key, x.user_id, sum(x.accounts)::int, sum(x.arr), sum(x.top_accounts)::int, sum(x.top_arr),
    sum(x.open_opportunities)::int, sum(x.pipeline), sum(x.supporting)::int
  FROM (
    SELECT h.role_key, h.user_id, count(*) AS accounts, coalesce(sum(a.arr), 0) AS arr,
      count(*) FILTER (WHERE a.parent_id IS NULL) AS top_accounts, coalesce(sum(a.arr) FILTER (WHERE a.parent_id IS NULL), 0) AS top_arr,
      0 AS open_opportunities, 0 AS pipeline, 0 AS supporting
    FROM account_role_assignments h JOIN accounts a ON a.id = h.account_id
    WHERE h.role_key IN ('csm', 'sa') AND h.user_id IS NOT NULL
    GROUP BY 1, 2
    UNION ALL
    -- An open opportunity that follows its account is its account's CSM's; a pinned one, its own.
    SELECT 'csm', coalesce(h.user_id, t.user_id), 0, 0, 0, 0, sum(t.opportunities), sum(t.amount), 0
    FROM open_opportunity_totals t
    LEFT JOIN account_role_assignments h ON t.holder = 'following' AND h.account_id = t.account_id AND h.role_key = 'csm'
    WHERE t.holder IN ('following', 'csm') AND coalesce(h.user_id, t.user_id) <> '00000000-0000-0000-0000-000000000000'::uuid
    GROUP BY 2
    UNION ALL
    SELECT 'sa', t.user_id, 0, 0, 0, 0,
      coalesce(sum(t.opportunities) FILTER (WHERE t.holder = 'primary_sa'), 0),
      coalesce(sum(t.amount) FILTER (WHERE t.holder = 'primary_sa'), 0),
      coalesce(sum(t.opportunities) FILTER (WHERE t.holder = 'supporting_sa'), 0)
    FROM open_opportunity_totals t
    WHERE t.holder IN ('primary_sa', 'supporting_sa')
    GROUP BY 2
  ) x
  GROUP BY 1, 2
$$;

-- Replaces every delta with a fresh recount, in one statement (one snapshot): a transaction still
-- in flight keeps its own deltas, and its changes are not in the recount either.
CREATE FUNCTION workload_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('workload_totals'));
  WITH gone AS (DELETE FROM workload_totals RETURNING 1)
  INSERT INTO workload_totals (role_key, user_id, accounts, arr, top_accounts, top_arr, open_opportunities, pipeline, supporting)
  SELECT * FROM workload_recount();
END $$;

-- Holders gained (sign 1) and lost (-1): the account's ARR with it, and for a CSM the account's
-- open opportunities that follow it.
CREATE FUNCTION workload_add_holders(account_ids uuid[], role_keys text[], user_ids uuid[], signs integer[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO workload_totals (role_key, user_id, accounts, arr, top_accounts, top_arr, open_opportunities, pipeline)
  SELECT x.role_key, x.user_id, sum(x.sign), coalesce(sum(x.sign * a.arr), 0),
    coalesce(sum(x.sign) FILTER (WHERE a.parent_id IS NULL), 0), coalesce(sum(x.sign * a.arr) FILTER (WHERE a.parent_id IS NULL), 0),
    coalesce(sum(x.sign * f.opportunities), 0), coalesce(sum(x.sign * f.amount), 0)
  FROM unnest(account_ids, role_keys, user_ids, signs) AS x(account_id, role_key, user_id, sign)
  JOIN accounts a ON a.id = x.account_id
  LEFT JOIN open_opportunity_totals f
    ON x.role_key = 'csm' AND f.account_id = x.account_id AND f.holder = 'following' AND f.user_id = '00000000-0000-0000-0000-000000000000'::uuid
  WHERE x.user_id IS NOT NULL AND x.role_key IN ('csm', 'sa')
  GROUP BY 1, 2
  HAVING (sum(x.sign), coalesce(sum(x.sign * a.arr), 0), coalesce(sum(x.sign * f.opportunities), 0), coalesce(sum(x.sign * f.amount), 0),
          coalesce(sum(x.sign) FILTER (WHERE a.parent_id IS NULL), 0), coalesce(sum(x.sign * a.arr) FILTER (WHERE a.parent_id IS NULL), 0))
    IS DISTINCT FROM (0::bigint, 0::numeric, 0::bigint, 0::numeric, 0::bigint, 0::numeric)
$$;

-- Open totals gained (positive) and lost (negative counts and amounts), credited as the workload counts them.
CREATE FUNCTION workload_add_open(account_ids uuid[], holders text[], user_ids uuid[], counts integer[], amounts numeric[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO workload_totals (role_key, user_id, open_opportunities, pipeline, supporting)
  SELECT CASE WHEN x.holder IN ('following', 'csm') THEN 'csm' ELSE 'sa' END,
    CASE WHEN x.holder = 'following' THEN h.user_id ELSE x.user_id END,
    coalesce(sum(x.n) FILTER (WHERE x.holder <> 'supporting_sa'), 0),
    coalesce(sum(x.amount) FILTER (WHERE x.holder <> 'supporting_sa'), 0),
    coalesce(sum(x.n) FILTER (WHERE x.holder = 'supporting_sa'), 0)
  FROM unnest(account_ids, holders, user_ids, counts, amounts) AS x(account_id, holder, user_id, n, amount)
  LEFT JOIN account_role_assignments h ON x.holder = 'following' AND h.account_id = x.account_id AND h.role_key = 'csm'
  WHERE CASE WHEN x.holder = 'following' THEN h.user_id ELSE x.user_id END IS NOT NULL
  GROUP BY 1, 2
  HAVING (sum(x.n), sum(x.amount)) IS DISTINCT FROM (0::bigint, 0::numeric)
$$;

CREATE FUNCTION workload_after_holders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM workload_add_holders(array_agg(account_id), array_agg(role_key), array_agg(user_id), array_agg(1)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    -- An account deleted with its holders is gone from `accounts` here; its delete rebuilds instead.
    PERFORM workload_add_holders(array_agg(account_id), array_agg(role_key), array_agg(user_id), array_agg(-1)) FROM old_rows;
  ELSE
    PERFORM workload_add_holders(array_agg(account_id), array_agg(role_key), array_agg(user_id), array_agg(sign))
    FROM (
      (SELECT account_id, role_key, user_id, -1 AS sign FROM old_rows EXCEPT SELECT account_id, role_key, user_id, -1 FROM new_rows)
      UNION ALL
      (SELECT account_id, role_key, user_id, 1 FROM new_rows EXCEPT SELECT account_id, role_key, user_id, 1 FROM old_rows)
    ) changed;
  END IF;
  RETURN NULL;
END $$;

-- An ARR or parent change moves the account's figures for each of its CSM and SA holders. Only
-- changed rows count: a version bump of 100,000 accounts adds nothing.
CREATE FUNCTION workload_after_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM workload_rebuild();
    RETURN NULL;
  END IF;
  INSERT INTO workload_totals (role_key, user_id, arr, top_accounts, top_arr)
  SELECT h.role_key, h.user_id, coalesce(sum(c.sign * c.arr), 0),
    coalesce(sum(c.sign) FILTER (WHERE c.parent_id IS NULL), 0), coalesce(sum(c.sign * c.arr) FILTER (WHERE c.parent_id IS NULL), 0)
  FROM (
    (SELECT id, arr, parent_id, -1 AS sign FROM old_rows EXCEPT SELECT id, arr, parent_id, -1 FROM new_rows)
    UNION ALL
    (SELECT id, arr, parent_id, 1 FROM new_rows EXCEPT SELECT id, arr, parent_id, 1 FROM old_rows)
  ) c
  JOIN account_role_assignments h ON h.account_id = c.id AND h.role_key IN ('csm', 'sa') AND h.user_id IS NOT NULL
  GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION workload_after_open_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM workload_add_open(array_agg(account_id), array_agg(holder), array_agg(user_id), array_agg(opportunities), array_agg(amount)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM workload_add_open(array_agg(account_id), array_agg(holder), array_agg(user_id), array_agg(-opportunities), array_agg(-amount)) FROM old_rows;
  ELSE
    PERFORM workload_add_open(array_agg(account_id), array_agg(holder), array_agg(user_id), array_agg(n), array_agg(amount))
    FROM (
      SELECT account_id, holder, user_id, -opportunities AS n, -amount AS amount FROM old_rows
      UNION ALL
      SELECT account_id, holder, user_id, opportunities, amount FROM new_rows
    ) changed;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER workload_after_holders_insert AFTER INSERT ON account_role_assignments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_holders();
CREATE TRIGGER workload_after_holders_update AFTER UPDATE ON account_role_assignments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_holders();
CREATE TRIGGER workload_after_holders_delete AFTER DELETE ON account_role_assignments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_holders();
CREATE TRIGGER workload_after_accounts_update AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_accounts();
CREATE TRIGGER workload_after_accounts_delete AFTER DELETE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION workload_after_accounts();
CREATE TRIGGER workload_after_open_totals_insert AFTER INSERT ON open_opportunity_totals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_open_totals();
CREATE TRIGGER workload_after_open_totals_update AFTER UPDATE ON open_opportunity_totals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_open_totals();
CREATE TRIGGER workload_after_open_totals_delete AFTER DELETE ON open_opportunity_totals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION workload_after_open_totals();

SELECT workload_rebuild();

-- A CSM's open opportunities pinned to them are a few thousand among 1.2 million pinned (closed
-- ones keep their CSM): found through their own index instead of visiting every pinned row.
CREATE INDEX opportunities_open_pinned_csm_idx ON opportunities (pinned_csm_id) WHERE pinned_csm_id IS NOT NULL AND NOT is_closed;

-- An SA's activities of the last 90 days were counted from 220,000 index entries per read. Counts
-- per person and day (UTC) are kept instead; a read sums the whole days and counts the first,
-- partial one exactly, so the window still starts at the very instant 90 days ago.
CREATE TABLE activity_days (
  user_id    uuid NOT NULL,
  day        date NOT NULL,
  activities integer NOT NULL,
  PRIMARY KEY (user_id, day)
);

CREATE FUNCTION activity_days_add(user_ids uuid[], days date[], counts integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO activity_days AS d (user_id, day, activities)
  SELECT x.user_id, x.day, sum(x.n) FROM unnest(user_ids, days, counts) AS x(user_id, day, n)
  WHERE x.user_id IS NOT NULL
  GROUP BY 1, 2 HAVING sum(x.n) <> 0
  ORDER BY 1, 2 -- the same lock order in every writer
  ON CONFLICT (user_id, day) DO UPDATE SET activities = d.activities + EXCLUDED.activities
$$;

CREATE FUNCTION activity_days_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM activity_days_add(array_agg(user_id), array_agg((occurred_at AT TIME ZONE 'UTC')::date), array_agg(1)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM activity_days_add(array_agg(user_id), array_agg((occurred_at AT TIME ZONE 'UTC')::date), array_agg(-1)) FROM old_rows;
  ELSE
    PERFORM activity_days_add(array_agg(user_id), array_agg((occurred_at AT TIME ZONE 'UTC')::date), array_agg(n))
    FROM (SELECT user_id, occurred_at, -1 AS n FROM old_rows UNION ALL SELECT user_id, occurred_at, 1 FROM new_rows) changed;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER activity_days_after_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_after_change();
CREATE TRIGGER activity_days_after_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_after_change();
CREATE TRIGGER activity_days_after_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_after_change();

INSERT INTO activity_days (user_id, day, activities)
SELECT user_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*) FROM activities WHERE user_id IS NOT NULL GROUP BY 1, 2;

-- Down Migration
DROP TRIGGER activity_days_after_delete ON activities;
DROP TRIGGER activity_days_after_update ON activities;
DROP TRIGGER activity_days_after_insert ON activities;
DROP FUNCTION activity_days_after_change();
DROP FUNCTION activity_days_add(uuid[], date[], integer[]);
DROP TABLE activity_days;
DROP INDEX opportunities_open_pinned_csm_idx;
DROP TRIGGER workload_after_open_totals_delete ON open_opportunity_totals;
DROP TRIGGER workload_after_open_totals_update ON open_opportunity_totals;
DROP TRIGGER workload_after_open_totals_insert ON open_opportunity_totals;
DROP TRIGGER workload_after_accounts_delete ON accounts;
DROP TRIGGER workload_after_accounts_update ON accounts;
DROP TRIGGER workload_after_holders_delete ON account_role_assignments;
DROP TRIGGER workload_after_holders_update ON account_role_assignments;
DROP TRIGGER workload_after_holders_insert ON account_role_assignments;
DROP FUNCTION workload_after_open_totals();
DROP FUNCTION workload_after_accounts();
DROP FUNCTION workload_after_holders();
DROP FUNCTION workload_add_open(uuid[], text[], uuid[], integer[], numeric[]);
DROP FUNCTION workload_add_holders(uuid[], text[], uuid[], integer[]);
DROP FUNCTION workload_rebuild();
DROP FUNCTION workload_recount();
DROP TABLE workload_totals;
