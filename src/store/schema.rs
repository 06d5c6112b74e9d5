//! The schema as a list of migrations. A file records how many it has had in
//! `PRAGMA user_version`, and is marked as ours by `PRAGMA application_id`.
//! Never edit a migration that has shipped: add one.

/// `application_id` of a dcc-desk database ("DCC1").
pub const APPLICATION_ID: i64 = 0x4443_4331;

pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
CREATE TABLE agents (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('inbound', 'outbound', 'supervisor')),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

CREATE TABLE channels (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    kind     TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE channel_spend (
    channel_id    INTEGER NOT NULL REFERENCES channels(id),
    month         TEXT NOT NULL,          -- YYYY-MM
    amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
    PRIMARY KEY (channel_id, month)
) WITHOUT ROWID;

CREATE TABLE reasons (
    id       INTEGER PRIMARY KEY,
    list     TEXT NOT NULL CHECK (list IN ('defeat', 'invalid')),
    code     TEXT NOT NULL,
    grp      TEXT NOT NULL,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (list, code)
);

CREATE TABLE leads (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL UNIQUE,   -- normalized
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    model           TEXT NOT NULL,
    purchase_by     TEXT,
    visit_by        TEXT,
    grade           TEXT NOT NULL,
    status          TEXT NOT NULL,
    owner_id        INTEGER REFERENCES agents(id),
    next_due        TEXT,
    due_reason      TEXT,
    tries_today     INTEGER NOT NULL DEFAULT 0,
    tries_on        TEXT,
    unreached_days  INTEGER NOT NULL DEFAULT 0,
    appointment_at  TEXT,
    claimed_by      INTEGER REFERENCES agents(id),
    claim_until     TEXT,
    note            TEXT,
    created_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES agents(id),
    updated_at      TEXT NOT NULL
);
-- One agent's queue reads only that agent's due leads.
CREATE INDEX leads_queue ON leads(owner_id, next_due) WHERE next_due IS NOT NULL;
-- The team's queue reads only due leads.
CREATE INDEX leads_due ON leads(next_due) WHERE next_due IS NOT NULL;
-- Finding one agent's leads by name or number reads only that agent's leads.
CREATE INDEX leads_owner ON leads(owner_id, id);
CREATE INDEX leads_name ON leads(name);
CREATE INDEX leads_pending ON leads(status) WHERE status IN ('defeat_requested', 'invalid_requested');

CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    lead_id       INTEGER NOT NULL REFERENCES leads(id),
    agent_id      INTEGER NOT NULL REFERENCES agents(id),
    actor_id      INTEGER NOT NULL REFERENCES agents(id),
    started_at    TEXT NOT NULL,
    ended_at      TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    grade_before  TEXT NOT NULL,
    grade_after   TEXT NOT NULL,
    reason        TEXT,
    note          TEXT
);
CREATE INDEX calls_lead ON calls(lead_id, started_at);
CREATE INDEX calls_agent ON calls(agent_id, started_at);

CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id),
    visit_at    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('set', 'confirmed', 'visited', 'no_show', 'cancelled', 'moved')),
    set_by      INTEGER NOT NULL REFERENCES agents(id),
    set_at      TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX appointments_lead ON appointments(lead_id);
CREATE INDEX appointments_visit ON appointments(visit_at);

