-- When each expiry notice of a token was sent, so that every notice goes
-- out once however many instances run the notifier.
ALTER TABLE api_tokens
    ADD COLUMN notice_7d_sent_at timestamptz,
    ADD COLUMN notice_1d_sent_at timestamptz;

CREATE INDEX api_tokens_expiring_idx ON api_tokens (expires_at)
    WHERE revoked_at IS NULL AND expires_at IS NOT NULL;
