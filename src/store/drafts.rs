//! What an agent was typing when their workstation ended without quitting
//! (a dropped connection): one draft per agent, kept until their next
//! workstation shows it again and they save, cancel or quit. A draft is the
//! agent's own and saves nothing by itself; the workstation decides what its
//! text means (`app::draft`), the store only keeps it.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

use super::rows::fmt_time;
use super::{Actor, Result, SqliteStore};

/// A draft as kept: the lead it was typed on, if any, and the workstation's
/// own description of the open prompt or form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub lead: Option<i64>,
    pub body: String,
    pub saved_at: NaiveDateTime,
}

/// A draft is a few fields of typing, never a file's worth.
pub const DRAFT_MAX_BYTES: usize = 64 * 1024;

impl SqliteStore {
    /// Keeps what `actor` (the person at the keyboard) is typing, in place
    /// of their earlier draft. A body over [`DRAFT_MAX_BYTES`] is not kept
    /// (`false`): the earlier draft stays.
    pub fn keep_draft(
        &self,
        actor: &Actor,
        lead: Option<i64>,
        body: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        if body.len() > DRAFT_MAX_BYTES {
            return Ok(false);
        }
        if let Some(lead) = lead {
            let t = super::access::ties(self.conn(), lead, now)?;
            super::access::allow(actor, crate::domain::access::Op::See(t))?;
        }
        self.write_unshown(|c| {
            c.prepare_cached(
                "INSERT INTO drafts (agent_id, lead_id, body, saved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(agent_id) DO UPDATE
                 SET lead_id = excluded.lead_id, body = excluded.body, saved_at = excluded.saved_at",
            )?
            .execute(params![actor.real.id, lead, body, fmt_time(now)])?;
            Ok(true)
        })
    }

    /// The draft `actor` left, if any.
    pub fn draft(&self, actor: &Actor) -> Result<Option<Draft>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT lead_id, body, saved_at FROM drafts WHERE agent_id = ?1")?
            .query_row([actor.real.id], |r| {
                Ok(Draft {
                    lead: r.get(0)?,
                    body: r.get(1)?,
                    saved_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// Forgets `actor`'s draft (saved, cancelled, or quit normally).
    pub fn drop_draft(&self, actor: &Actor) -> Result<()> {
        if self.draft(actor)?.is_none() {
            return Ok(());
        }
        self.write_unshown(|c| {
            c.prepare_cached("DELETE FROM drafts WHERE agent_id = ?1")?
                .execute([actor.real.id])?;
            Ok(())
        })
    }
}