-- Every change of owner, grade and status, with who and when. Append-only.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    lead_id   INTEGER NOT NULL REFERENCES leads(id),
    at        TEXT NOT NULL,
    agent_id  INTEGER NOT NULL REFERENCES agents(id),
    actor_id  INTEGER NOT NULL REFERENCES agents(id),
    kind      TEXT NOT NULL CHECK (kind IN ('created', 'owner', 'grade', 'status')),
    old       TEXT,
    new       TEXT,
    note      TEXT
);
CREATE INDEX events_lead ON events(lead_id, at);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE scripts (
    kind        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES agents(id),
    PRIMARY KEY (kind, lang)
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#,
    // 2: what the inbound agent captures, every source a lead came from, and
    // the do-not-call list.
    r#"
ALTER TABLE leads ADD COLUMN gender TEXT CHECK (gender IN ('m', 'f'));
ALTER TABLE leads ADD COLUMN city TEXT;
ALTER TABLE leads ADD COLUMN current_car TEXT;
ALTER TABLE leads ADD COLUMN purchase_type TEXT CHECK (purchase_type IN ('first', 'replacement', 'additional'));
ALTER TABLE leads ADD COLUMN payment TEXT CHECK (payment IN ('cash', 'loan'));
-- How and when the customer agreed to further calls.
ALTER TABLE leads ADD COLUMN consent TEXT;
ALTER TABLE leads ADD COLUMN consent_at TEXT;

ALTER TABLE calls ADD COLUMN direction TEXT NOT NULL DEFAULT 'out' CHECK (direction IN ('in', 'out'));

-- Every time a lead arrived: captured, imported, or called in again.
CREATE TABLE lead_sources (
    id          INTEGER PRIMARY KEY,
    lead_id     INTEGER NOT NULL REFERENCES leads(id),
    channel_id  INTEGER NOT NULL REFERENCES channels(id),
    at          TEXT NOT NULL,
    agent_id    INTEGER REFERENCES agents(id),
    origin      TEXT NOT NULL
);
CREATE INDEX lead_sources_lead ON lead_sources(lead_id);

CREATE TABLE dnc (
    phone     TEXT PRIMARY KEY,
    added_at  TEXT NOT NULL,
    added_by  INTEGER REFERENCES agents(id),
    origin    TEXT NOT NULL,
    note      TEXT
) WITHOUT ROWID;
"#,
    // 3: finding any lead by any part of its name or number without reading
    // every lead: a trigram index kept in step by triggers.
    r#"
CREATE VIRTUAL TABLE lead_search USING fts5(
    name, phone, content = 'leads', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO lead_search (lead_search) VALUES ('rebuild');
CREATE TRIGGER lead_search_insert AFTER INSERT ON leads BEGIN
    INSERT INTO lead_search (rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
CREATE TRIGGER lead_search_delete AFTER DELETE ON leads BEGIN
    INSERT INTO lead_search (lead_search, rowid, name, phone) VALUES ('delete', old.id, old.name, old.phone);
END;
CREATE TRIGGER lead_search_update AFTER UPDATE OF name, phone ON leads BEGIN
    INSERT INTO lead_search (lead_search, rowid, name, phone) VALUES ('delete', old.id, old.name, old.phone);
    INSERT INTO lead_search (rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
"#,
    // 4: the supervisor's day: calls by time across the team, and a daily
    // target per agent.
    r#"
CREATE INDEX calls_time ON calls(started_at);
ALTER TABLE agents ADD COLUMN daily_target INTEGER CHECK (daily_target IS NULL OR daily_target >= 0);
"#,
    // 5: every change a supervisor makes to scripts, rules, channels and
    // reasons, append-only like the event log.
    r#"
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES agents(id),
    what      TEXT NOT NULL,
    old       TEXT,
    new       TEXT
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    // 6: reports. Monthly figures folded from the append-only history by
    // `store::fold::refresh` (see there), how far each table is folded,
    // who was shown full phone numbers, and indexes for the grade report.
    r#"
CREATE TABLE report_month (
    month            TEXT NOT NULL,          -- YYYY-MM
    channel_id       INTEGER NOT NULL,
    agent_id         INTEGER NOT NULL,       -- 0: not known
    leads            INTEGER NOT NULL DEFAULT 0,
    invalid          INTEGER NOT NULL DEFAULT 0,
    calls            INTEGER NOT NULL DEFAULT 0,
    inbound_calls    INTEGER NOT NULL DEFAULT 0,
    reached          INTEGER NOT NULL DEFAULT 0,
    appointments_set INTEGER NOT NULL DEFAULT 0,
    appointed_leads  INTEGER NOT NULL DEFAULT 0,
    visits           INTEGER NOT NULL DEFAULT 0,
    orders           INTEGER NOT NULL DEFAULT 0,
    defeat_requests  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, channel_id, agent_id)
) WITHOUT ROWID;
CREATE TABLE report_models (
    month       TEXT NOT NULL,
    channel_id  INTEGER NOT NULL,
    agent_id    INTEGER NOT NULL,
    model       TEXT NOT NULL,
    orders      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, channel_id, model, agent_id)
) WITHOUT ROWID;
CREATE TABLE report_defeats (
    month       TEXT NOT NULL,               -- approved
    channel_id  INTEGER NOT NULL,
    agent_id    INTEGER NOT NULL,            -- who asked
    reason      TEXT NOT NULL,               -- '': none given
    defeats     INTEGER NOT NULL DEFAULT 0,
    overturned  INTEGER NOT NULL DEFAULT 0,
    confirmed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, reason, channel_id, agent_id)
) WITHOUT ROWID;
CREATE TABLE report_grades (
    month       TEXT NOT NULL,
    channel_id  INTEGER NOT NULL,
    agent_id    INTEGER NOT NULL,
    old         TEXT NOT NULL,
    new         TEXT NOT NULL,
    changes     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, agent_id, old, new, channel_id)
) WITHOUT ROWID;
-- The keys are ordered as the reports sum them up.
-- The last row id folded into the report tables, per table.
CREATE TABLE report_folded (
    source  TEXT PRIMARY KEY CHECK (source IN ('leads', 'calls', 'events')),
    upto    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO report_folded (source, upto) VALUES ('leads', 0), ('calls', 0), ('events', 0);

-- Every time full phone numbers were shown in a report or an export.
CREATE TABLE reveals (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    agent_id  INTEGER NOT NULL REFERENCES agents(id),
    actor_id  INTEGER NOT NULL REFERENCES agents(id),
    what      TEXT NOT NULL,
    numbers   INTEGER NOT NULL
);
CREATE TRIGGER reveals_append_only_update BEFORE UPDATE ON reveals
BEGIN SELECT RAISE(ABORT, 'the reveal log is append-only'); END;
CREATE TRIGGER reveals_append_only_delete BEFORE DELETE ON reveals
BEGIN SELECT RAISE(ABORT, 'the reveal log is append-only'); END;

-- Leads by grade and status now, read from the index alone.
CREATE INDEX leads_grade_status ON leads(grade, status, channel_id, owner_id);
-- Grade changes by time, for the list of downgrades.
CREATE INDEX events_grade ON events(at) WHERE kind = 'grade';
"#,
    // 7: the team's day from two indexes alone (no lead or call is read):
    // each agent's due leads with their status, each agent's calls of the day
    // with their outcome and lead. Both replace narrower indexes.
    r#"
DROP INDEX leads_queue;
CREATE INDEX leads_queue ON leads(owner_id, next_due, status) WHERE next_due IS NOT NULL;
DROP INDEX calls_agent;
CREATE INDEX calls_agent ON calls(agent_id, started_at, outcome, lead_id);
"#,
    // 8: served mode. Each agent's SSH keys (a removed key keeps its row,
    // with who removed it and when), and every SSH session: who, with which
    // key, from where, when it started, was last seen alive and ended.
    r#"
CREATE TABLE agent_keys (
    id           INTEGER PRIMARY KEY,
    agent_id     INTEGER NOT NULL REFERENCES agents(id),
    fingerprint  TEXT NOT NULL,           -- SHA256:… as ssh-keygen -l prints it
    kind         TEXT NOT NULL,           -- ssh-ed25519, ssh-rsa, …
    blob         TEXT NOT NULL,           -- base64, as in authorized_keys
    comment      TEXT NOT NULL DEFAULT '',
    added_at     TEXT NOT NULL,
    added_by     INTEGER NOT NULL REFERENCES agents(id),
    removed_at   TEXT,
    removed_by   INTEGER REFERENCES agents(id)
);
CREATE UNIQUE INDEX agent_keys_live ON agent_keys(fingerprint) WHERE removed_at IS NULL;
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    agent_id     INTEGER NOT NULL REFERENCES agents(id),
    fingerprint  TEXT NOT NULL,
    origin       TEXT NOT NULL,           -- client address and port (SSH_CONNECTION)
    command      TEXT,                    -- NULL: the workstation; else the one command run
    started_at   TEXT NOT NULL,
    seen_at      TEXT NOT NULL,
    ended_at     TEXT,
    end_reason   TEXT
);
CREATE INDEX sessions_open ON sessions(agent_id) WHERE ended_at IS NULL;
CREATE TRIGGER sessions_kept BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions are kept'); END;
CREATE TRIGGER sessions_fixed BEFORE UPDATE OF agent_id, fingerprint, origin, command, started_at ON sessions
BEGIN SELECT RAISE(ABORT, 'who, with which key, from where and when a session started are kept'); END;
CREATE TRIGGER agent_keys_kept BEFORE DELETE ON agent_keys
BEGIN SELECT RAISE(ABORT, 'keys are kept; a removed key is marked removed'); END;
"#,
    // 9: backups and restores in the audit log, made by a supervisor or by
    // the account that owns the file (a service account need not be an
    // agent): the actor may be empty, the account is recorded.
    r#"
