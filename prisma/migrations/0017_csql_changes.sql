-- Up Migration
-- CSQLs in the change feed (issue 17): `csql.created`, `csql.accepted`, `csql.rejected`,
-- `csql.converted`, and `csql.updated` for anything else (a new owner); routing rules and account
-- fields read as what they change.
CREATE OR REPLACE FUNCTION change_type(entity audit_entity, field text, source audit_source, to_value text)
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
    WHEN 'csql' THEN CASE
      WHEN field = 'created' THEN 'csql.created'
      WHEN field = 'status' AND to_value IN ('accepted', 'rejected', 'converted') THEN 'csql.' || to_value
      ELSE 'csql.updated' END
    ELSE entity::text || '.updated'
  END
$$;

-- Down Migration
-- 0011's definition is restored by rolling 0011 back; nothing to undo here on its own.
