//! The supervisor's reports screen: orders per month by channel, the funnel,
//! calls per day and two report tables. Everything is computed when the
//! screen opens (and on `r`), never while drawing.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent};

use super::{App, Level, Message, Mode};
use crate::i18n::Msg;
use crate::report::charts::{self, ChannelCharts, DailyCalls};
use crate::report::{self, Month, Period, ReportKind, ReportQuery};
use crate::store::StoreError;

/// Days shown on the calls page, today included.
pub const DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Orders,
    Funnel,
    Calls,
    Defeats,
    Grades,
    Agents,
}

impl Page {
    pub const ALL: [Page; 6] = [
        Page::Orders,
        Page::Funnel,
        Page::Calls,
        Page::Defeats,
        Page::Grades,
        Page::Agents,
    ];

    pub fn title(self) -> Msg {
        match self {
            Page::Orders => Msg::PageOrders,
            Page::Funnel => Msg::PageFunnel,
            Page::Calls => Msg::PageCalls,
            Page::Defeats => Msg::PageDefeats,
            Page::Grades => Msg::PageGrades,
            Page::Agents => Msg::PageAgents,
        }
    }

    pub fn index(self) -> usize {
        Page::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// Whether ↑ ↓ choose a channel on this page (else they scroll).
    pub fn picks_channel(self) -> bool {
        matches!(self, Page::Orders | Page::Funnel)
    }

    /// Whether the page is a table that scrolls.
    pub fn scrolls(self) -> bool {
        matches!(self, Page::Defeats | Page::Grades | Page::Agents)
    }
}

/// One table of a report, laid out as text once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableText {
    pub title: String,
    pub header: String,
    pub rule: String,
    pub rows: Vec<String>,
    pub footer: Option<String>,
}

/// A report's tables as text, with the notes under its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportText {
    pub title: String,
    pub notes: Vec<String>,
    pub tables: Vec<TableText>,
}

impl ReportText {
    fn of(r: &report::Report) -> ReportText {
        ReportText {
            title: r.title.clone(),
            notes: r.notes.clone(),
            tables: r
                .tables
                .iter()
                .map(|t| {
                    let mut lines = t.lines().into_iter();
                    TableText {
                        title: t.title.clone(),
                        header: lines.next().unwrap_or_default(),
                        rule: lines.next().unwrap_or_default(),
                        rows: lines.collect(),
                        footer: t.footer.clone(),
                    }
                })
                .collect(),
        }
    }

    /// The widest line, in terminal cells.
    pub fn width(&self) -> usize {
        use unicode_width::UnicodeWidthStr;
        self.tables
            .iter()
            .flat_map(|t| [&t.header, &t.rule].into_iter().chain(&t.rows))
            .map(|l| l.width())
            .max()
            .unwrap_or(0)
    }

    /// Lines the page has (titles, headers, rules, rows, footers, gaps).
    pub fn height(&self) -> usize {
        self.tables
            .iter()
            .map(|t| 4 + t.rows.len() + usize::from(t.footer.is_some()))
            .sum()
    }
}

/// The reports screen: the figures, computed once, and where the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportsView {
    pub page: Page,
    /// The series shown on the orders and funnel pages (0: all channels).
    pub channel: usize,
    /// First line shown of a table page.
    pub scroll: usize,
    /// Cells a table page is moved to the left by (`<` `>`), for tables
    /// wider than the screen.
    pub hscroll: usize,
    pub computed_at: NaiveDateTime,
    pub channels: ChannelCharts,
    pub calls: DailyCalls,
    pub defeats: ReportText,
    /// Leads by grade and status, grade changes, and the downgrades listed.
    pub grades: ReportText,
    pub agents: ReportText,
}

impl ReportsView {
    pub fn series(&self) -> Option<&charts::Series> {
        self.channels.series.get(self.channel)
    }

    fn table(&self) -> Option<&ReportText> {
        match self.page {
            Page::Defeats => Some(&self.defeats),
            Page::Grades => Some(&self.grades),
            Page::Agents => Some(&self.agents),
            _ => None,
        }
    }
}

/// The twelve months to this one, as `dcc report` reads by default.
fn period(today: NaiveDate) -> Period {
    let to = Month::of(today);
    Period {
        from: to.plus(-11),
        to,
    }
}

