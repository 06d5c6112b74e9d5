//! The supervisor's reports screen: orders per month by channel, the funnel,
//! calls per day and two report tables.
//!
//! Nothing slow on the key path: `R` shows the screen at once ("reading…",
//! with the step it is at), and a worker thread with its own connection
//! folds the new history and reads the figures; the results come back over
//! a channel that [`poll`] reads between key presses. `r` reads again the
//! same way, showing the old figures meanwhile. Nothing is computed while
//! drawing.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent};

use super::{Action, App, Level, Message, Mode};
use crate::i18n::{Lang, Msg};
use crate::report::charts::{self, ChannelCharts, DailyCalls};
use crate::report::{self, Month, Period, ReportKind, ReportQuery};
use crate::store::{Actor, LeadStore, StoreError};

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
    /// The three stages, tomorrow's visits by consultant, the handovers.
    Showroom,
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Orders,
        Page::Funnel,
        Page::Calls,
        Page::Defeats,
        Page::Grades,
        Page::Agents,
        Page::Showroom,
    ];

    /// The page's name on its tab.
    pub fn title(self, lang: Lang) -> &'static str {
        let m = match self {
            Page::Orders => Msg::PageOrders,
            Page::Funnel => Msg::PageFunnel,
            Page::Calls => Msg::PageCalls,
            Page::Defeats => Msg::PageDefeats,
            Page::Grades => Msg::PageGrades,
            Page::Agents => Msg::PageAgents,
            Page::Showroom => return crate::i18n::ShowroomReportWord::Page.text(lang),
        };
        m.text(lang)
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
        matches!(
            self,
            Page::Defeats | Page::Grades | Page::Agents | Page::Showroom
        )
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
    pub(super) fn of(r: &report::Report) -> ReportText {
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
    /// Read after the other figures, which it never holds back (it reads
    /// live tables: seconds at a million leads); `None` until then.
    pub showroom: Option<super::reports_showroom::ShowroomPage>,
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
            Page::Showroom => self.showroom.as_ref().map(|p| &p.text),
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

/// What the worker is doing, in the order it does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Folding the history into the report tables (long the first time).
    Folding,
    Funnel,
    Calls,
    Tables,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Folding, Step::Funnel, Step::Calls, Step::Tables];

    pub fn title(self) -> Msg {
        match self {
            Step::Folding => Msg::ReadingHistory,
            Step::Funnel => Msg::ReadingFunnel,
            Step::Calls => Msg::ReadingCalls,
            Step::Tables => Msg::ReadingTables,
        }
    }

    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// The reports screen before its first figures arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub step: Step,
    pub since: NaiveDateTime,
}

enum Update {
    Step(Step),
    Done(Box<Result<ReportsView, StoreError>>),
    /// The showroom page, after the rest.
    Showroom(Box<Result<super::reports_showroom::ShowroomPage, StoreError>>),
}

/// Figures being read in the background.
pub struct Job {
    rx: Receiver<Update>,
    /// The view being refreshed (`r`): its page and channel are kept.
    refresh: bool,
}

/// Reads every figure of the screen from `store`, saying which step it is
/// at.
fn compute(
    store: &dyn LeadStore,
    actor: &Actor,
    lang: Lang,
    now: NaiveDateTime,
    step: &dyn Fn(Step),
) -> Result<ReportsView, StoreError> {
    let today = now.date();
    let period = period(today);
    let query = |kind| ReportQuery::new(kind, period, today);
    step(Step::Folding);
    if !store.read_only() {
        // A read-only file folds in memory for each report instead.
        store.refresh_reports(actor)?;
    }
    let text = |kind| -> Result<ReportText, StoreError> {
        let q = query(kind);
        let facts = store.report(actor, &q, now)?;
        Ok(ReportText::of(&report::build(&q, &facts, lang)))
    };
    step(Step::Funnel);
    let funnel = query(ReportKind::Funnel);
    let facts = store.report(actor, &funnel, now)?;
    step(Step::Calls);
    let days = store.calls_per_day(actor, today - Duration::days(DAYS - 1), today)?;
    step(Step::Tables);
    Ok(ReportsView {
        page: Page::Orders,
        channel: 0,
        scroll: 0,
        hscroll: 0,
        computed_at: now,
        channels: charts::channels(&funnel, &facts, lang),
        calls: DailyCalls { days },
        defeats: text(ReportKind::Defeats)?,
        grades: text(ReportKind::Grades)?,
        agents: text(ReportKind::Agents)?,
        showroom: None,
    })
}

