-- Operators, their browser sessions, organizations and the tokens that act
-- on them. Times are timestamptz and always written in UTC.

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    email          text        NOT NULL,
    given_name     text        NOT NULL,
    family_name    text        NOT NULL,
    timezone       text        NOT NULL DEFAULT 'Etc/UTC',
    password_hash  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz
);

-- An address belongs to at most one active account, whatever its case.
CREATE UNIQUE INDEX users_active_email_key
    ON users (lower(email)) WHERE deactivated_at IS NULL;

CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip           text        NOT NULL DEFAULT '',
    user_agent   text        NOT NULL DEFAULT '',
    revoked_at   timestamptz,
    -- Session-scoped preferences that must not live in the cookie.
    tz_banner_dismissed boolean NOT NULL DEFAULT false
);

CREATE INDEX sessions_user_active_idx ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE organizations (
    id         bigserial PRIMARY KEY,
    slug       text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    organization_id bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text        NOT NULL CHECK (role IN ('owner', 'admin', 'responder', 'viewer')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);

CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    digest       bytea       NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    all_scopes   boolean     NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    last_used_ip text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (all_scopes OR cardinality(scopes) > 0)
);

CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at DESC);

CREATE TABLE password_reset_tokens (
    id         bigserial PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    digest     bytea       NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id);

CREATE TABLE incidents (
    id                  bigserial PRIMARY KEY,
    organization_id     bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title               text        NOT NULL,
    status              text        NOT NULL CHECK (status IN
        ('triage', 'investigating', 'active', 'monitoring', 'resolved', 'closed')),
    severity            text        NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'trivial')),
    summary             text        NOT NULL DEFAULT '',
    started_at          timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz,
    created_by_user_id  bigint      NOT NULL REFERENCES users (id),
    created_by_token_id bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX incidents_org_idx ON incidents (organization_id, id DESC);

CREATE TABLE maintenances (
    id                  bigserial PRIMARY KEY,
    organization_id     bigint      NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title               text        NOT NULL,
    status              text        NOT NULL CHECK (status IN
        ('draft', 'scheduled', 'in_progress', 'post_maintenance', 'cancelled', 'closed')),
    summary             text        NOT NULL DEFAULT '',
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    created_by_user_id  bigint      NOT NULL REFERENCES users (id),
    created_by_token_id bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_at < ends_at)
);

CREATE INDEX maintenances_org_idx ON maintenances (organization_id, id DESC);

CREATE TABLE incident_comments (
    id              bigserial PRIMARY KEY,
    incident_id     bigint      NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    author_user_id  bigint      NOT NULL REFERENCES users (id),
    author_token_id bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX incident_comments_incident_idx ON incident_comments (incident_id, id);

CREATE TABLE audit_events (
    id              bigserial PRIMARY KEY,
    organization_id bigint      REFERENCES organizations (id) ON DELETE CASCADE,
    actor_user_id   bigint      REFERENCES users (id),
    token_id        bigint      REFERENCES api_tokens (id) ON DELETE SET NULL,
    action          text        NOT NULL,
    target          text        NOT NULL DEFAULT '',
    details         jsonb       NOT NULL DEFAULT '{}',
    ip              text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_events_org_idx ON audit_events (organization_id, id DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id DESC);

-- Fixed-window counters shared by every server instance.
CREATE TABLE rate_limits (
    bucket       text        NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