/// Reads every figure of the screen from the store.
fn compute(app: &App) -> Result<ReportsView, StoreError> {
    let now = app.now();
    let today = now.date();
    let period = period(today);
    let query = |kind| ReportQuery::new(kind, period, today);
    let text = |kind| -> Result<ReportText, StoreError> {
        let q = query(kind);
        let facts = app.store.report(&app.actor, &q, now)?;
        Ok(ReportText::of(&report::build(&q, &facts, app.lang)))
    };
    let funnel = query(ReportKind::Funnel);
    let facts = app.store.report(&app.actor, &funnel, now)?;
    let days = app
        .store
        .calls_per_day(&app.actor, today - Duration::days(DAYS - 1), today)?;
    Ok(ReportsView {
        page: Page::Orders,
        channel: 0,
        scroll: 0,
        hscroll: 0,
        computed_at: now,
        channels: charts::channels(&funnel, &facts, app.lang),
        calls: DailyCalls { days },
        defeats: text(ReportKind::Defeats)?,
        grades: text(ReportKind::Grades)?,
        agents: text(ReportKind::Agents)?,
    })
}

/// `R`: opens the screen for a supervisor; anyone else is told only a
/// supervisor may, and stays on the queue.
pub(super) fn open(app: &mut App) {
    if !app.actor.is_supervisor() {
        app.error(&StoreError::NotPermitted(
            crate::store::Restricted::ReadReports,
        ));
        return;
    }
    match compute(app) {
        Ok(v) => {
            app.message = None;
            app.mode = Mode::Reports(Box::new(v));
        }
        Err(e) => app.error(&e),
    }
}

/// `r`: reads the figures again, staying on the same page and channel.
fn refresh(app: &mut App, old: ReportsView) -> ReportsView {
    match compute(app) {
        Ok(mut v) => {
            let id = old.series().and_then(|s| s.channel.as_ref()).map(|c| c.0);
            v.page = old.page;
            v.scroll = old.scroll;
            v.hscroll = old.hscroll;
            v.channel = v
                .channels
                .series
                .iter()
                .position(|s| s.channel.as_ref().map(|c| c.0) == id)
                .unwrap_or(0);
            app.message = Some(Message {
                level: Level::Info,
                text: format!(
                    "{} {}",
                    app.t(Msg::Updated),
                    v.computed_at.format("%H:%M:%S")
                ),
            });
            v
        }
        Err(e) => {
            app.error(&e);
            old
        }
    }
}

pub(super) fn on_key(app: &mut App, key: KeyEvent) {
    let Mode::Reports(v) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return;
    };
    let mut v = *v;
    let pages = Page::ALL.len();
    let here = v.page.index();
    let go = |v: &mut ReportsView, i: usize| {
        v.page = Page::ALL[i % pages];
        v.scroll = 0;
        v.hscroll = 0;
    };
    const PAGE: usize = 10;
    const SIDEWAYS: usize = 8;
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('R') => return,
        KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => go(&mut v, here + 1),
        KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => go(&mut v, here + pages - 1),
        KeyCode::Char(c @ '1'..='9') => {
            let i = c as usize - '1' as usize;
            if i < pages {
                go(&mut v, i);
            }
        }
        KeyCode::Char('r') => v = refresh(app, v),
        KeyCode::Up | KeyCode::Char('k') => {
            if v.page.picks_channel() {
                v.channel = v.channel.saturating_sub(1);
            } else {
                v.scroll = v.scroll.saturating_sub(1);
            }
        }
        KeyCode::Down | KeyCode::Char('j') => {
            if v.page.picks_channel() {
                v.channel = (v.channel + 1).min(v.channels.series.len().saturating_sub(1));
            } else if let Some(t) = v.table() {
                v.scroll = (v.scroll + 1).min(t.height().saturating_sub(1));
            }
        }
        KeyCode::PageUp => {
            if v.page.picks_channel() {
                v.channel = v.channel.saturating_sub(PAGE);
            } else {
                v.scroll = v.scroll.saturating_sub(PAGE);
            }
        }
        KeyCode::PageDown => {
            if v.page.picks_channel() {
                v.channel = (v.channel + PAGE).min(v.channels.series.len().saturating_sub(1));
            } else if let Some(t) = v.table() {
                v.scroll = (v.scroll + PAGE).min(t.height().saturating_sub(1));
            }
        }
        KeyCode::Char('<' | ',') => v.hscroll = v.hscroll.saturating_sub(SIDEWAYS),
        KeyCode::Char('>' | '.') => {
            if let Some(t) = v.table() {
                v.hscroll = (v.hscroll + SIDEWAYS).min(t.width().saturating_sub(1));
            }
        }
        KeyCode::Home => {
            v.channel = 0;
            v.scroll = 0;
            v.hscroll = 0;
        }
        _ => {}
    }
    app.mode = Mode::Reports(Box::new(v));
}
