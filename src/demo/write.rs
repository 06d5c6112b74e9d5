//! Writing: rows into SQLite with prepared statements, names of customers,
//! and the indexes dropped and made again around the bulk load.

use super::*;

pub(super) struct Writer<'c> {
    pub(super) lead: Statement<'c>,
    pub(super) call: Statement<'c>,
    pub(super) event: Statement<'c>,
    pub(super) appt: Statement<'c>,
    pub(super) calls: u64,
    pub(super) events: u64,
    pub(super) appts: u64,
    pub(super) name: String,
}

impl<'c> Writer<'c> {
    pub(super) fn new(conn: &'c Connection) -> rusqlite::Result<Writer<'c>> {
        Ok(Writer {
            lead: conn.prepare(
                "INSERT INTO leads (id, name, phone, channel_id, model, purchase_by, visit_by, grade,
                    status, owner_id, next_due, due_reason, tries_today, tries_on, unreached_days,
                    appointment_at, note, created_at, created_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20)",
            )?,
            call: conn.prepare(
                "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome,
                    grade_before, grade_after, reason, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            event: conn.prepare(
                "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            appt: conn.prepare(
                "INSERT INTO appointments (lead_id, visit_at, state, set_by, set_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            calls: 0,
            events: 0,
            appts: 0,
            name: String::with_capacity(16),
        })
    }

    pub(super) fn write(
        &mut self,
        i: u64,
        p: &Plan,
        sim: &Sim,
        team: &Team,
        look: &Lookup,
        phones: &PhonePerm,
    ) -> rusqlite::Result<()> {
        let cx = sim.cx;
        let id = i as i64 + 1;
        let agent_id = |a: u16| team.agents[a as usize].id;
        let val = |v: Val| -> Option<&str> {
            match v {
                Val::No => None,
                Val::Grade(g) => Some(cx.grades[g as usize].as_str()),
                Val::Status(s) => Some(s.code()),
                Val::Owner(o) => Some(team.agents[o as usize].login.as_str()),
            }
        };
        customer_name(cx.seed, i, &mut self.name);
        let phone = phones.phone(i);
        let phone = std::str::from_utf8(&phone).unwrap_or_default();
        let cd = p.created.date();
        let purchase = (p.purchase >= 0).then(|| Stamp::date(cd + days(p.purchase as i64)));
        let visit = (p.visit >= 0).then(|| Stamp::date(cd + days(p.visit as i64)));
        let st = &sim.st;
        let next_due = st.next_due.map(Stamp::time);
        let tries_on = st.tries_on.map(Stamp::date);
        let appointment = st.appointment.map(Stamp::time);
        let created = Stamp::time(p.created);
        let updated = Stamp::time(sim.last.max(p.created));
        let note = (p.note >= 0).then(|| LEAD_NOTES[p.note as usize]);
        self.lead.execute(params![
            id,
            self.name.as_str(),
            phone,
            look.channel_ids[p.channel as usize],
            MODELS[p.model as usize].0,
            purchase.as_ref().map(Stamp::as_str),
            visit.as_ref().map(Stamp::as_str),
            st.grade.as_str(),
            st.status.code(),
            agent_id(sim.owner),
            next_due.as_ref().map(Stamp::as_str),
            st.due_reason.map(|r| r.code()),
            st.tries_today,
            tries_on.as_ref().map(Stamp::as_str),
            st.unreached_days,
            appointment.as_ref().map(Stamp::as_str),
            note,
            created.as_str(),
            agent_id(p.creator),
            updated.as_str(),
        ])?;
        for c in &sim.calls {
            let start = Stamp::time(c.start);
            let end = Stamp::time(c.end);
            self.call.execute(params![
                id,
                agent_id(c.agent),
                agent_id(c.actor),
                start.as_str(),
                end.as_str(),
                c.outcome.code(),
                cx.grades[c.before as usize].as_str(),
                cx.grades[c.after as usize].as_str(),
                c.reason,
                c.note,
            ])?;
        }
        for e in &sim.events {
            let when = Stamp::time(e.at);
            self.event.execute(params![
                id,
                when.as_str(),
                agent_id(e.agent),
                agent_id(e.actor),
                e.kind,
                val(e.old),
                val(e.new),
                e.note,
            ])?;
        }
        for a in &sim.appts {
            let visit = Stamp::time(a.visit);
            let set = Stamp::time(a.set_at);
            let upd = Stamp::time(a.updated);
            self.appt.execute(params![
                id,
                visit.as_str(),
                a.state,
                agent_id(a.set_by),
                set.as_str(),
                upd.as_str(),
            ])?;
        }
        self.calls += sim.calls.len() as u64;
        self.events += sim.events.len() as u64;
        self.appts += sim.appts.len() as u64;
        Ok(())
    }
}

/// The customer's name of lead `i`: a full name, or a surname and 先生/女士
/// as web forms often give it.
pub(super) fn customer_name(seed: u64, i: u64, out: &mut String) {
    let mut rng = Rng::stream(seed, 4, i);
    out.clear();
    // Cumulative weights of SURNAMES, computed once.
    static TOTAL: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let total = *TOTAL.get_or_init(|| SURNAMES.iter().map(|s| s.2).sum());
    let mut r = rng.below(total as u64) as u32;
    let mut surname = SURNAMES[0].0;
    for s in SURNAMES {
        if r < s.2 {
            surname = s.0;
            break;
        }
        r -= s.2;
    }
    out.push_str(surname);
    let form = rng.below(100);
    if form < 22 {
        out.push_str(if rng.chance(0.62) { "先生" } else { "女士" });
    } else if form < 50 {
        out.push_str(GIVEN[rng.below(GIVEN.len() as u64) as usize].0);
    } else {
        out.push_str(GIVEN_FIRST[rng.below(GIVEN_FIRST.len() as u64) as usize]);
        if rng.chance(0.75) {
            out.push_str(GIVEN_SECOND[rng.below(GIVEN_SECOND.len() as u64) as usize]);
        }
    }
}

/// Drops the secondary indexes of the bulk-loaded tables, returning their
/// definitions exactly as the schema wrote them, to be created again afterwards.
pub(super) fn drop_indexes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let found: Vec<(String, String)> = {
        let mut st = conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('leads', 'calls', 'events', 'appointments')
             ORDER BY name",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut defs = Vec::with_capacity(found.len());
    for (name, sql) in found {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        defs.push(sql);
    }
    Ok(defs)
}
