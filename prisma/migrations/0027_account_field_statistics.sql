-- Up Migration
-- Account fields are one side table keyed by (account, field): the planner's per-column statistics
-- cannot see that "text IN ('at risk', 'renewal')" only means anything for lifecycle_stage, nor how
-- dates are spread within renewal_date. At 100,000 accounts it guessed 8,311 accounts at risk or
-- renewing (35,113) and 3,770 renewal dates past a page's cursor (83,629), so it joined and sorted
-- 29,399 accounts for every page of 50 instead of walking the renewal dates in order: 190 ms a
-- page, 320 ms under load (issue 23). Statistics on the pairs give it the real spread; page 51
-- then takes about 25 ms.
CREATE STATISTICS account_field_values_key_text (mcv, dependencies) ON field_key, text FROM account_field_values;
CREATE STATISTICS account_field_values_key_num (mcv, dependencies) ON field_key, num FROM account_field_values;
CREATE STATISTICS account_field_values_key_date (mcv, dependencies) ON field_key, date FROM account_field_values;
ANALYZE account_field_values;

-- Down Migration
DROP STATISTICS account_field_values_key_date;
DROP STATISTICS account_field_values_key_num;
DROP STATISTICS account_field_values_key_text;
