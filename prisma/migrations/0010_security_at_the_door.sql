-- Up Migration
-- Security findings at the door (issue 20).

-- API tokens expire, and the bootstrap token is told apart from issued ones by a flag (not by its
-- name, which anyone issuing a token could reuse), so a changed or removed ROSTER_ADMIN_TOKEN
-- revokes exactly the old one.
ALTER TABLE api_tokens
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN bootstrap boolean NOT NULL DEFAULT false;
UPDATE api_tokens SET bootstrap = true WHERE name = 'ROSTER_ADMIN_TOKEN';
-- `prefix` held a token's first 8 characters: for an operator's short bootstrap token that was the
-- whole secret. It now never holds a secret's characters; old rows show a piece of their hash.
UPDATE api_tokens SET prefix = 'sha256:' || left(token_hash, 8);

-- A session is a JWT carrying the version it was issued under; a password change, deactivation
-- or "sign out everywhere" bumps the version and every older session stops working.
ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0;

-- Single sign-on binds a user to the provider's (issuer, subject) on first sign-in; a later sign-in
-- with the same email but another subject is refused.
ALTER TABLE users
  ADD COLUMN sso_issuer text,
  ADD COLUMN sso_subject text,
  ADD CONSTRAINT users_sso_pair CHECK ((sso_issuer IS NULL) = (sso_subject IS NULL));
CREATE UNIQUE INDEX users_sso_identity_key ON users (sso_issuer, sso_subject);

-- rate-limiter-flexible's PostgreSQL store (its own layout), created here so no instance creates
-- tables at runtime. `expire` is epoch milliseconds.
CREATE TABLE auth_throttle (
  key    text PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);

-- Down Migration
DROP TABLE auth_throttle;
DROP INDEX users_sso_identity_key;
ALTER TABLE users DROP CONSTRAINT users_sso_pair, DROP COLUMN sso_subject, DROP COLUMN sso_issuer, DROP COLUMN session_version;
ALTER TABLE api_tokens DROP COLUMN bootstrap, DROP COLUMN expires_at;