CREATE TABLE audit_v9 (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES agents(id),
    what      TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    account   TEXT
);
INSERT INTO audit_v9 (id, at, actor_id, what, old, new)
    SELECT id, at, actor_id, what, old, new FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v9 RENAME TO audit;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    // 10: what each agent was typing when their workstation ended without
    // quitting (a dropped connection), shown again at their next start.
    r#"
CREATE TABLE drafts (
    agent_id  INTEGER PRIMARY KEY REFERENCES agents(id),
    lead_id   INTEGER REFERENCES leads(id),
    body      TEXT NOT NULL,             -- the workstation's JSON of the prompt or form
    saved_at  TEXT NOT NULL
);
"#,
    // 11: the inbound agent's home reads the callers they captured today
    // through an index (agent, time) instead of every source.
    r#"
CREATE INDEX lead_sources_agent ON lead_sources(agent_id, at);
"#,
    // 12: the dealer's model list (supervisors keep it): a Chinese name, an
    // optional English name and other spellings, one to a line. A removed
    // model stays, inactive; leads keep the name they have.
    r#"
CREATE TABLE models (
    id        INTEGER PRIMARY KEY,
    name_zh   TEXT NOT NULL UNIQUE,
    name_en   TEXT,
    aliases   TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1,
    added_at  TEXT NOT NULL,
    added_by  INTEGER REFERENCES agents(id)
);
"#,
    // 13: every import, and the leads and sources it wrote, so that an
    // import written in short transactions can be taken back by its id
    // (`store::import_undo`).
    r#"
CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    origin          TEXT NOT NULL,            -- import:<file name>
    agent_id        INTEGER NOT NULL REFERENCES agents(id),
    started_at      TEXT NOT NULL,
    rows            INTEGER NOT NULL,
    all_or_nothing  INTEGER NOT NULL,
    pid             INTEGER,                  -- the process writing it, while it runs
    state           TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'interrupted', 'undone')),
    finished_at     TEXT,
    undone_at       TEXT,
    undone_by       INTEGER REFERENCES agents(id)
);
ALTER TABLE leads ADD COLUMN import_id INTEGER REFERENCES imports(id);
ALTER TABLE lead_sources ADD COLUMN import_id INTEGER REFERENCES imports(id);
CREATE INDEX leads_import ON leads(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX lead_sources_import ON lead_sources(import_id) WHERE import_id IS NOT NULL;
"#,
    // 14: the expected visit keeps the time the caller said: leads.visit_by
    // holds a day (YYYY-MM-DD, as every file before this one) or a day and
    // time (YYYY-MM-DD HH:MM:SS); nothing else gets in. Stored days are
    // kept as they are, and the version keeps an older dcc-desk, which
    // reads a day only, from opening a file with times.
    r#"
CREATE TRIGGER leads_visit_by_insert BEFORE INSERT ON leads
WHEN NEW.visit_by IS NOT NULL
 AND NEW.visit_by NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
 AND NEW.visit_by NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'
BEGIN SELECT RAISE(ABORT, 'leads.visit_by is YYYY-MM-DD or YYYY-MM-DD HH:MM:SS'); END;
CREATE TRIGGER leads_visit_by_update BEFORE UPDATE OF visit_by ON leads
WHEN NEW.visit_by IS NOT NULL
 AND NEW.visit_by NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
 AND NEW.visit_by NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'
BEGIN SELECT RAISE(ABORT, 'leads.visit_by is YYYY-MM-DD or YYYY-MM-DD HH:MM:SS'); END;
"#,
    // 15: how many writes went through the store since the file was made,
    // by what they touched: anything (a rule, an agent, the do-not-call
    // list...), only leads and what hangs on them (a claim, an outcome), or
    // nothing any other workstation shows (a session's heartbeat, start and
    // end, a draft); and, kept by triggers, how many changes touched each
    // agent's leads or calls. An outbound agent's workstation re-reads its
    // queue for the first kind and for its own leads only (`App::tick`):
    // with 300 agents online, heartbeats alone are five writes a second, and
    // 50 agents at work some sixty.
    r#"
CREATE TABLE changes (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    shown    INTEGER NOT NULL,
    leads    INTEGER NOT NULL,
    unshown  INTEGER NOT NULL
);
INSERT INTO changes (id, shown, leads, unshown) VALUES (1, 0, 0, 0);
CREATE TABLE agent_changes (
    agent_id  INTEGER PRIMARY KEY,
    n         INTEGER NOT NULL
);
CREATE TRIGGER agent_changes_lead_insert AFTER INSERT ON leads BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT NEW.owner_id AS a UNION SELECT NEW.claimed_by) WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_lead_update AFTER UPDATE ON leads BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT OLD.owner_id AS a UNION SELECT NEW.owner_id
                      UNION SELECT OLD.claimed_by UNION SELECT NEW.claimed_by)
    WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_lead_delete AFTER DELETE ON leads BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT OLD.owner_id AS a UNION SELECT OLD.claimed_by) WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_call AFTER INSERT ON calls BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT NEW.agent_id AS a
                      UNION SELECT owner_id FROM leads WHERE id = NEW.lead_id)
    WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_event AFTER INSERT ON events BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT owner_id, 1 FROM leads WHERE id = NEW.lead_id AND owner_id IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_source AFTER INSERT ON lead_sources BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT owner_id, 1 FROM leads WHERE id = NEW.lead_id AND owner_id IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_appointment_insert AFTER INSERT ON appointments BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT owner_id, 1 FROM leads WHERE id = NEW.lead_id AND owner_id IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER agent_changes_appointment_update AFTER UPDATE ON appointments BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT owner_id, 1 FROM leads WHERE id = NEW.lead_id AND owner_id IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
