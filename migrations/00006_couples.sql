-- +goose Up
-- Two of one clinician's clients who do couples work together. A client may
-- be in several links (polyamorous clients are common in sex therapy). The
-- pair is stored once, lower client id first. Unlinking keeps the row (and
-- the couple's history) but ends it; linking the pair again makes a new row,
-- so sharing choices made under the old link never come back by themselves.
CREATE TABLE couple_links (
    id                 BIGSERIAL PRIMARY KEY,
    clinician_id       BIGINT      NOT NULL REFERENCES users (id),
    client_a           BIGINT      NOT NULL REFERENCES clients (id),
    client_b           BIGINT      NOT NULL REFERENCES clients (id),
    -- The safety switch: no joint work and no sharing between the partners.
    individual_only    BOOLEAN     NOT NULL DEFAULT FALSE,
    individual_only_at TIMESTAMPTZ,
    unlinked_at        TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (client_a < client_b)
);
CREATE UNIQUE INDEX couple_links_pair_idx ON couple_links (client_a, client_b) WHERE unlinked_at IS NULL;
CREATE INDEX couple_links_clinician_idx ON couple_links (clinician_id) WHERE unlinked_at IS NULL;
CREATE INDEX couple_links_client_b_idx ON couple_links (client_b) WHERE unlinked_at IS NULL;

-- One worksheet given to a couple: an assignment for each partner, each
-- completed privately. assignment_a belongs to the link's client_a.
CREATE TABLE couple_groups (
    id           BIGSERIAL PRIMARY KEY,
    link_id      BIGINT      NOT NULL REFERENCES couple_links (id),
    clinician_id BIGINT      NOT NULL REFERENCES users (id),
    assignment_a BIGINT      NOT NULL UNIQUE REFERENCES assignments (id),
    assignment_b BIGINT      NOT NULL UNIQUE REFERENCES assignments (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX couple_groups_link_idx ON couple_groups (link_id, created_at DESC);

-- A partner's own choice of who sees their answers to one couple
-- assignment: a level for the whole worksheet and, optionally, one per
-- answer (field id -> level). Only the client writes it. Sharing with the
-- partner holds for the response version the client confirmed; if the
-- answers change after that (a reopened worksheet), nothing is shown to the
-- partner until the client confirms again. Answers themselves are never
-- copied here.
CREATE TABLE couple_sharing (
    assignment_id     BIGINT      PRIMARY KEY REFERENCES assignments (id),
    client_id         BIGINT      NOT NULL REFERENCES clients (id),
    level             TEXT        NOT NULL DEFAULT 'clinician' CHECK (level IN ('private', 'clinician', 'partner')),
    field_levels      JSONB       NOT NULL DEFAULT '{}',
    confirmed_version INTEGER     NOT NULL DEFAULT 0,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE couple_sharing;
DROP TABLE couple_groups;
DROP TABLE couple_links;
