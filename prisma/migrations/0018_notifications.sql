-- Up Migration
-- Notifications (issue 19): people hear about their accounts. A consumer of the change feed turns
-- changes into notifications and queued emails, in one transaction with the position it has read
-- up to, so a crash never loses or repeats one.

CREATE TABLE notifications (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users(id),
  type       text NOT NULL,
  title      text NOT NULL CHECK (length(title) <= 300),
  body       text CHECK (length(body) <= 2000),
  link       text CHECK (length(link) <= 500),
  at         timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz,
  -- What it came from (a change, a batch, an import): one notification per person and source.
  source_key text NOT NULL,
  UNIQUE (user_id, source_key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Per person and type: in the app, by email, or neither. No row: in the app and by email.
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users(id),
  type    text NOT NULL,
  in_app  boolean NOT NULL,
  email   boolean NOT NULL,
  PRIMARY KEY (user_id, type)
);
-- One email a day instead of one per notification.
ALTER TABLE users ADD COLUMN email_digest boolean NOT NULL DEFAULT false;

-- The email outbox: sent by a job with SMTP, at least once, with backoff; claimed under a lease.
CREATE TABLE notification_emails (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES users(id),
  subject         text NOT NULL,
  body            text,
  link            text,
  source_key      text NOT NULL,
  digest          boolean NOT NULL DEFAULT false,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  send_after      timestamptz NOT NULL DEFAULT now(),
  leased_until    timestamptz,
  sent_at         timestamptz
);
CREATE UNIQUE INDEX notification_emails_source_key ON notification_emails (user_id, source_key);
CREATE INDEX notification_emails_due_idx ON notification_emails (send_after) WHERE status = 'pending';

-- How far the consumer has read the feed; changes older than `after_audit_id` (a generated data
-- set's history) are not news to anyone.
CREATE TABLE notification_consumer (
  id             integer PRIMARY KEY CHECK (id = 1),
  position       bigint NOT NULL,
  after_audit_id bigint NOT NULL
);
INSERT INTO notification_consumer (id, position, after_audit_id)
SELECT 1, (SELECT last_position FROM change_feed_state WHERE id = 1), coalesce((SELECT max(id) FROM audit_entries), 0);

-- Down Migration
DROP TABLE notification_consumer;
DROP TABLE notification_emails;
ALTER TABLE users DROP COLUMN email_digest;
DROP TABLE notification_preferences;
DROP TABLE notifications;