"#,
    // 16: the showroom. Sales consultants and showroom managers log in like
    // agents (the role's check is widened: the table is rebuilt, with
    // foreign keys off while migrating, as SQLite documents). A lead handed
    // to a consultant names them; every handover event (arrived, not
    // arrived, ordered, delivered, a showroom defeat, the consultant's next
    // follow-up) is a row of an append-only log under who recorded it; a
    // walk-in registered at reception is kept with its times and the
    // consultant who received it.
    r#"
CREATE TABLE agents_16 (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('inbound', 'outbound', 'supervisor', 'showroom', 'showroom_manager')),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    daily_target  INTEGER CHECK (daily_target IS NULL OR daily_target >= 0)
);
INSERT INTO agents_16 (id, login, name, role, active, created_at, daily_target)
    SELECT id, login, name, role, active, created_at, daily_target FROM agents;
DROP TABLE agents;
ALTER TABLE agents_16 RENAME TO agents;

ALTER TABLE leads ADD COLUMN consultant_id INTEGER REFERENCES agents(id);
ALTER TABLE leads ADD COLUMN handed_at TEXT;
CREATE INDEX leads_consultant ON leads(consultant_id) WHERE consultant_id IS NOT NULL;

CREATE TABLE walk_ins (
    id             INTEGER PRIMARY KEY,
    lead_id        INTEGER NOT NULL REFERENCES leads(id),
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL,
    came_in        TEXT NOT NULL,
    went_out       TEXT,
    revisit        INTEGER NOT NULL CHECK (revisit IN (0, 1)),
    consultant_id  INTEGER NOT NULL REFERENCES agents(id),
    new_lead       INTEGER NOT NULL CHECK (new_lead IN (0, 1)),
    at             TEXT NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES agents(id)
);
CREATE INDEX walk_ins_day ON walk_ins(came_in);
CREATE INDEX walk_ins_lead ON walk_ins(lead_id);

