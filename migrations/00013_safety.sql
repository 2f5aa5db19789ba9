-- +goose Up
-- Clinical safety (issue 15): each flag a submission raised, with its
-- severity, reason and the answer that met the rule; acknowledgement of
-- urgent flags; and the practice's safety settings (crisis contacts, its
-- own contact details, and when reflections are read).

CREATE TABLE flags (
    id              BIGSERIAL PRIMARY KEY,
    assignment_id   BIGINT      NOT NULL REFERENCES assignments (id),
    field_id        TEXT        NOT NULL DEFAULT '',
    field_label     TEXT        NOT NULL DEFAULT '',
    severity        TEXT        NOT NULL CHECK (severity IN ('urgent', 'discuss', 'note')),
    reason          TEXT        NOT NULL,
    -- The triggering answer as shown ("9/10"), sealed like the answers
    -- themselves (internal/seal, bound to "flags:<assignment>:<field>").
    -- NULL for flags raised before this migration: their answers are sealed
    -- in responses and SQL cannot read them.
    value_sealed    BYTEA,
    -- The response version (submission) that raised it.
    response_version INTEGER    NOT NULL DEFAULT 0,
    raised_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by BIGINT      REFERENCES users (id)
);
CREATE INDEX flags_assignment_idx ON flags (assignment_id);
-- The dashboard's "Urgent" section: urgent flags nobody has acknowledged.
CREATE INDEX flags_open_urgent_idx ON flags (assignment_id) WHERE severity = 'urgent' AND acknowledged_at IS NULL;

-- Existing flagged submissions keep their flags: one row per stored message,
-- matched to the rule that wrote it for its field and severity (a rule
-- without a severity is "discuss").
INSERT INTO flags (assignment_id, field_id, field_label, severity, reason, response_version, raised_at)
SELECT r.assignment_id,
       COALESCE(rule.r ->> 'field', ''),
       COALESCE((SELECT fld ->> 'label'
                   FROM jsonb_array_elements(wv.schema -> 'sections') sec,
                        jsonb_array_elements(sec -> 'fields') fld
                  WHERE fld ->> 'id' = rule.r ->> 'field' LIMIT 1), ''),
       CASE WHEN rule.r ->> 'severity' IN ('urgent', 'discuss', 'note') THEN rule.r ->> 'severity' ELSE 'discuss' END,
       m.msg,
       r.version,
       COALESCE(r.submitted_at, r.updated_at)
  FROM responses r
  JOIN assignments a ON a.id = r.assignment_id
  JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id
  CROSS JOIN LATERAL unnest(r.flags) AS m(msg)
  LEFT JOIN LATERAL (SELECT x AS r FROM jsonb_array_elements(COALESCE(wv.schema -> 'flags', '[]')) x
                      WHERE x ->> 'message' = m.msg LIMIT 1) rule ON TRUE
 WHERE r.state = 'submitted';

-- One row: the practice's safety settings. No row means a fresh install,
-- which shows clearly labelled placeholders (internal/safety).
CREATE TABLE practice_safety (
    id               SMALLINT    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    crisis_contacts  JSONB       NOT NULL DEFAULT '[]',
    practice_contact TEXT        NOT NULL DEFAULT '',
    practice_hours   TEXT        NOT NULL DEFAULT '',
    reading_promise  TEXT        NOT NULL DEFAULT '',
    updated_by       BIGINT      REFERENCES users (id),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE practice_safety;
DROP TABLE flags;
