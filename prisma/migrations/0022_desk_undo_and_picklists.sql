-- Up Migration
-- Undo (issue 21): a batch of assignments (a transfer, a bulk assign, an import's assignments) can
-- be undone once, within 24 hours, by a new batch that restores what it replaced. The audit trail
-- is append-only, so which batch undid which is kept here: the primary key makes a second undo of
-- the same batch fail even when two people press "Undo" at once.
CREATE TABLE batch_undos (
  batch_id      uuid PRIMARY KEY,
  undo_batch_id uuid NOT NULL UNIQUE,
  undone_by     uuid REFERENCES users(id),
  undone_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE batch_undos;