/// The showroom page, over the same months as the rest of the screen.
fn compute_showroom(
    store: &dyn LeadStore,
    actor: &Actor,
    lang: Lang,
    now: NaiveDateTime,
) -> Result<super::reports_showroom::ShowroomPage, StoreError> {
    super::reports_showroom::compute(store, actor, lang, period(now.date()), now)
}

/// Starts reading the figures: on a worker with its own connection when
/// the store can open one, else here and now.
fn start(app: &mut App, refresh: bool) {
    let (tx, rx) = mpsc::channel();
    let (actor, lang, now) = (app.actor.clone(), app.lang, app.now());
    match app.store.worker() {
        Some(open) => {
            std::thread::spawn(move || {
                let step = |s| {
                    let _ = tx.send(Update::Step(s));
                };
                let store = match open() {
                    Ok(store) => store,
                    Err(e) => {
                        let _ = tx.send(Update::Done(Box::new(Err(e))));
                        return;
                    }
                };
                let result = compute(&*store, &actor, lang, now, &step);
                let ok = result.is_ok();
                let _ = tx.send(Update::Done(Box::new(result)));
                if ok {
                    let page = compute_showroom(&*store, &actor, lang, now);
                    let _ = tx.send(Update::Showroom(Box::new(page)));
                }
            });
        }
        None => {
            let result = compute(&*app.store, &actor, lang, now, &|_| {});
            let ok = result.is_ok();
            let _ = tx.send(Update::Done(Box::new(result)));
            if ok {
                let page = compute_showroom(&*app.store, &actor, lang, now);
                let _ = tx.send(Update::Showroom(Box::new(page)));
            }
        }
    }
    app.reports_job = Some(Job { rx, refresh });
}

/// `R`: opens the screen for a supervisor at once, the figures to follow;
/// anyone else is told only a supervisor may, and stays on the queue.
pub(super) fn open(app: &mut App) {
    if !app.permitted(crate::domain::access::Op::ReadReports) {
        return;
    }
    app.message = None;
    app.mode = Mode::ReportsReading(Reading {
        step: Step::Folding,
        since: app.now(),
    });
    start(app, false);
}

/// Takes what the worker has sent since the last look; returns whether the
/// screen changed. Called between key presses.
pub fn poll(app: &mut App) -> bool {
    let mut changed = false;
    loop {
        let Some(job) = &app.reports_job else {
            return changed;
        };
        let update = match job.rx.try_recv() {
            Ok(u) => u,
            Err(TryRecvError::Empty) => return changed,
            Err(TryRecvError::Disconnected) => {
                app.reports_job = None;
                return changed;
            }
        };
        changed |= apply(app, update);
    }
}

/// Waits for figures being read and shows them: for tests and benchmarks,
/// which have no tick loop.
pub fn settle(app: &mut App) {
    while let Some(job) = &app.reports_job {
        match job.rx.recv() {
            Ok(u) => {
                apply(app, u);
            }
            Err(_) => app.reports_job = None,
        }
    }
}

fn apply(app: &mut App, update: Update) -> bool {
    match update {
        Update::Step(step) => match &mut app.mode {
            Mode::ReportsReading(r) => {
                r.step = step;
                true
            }
            _ => false,
        },
        Update::Showroom(result) => apply_showroom(app, *result),
        Update::Done(result) => {
            // The job goes on for the showroom page (the worker hangs up
            // after it, or after an error).
            let refresh = app.reports_job.as_ref().is_some_and(|j| j.refresh);
            match (*result, std::mem::replace(&mut app.mode, Mode::Normal)) {
                (Ok(v), Mode::ReportsReading(_)) => {
                    app.mode = Mode::Reports(Box::new(v));
                }
                (Ok(v), Mode::Reports(old)) if refresh => {
                    let v = keep_place(v, &old);
                    app.message = Some(Message {
                        level: Level::Info,
                        text: format!(
                            "{} {}",
                            app.t(Msg::Updated),
                            v.computed_at.format("%H:%M:%S")
                        ),
                    });
                    app.mode = Mode::Reports(Box::new(v));
                }
                (Err(e), Mode::ReportsReading(_)) => app.error(&e),
                (Err(e), mode @ Mode::Reports(_)) => {
                    app.mode = mode;
                    app.error(&e);
                }
                // The screen was left meanwhile: the figures are dropped.
                (_, mode) => app.mode = mode,
            }
            true
        }
    }
}

