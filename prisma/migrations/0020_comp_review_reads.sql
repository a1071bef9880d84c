-- Up Migration
-- The comp review reads a whole quarter (139,000 closed-won opportunities at 2M) for its totals.
-- Through the old (closed_at, id) index every row cost a heap visit, 58,000 pages scattered over
-- the table (the rows of a quarter are interleaved with everyone else's): 150–250 ms before any
-- work. Carrying the columns a comp row needs makes it an index-only scan. For a closed-won
-- opportunity pinned_csm_id is its csm_id (migration 0005); every included column is already in
-- another index, so no update that was HOT stops being HOT (stamps never touch these rows anyway).
DROP INDEX opportunities_won_closed_at_idx;
CREATE INDEX opportunities_won_closed_at_idx ON opportunities (closed_at, id)
  INCLUDE (account_id, amount, primary_sa_id, pinned_csm_id, csm_overridden)
  WHERE stage = 'closed_won' AND merged_into_id IS NULL;

-- "Did this supporting SA work on this opportunity?" is asked once per supporting SA of the
-- period (14,000 at 2M): answered from the index alone instead of a heap visit each.
CREATE INDEX activities_opportunity_user_idx ON activities (opportunity_id, user_id) WHERE opportunity_id IS NOT NULL;
DROP INDEX activities_opportunity_idx;

-- Activities logged to the account only (4% of them), found by account and person without
-- reading the rest of the table.
CREATE INDEX activities_account_only_idx ON activities (account_id, user_id) INCLUDE (occurred_at) WHERE opportunity_id IS NULL;

-- Down Migration
DROP INDEX activities_account_only_idx;
CREATE INDEX activities_opportunity_idx ON activities (opportunity_id) WHERE opportunity_id IS NOT NULL;
DROP INDEX activities_opportunity_user_idx;
DROP INDEX opportunities_won_closed_at_idx;
CREATE INDEX opportunities_won_closed_at_idx ON opportunities (closed_at, id)
  WHERE stage = 'closed_won' AND merged_into_id IS NULL;
