-- Up Migration
-- The CSM workload counted each CSM's CSQLs of the last twelve months on every request: 52,000
-- rows scanned and grouped, 31 ms of the CSM workload's 35 ms of database time at 100,000 CSQLs
-- (issue 23). Counts per person and month (UTC) are kept instead, by set-based triggers in the
-- same transaction as every CSQL change; a read sums the whole months and counts the first,
-- partial one exactly, so the window still starts at the very instant 365 days ago.
CREATE TABLE csql_months (
  user_id   uuid NOT NULL,
  month     date NOT NULL,
  raised    integer NOT NULL,
  converted integer NOT NULL,
  PRIMARY KEY (user_id, month)
);

CREATE FUNCTION csql_months_add(user_ids uuid[], months date[], raised integer[], converted integer[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO csql_months AS m (user_id, month, raised, converted)
  SELECT x.user_id, x.month, sum(x.raised), sum(x.converted)
  FROM unnest(user_ids, months, raised, converted) AS x(user_id, month, raised, converted)
  GROUP BY 1, 2 HAVING (sum(x.raised), sum(x.converted)) IS DISTINCT FROM (0::bigint, 0::bigint)
  ORDER BY 1, 2 -- the same lock order in every writer
  ON CONFLICT (user_id, month) DO UPDATE SET raised = m.raised + EXCLUDED.raised, converted = m.converted + EXCLUDED.converted
$$;

CREATE FUNCTION csql_months_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM csql_months_add(array_agg(created_by), array_agg(date_trunc('month', created_at AT TIME ZONE 'UTC')::date),
      array_agg(1), array_agg(CASE WHEN status = 'converted' THEN 1 ELSE 0 END)) FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM csql_months_add(array_agg(created_by), array_agg(date_trunc('month', created_at AT TIME ZONE 'UTC')::date),
      array_agg(-1), array_agg(CASE WHEN status = 'converted' THEN -1 ELSE 0 END)) FROM old_rows;
  ELSE
    PERFORM csql_months_add(array_agg(created_by), array_agg(date_trunc('month', created_at AT TIME ZONE 'UTC')::date),
      array_agg(sign), array_agg(CASE WHEN status = 'converted' THEN sign ELSE 0 END))
    FROM (SELECT created_by, created_at, status, -1 AS sign FROM old_rows
          UNION ALL SELECT created_by, created_at, status, 1 FROM new_rows) changed;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER csql_months_after_insert AFTER INSERT ON csqls
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION csql_months_after_change();
CREATE TRIGGER csql_months_after_update AFTER UPDATE ON csqls
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION csql_months_after_change();
CREATE TRIGGER csql_months_after_delete AFTER DELETE ON csqls
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION csql_months_after_change();

INSERT INTO csql_months (user_id, month, raised, converted)
SELECT created_by, date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE status = 'converted')
FROM csqls GROUP BY 1, 2;

-- Down Migration
DROP TRIGGER csql_months_after_delete ON csqls;
DROP TRIGGER csql_months_after_update ON csqls;
DROP TRIGGER csql_months_after_insert ON csqls;
DROP FUNCTION csql_months_after_change();
DROP FUNCTION csql_months_add(uuid[], date[], integer[], integer[]);
DROP TABLE csql_months;
