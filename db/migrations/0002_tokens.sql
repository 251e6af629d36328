-- Personal access tokens, complete: expiry notices and deletion.

-- When each expiry notice of a token was sent, so that every notice goes
-- out once however many instances run the notifier.
ALTER TABLE api_tokens
    ADD COLUMN notice_7d_sent_at timestamptz,
    ADD COLUMN notice_1d_sent_at timestamptz;

CREATE INDEX api_tokens_expiring_idx ON api_tokens (expires_at)
    WHERE revoked_at IS NULL AND expires_at IS NOT NULL;

-- A revoked or expired token stays listed until its owner deletes it. The
-- row is kept, hidden, so that the audit trail and the incidents it made
-- still name it.
ALTER TABLE api_tokens
    ADD COLUMN deleted_at timestamptz,
    ADD CHECK (deleted_at IS NULL OR revoked_at IS NOT NULL
        OR (expires_at IS NOT NULL AND deleted_at >= expires_at));
