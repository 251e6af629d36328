-- Tenant data as the org-scoped API and the Dashboard use it: the limits
-- the application checks, kept by the database too, and the indexes the
-- listings and the public status page read through.

ALTER TABLE incidents
    ADD CONSTRAINT incidents_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    ADD CONSTRAINT incidents_summary_length CHECK (char_length(summary) <= 10000),
    ADD CONSTRAINT incidents_resolved_when_done
        CHECK ((status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL));

ALTER TABLE maintenances
    ADD CONSTRAINT maintenances_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
    ADD CONSTRAINT maintenances_summary_length CHECK (char_length(summary) <= 10000);

ALTER TABLE incident_comments
    ADD CONSTRAINT incident_comments_body_length CHECK (char_length(body) BETWEEN 1 AND 10000);

-- Listings filtered by status, newest first.
CREATE INDEX incidents_org_status_idx ON incidents (organization_id, status, id DESC);
CREATE INDEX maintenances_org_status_idx ON maintenances (organization_id, status, id DESC);