CREATE TABLE handovers (
    id             INTEGER PRIMARY KEY,
    lead_id        INTEGER NOT NULL REFERENCES leads(id),
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('arrived', 'no_show', 'ordered', 'delivered', 'defeat', 'follow_up')),
    consultant_id  INTEGER REFERENCES agents(id),
    agent_id       INTEGER NOT NULL REFERENCES agents(id),
    actor_id       INTEGER NOT NULL REFERENCES agents(id),
    reason         TEXT,
    note           TEXT,
    follow_up      TEXT,
    walk_in_id     INTEGER REFERENCES walk_ins(id)
);
CREATE INDEX handovers_lead ON handovers(lead_id, at);
CREATE INDEX handovers_time ON handovers(at);
CREATE INDEX handovers_consultant ON handovers(consultant_id, at);
CREATE TRIGGER handovers_append_only_update BEFORE UPDATE ON handovers
BEGIN SELECT RAISE(ABORT, 'the handover log is append-only'); END;
CREATE TRIGGER handovers_append_only_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'the handover log is append-only'); END;
CREATE TRIGGER agent_changes_handover AFTER INSERT ON handovers BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT owner_id AS a FROM leads WHERE id = NEW.lead_id
                      UNION SELECT NEW.consultant_id)
    WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
"#,
    // 17: walk-ins registered at reception (`store::walk_in`). The table
    // came with 16 and nothing wrote it before 17: it gains the note
    // reception types; a walk-in never leaves before it came in; the
    // register is append-only, as the handovers are; a walk-in shows on the
    // screens of those it concerns (the lead's DCC agent, the consultant);
    // a consultant's walk-ins of a day are found by index.
    r#"
ALTER TABLE walk_ins ADD COLUMN note TEXT;
CREATE INDEX walk_ins_consultant ON walk_ins(consultant_id, came_in);
CREATE TRIGGER walk_ins_times BEFORE INSERT ON walk_ins
WHEN NEW.went_out IS NOT NULL AND NEW.went_out < NEW.came_in
BEGIN SELECT RAISE(ABORT, 'walk_ins.went_out is before came_in'); END;
CREATE TRIGGER walk_ins_append_only_update BEFORE UPDATE ON walk_ins
BEGIN SELECT RAISE(ABORT, 'the walk-in register is append-only'); END;
CREATE TRIGGER walk_ins_append_only_delete BEFORE DELETE ON walk_ins
BEGIN SELECT RAISE(ABORT, 'the walk-in register is append-only'); END;
CREATE TRIGGER agent_changes_walk_in AFTER INSERT ON walk_ins BEGIN
    INSERT INTO agent_changes (agent_id, n)
    SELECT a, 1 FROM (SELECT owner_id AS a FROM leads WHERE id = NEW.lead_id
                      UNION SELECT NEW.consultant_id)
    WHERE a IS NOT NULL
    ON CONFLICT (agent_id) DO UPDATE SET n = n + 1;
END;
"#,
];

/// The version a file has after every migration.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn migrations_apply_in_order_and_leave_a_consistent_schema() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        for (i, m) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(m)
                .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        }
        let problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(problems, 0);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}