/// The showroom page's figures, into the view they were read for (a view
/// left or replaced meanwhile takes none).
fn apply_showroom(
    app: &mut App,
    result: Result<super::reports_showroom::ShowroomPage, StoreError>,
) -> bool {
    app.reports_job = None;
    let Mode::Reports(v) = &mut app.mode else {
        return false;
    };
    match result {
        Ok(page) => v.showroom = Some(page),
        Err(e) => app.error(&e),
    }
    true
}

/// New figures, on the page and channel the user was looking at.
fn keep_place(mut v: ReportsView, old: &ReportsView) -> ReportsView {
    let id = old.series().and_then(|s| s.channel.as_ref()).map(|c| c.0);
    v.page = old.page;
    // The showroom page as it was until its new figures come.
    v.showroom = old.showroom.clone();
    v.scroll = old.scroll;
    v.hscroll = old.hscroll;
    v.channel = v
        .channels
        .series
        .iter()
        .position(|s| s.channel.as_ref().map(|c| c.0) == id)
        .unwrap_or(0);
    v
}

/// Keys while the figures are read: leaving is all there is.
pub(super) fn on_reading_key(app: &mut App, action: Option<Action>) {
    if action == Some(Action::Back) {
        app.reports_job = None;
        app.mode = Mode::Normal;
    }
}

pub(super) fn on_key(app: &mut App, key: KeyEvent, action: Option<Action>) {
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
    // A page's number jumps to it (not a binding: one key per page).
    if let (None, KeyCode::Char(c @ '1'..='9')) = (action, key.code) {
        let i = c as usize - '1' as usize;
        if i < pages {
            go(&mut v, i);
        }
    }
    match action {
        Some(Action::Back) => {
            app.reports_job = None;
            return;
        }
        Some(Action::NextPage) => go(&mut v, here + 1),
        Some(Action::PrevPage) => go(&mut v, here + pages - 1),
        Some(Action::Refresh) => {
            app.message = Some(Message {
                level: Level::Info,
                text: app.t(Msg::Reading).to_string(),
            });
            start(app, true);
        }
        Some(Action::Up) => {
            if v.page.picks_channel() {
                v.channel = v.channel.saturating_sub(1);
            } else {
                v.scroll = v.scroll.saturating_sub(1);
            }
        }
        Some(Action::Down) => {
            if v.page.picks_channel() {
                v.channel = (v.channel + 1).min(v.channels.series.len().saturating_sub(1));
            } else if let Some(t) = v.table() {
                v.scroll = (v.scroll + 1).min(t.height().saturating_sub(1));
            }
        }
        Some(Action::PageUp) => {
            if v.page.picks_channel() {
                v.channel = v.channel.saturating_sub(PAGE);
            } else {
                v.scroll = v.scroll.saturating_sub(PAGE);
            }
        }
        Some(Action::PageDown) => {
            if v.page.picks_channel() {
                v.channel = (v.channel + PAGE).min(v.channels.series.len().saturating_sub(1));
            } else if let Some(t) = v.table() {
                v.scroll = (v.scroll + PAGE).min(t.height().saturating_sub(1));
            }
        }
        Some(Action::ScrollLeft) => v.hscroll = v.hscroll.saturating_sub(SIDEWAYS),
        Some(Action::ScrollRight) => {
            if let Some(t) = v.table() {
                v.hscroll = (v.hscroll + SIDEWAYS).min(t.width().saturating_sub(1));
            }
        }
        Some(Action::Top) => {
            v.channel = 0;
            v.scroll = 0;
            v.hscroll = 0;
        }
        _ => {}
    }
    app.mode = Mode::Reports(Box::new(v));
}
