//! Defeat reasons grouped as dealers group them, with how many defeats the
//! verification calls overturned.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::{ReportFacts, ReportQuery};
use super::labels::{self, Names, L};
use super::{document, rate, Cell, Report, ReportKind, Table};

/// The groups in the order dealers read them (the dealer handbook's defeat groups).
const GROUPS: &[&str] = &[
    "brand",
    "product",
    "price",
    "finance",
    "timing",
    "bought_elsewhere",
    "other",
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
struct Figures {
    defeats: u64,
    /// Verification calls made (overturned + confirmed).
    verified: u64,
    overturned: u64,
    confirmed: u64,
    /// Not verified yet.
    pending: u64,
    /// Overturned among the verified, percent.
    overturned_share: Option<f64>,
}

impl Figures {
    fn add(&mut self, defeats: u64, overturned: u64, confirmed: u64) {
        self.defeats += defeats;
        self.overturned += overturned;
        self.confirmed += confirmed;
        self.verified = self.overturned + self.confirmed;
        self.pending = self.defeats.saturating_sub(self.verified);
        self.overturned_share = rate(self.overturned, self.verified);
    }

    fn cells(&self) -> [Cell; 6] {
        [
            Cell::int(self.defeats),
            Cell::int(self.verified),
            Cell::int(self.overturned),
            Cell::int(self.confirmed),
            Cell::int(self.pending),
            Cell::pct(self.overturned_share),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ReasonLine {
    /// The reason code; empty when the request gave none.
    reason: String,
    name: String,
    #[serde(flatten)]
    figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct GroupLine {
    group: String,
    name: String,
    #[serde(flatten)]
    figures: Figures,
    reasons: Vec<ReasonLine>,
}

pub(super) fn build(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let mut per_reason: BTreeMap<String, Figures> = BTreeMap::new();
    for r in facts.defeats.iter().filter(|r| period.contains(r.month)) {
        per_reason
            .entry(r.reason.clone())
            .or_default()
            .add(r.defeats, r.overturned, r.confirmed);
    }
    let mut total = Figures::default();
    let mut groups: Vec<GroupLine> = Vec::new();
    for (code, f) in &per_reason {
        total.add(f.defeats, f.overturned, f.confirmed);
        let g = n.reason_group(code);
        let line = ReasonLine {
            reason: code.clone(),
            name: n.reason(code),
            figures: *f,
        };
        match groups.iter_mut().find(|x| x.group == g) {
            Some(x) => {
                x.figures.add(f.defeats, f.overturned, f.confirmed);
                x.reasons.push(line);
            }
            None => groups.push(GroupLine {
                name: labels::group(&g, n.lang),
                group: g,
                figures: {
                    let mut x = Figures::default();
                    x.add(f.defeats, f.overturned, f.confirmed);
                    x
                },
                reasons: vec![line],
            }),
        }
    }
    let place = |g: &str| GROUPS.iter().position(|x| *x == g).unwrap_or(GROUPS.len());
    groups.sort_by(|a, b| (place(&a.group), &a.group).cmp(&(place(&b.group), &b.group)));
    for g in &mut groups {
        g.reasons.sort_by(|a, b| {
            (n.reason_order(&a.reason), &a.reason).cmp(&(n.reason_order(&b.reason), &b.reason))
        });
    }

    let figures = [
        L::Defeats,
        L::Verified,
        L::Overturned,
        L::Confirmed,
        L::Pending,
        L::OverturnedShare,
    ];
    let header = |first: &[L]| -> Vec<String> {
        first
            .iter()
            .chain(figures.iter())
            .map(|l| n.t(*l).to_string())
            .collect()
    };
    let mut by_group = Table::new(
        "defeats by group",
        format!("{} {}", n.t(L::DefeatsTitle), n.t(L::ByGroup)),
        header(&[L::Group]),
    );
    let mut by_reason = Table::new(
        "defeats by reason",
        format!("{} {}", n.t(L::DefeatsTitle), n.t(L::ByReason)),
        header(&[L::Group, L::Reason]),
    );
    for g in &groups {
        let mut row = vec![Cell::text(&g.name)];
        row.extend(g.figures.cells());
        by_group.push(row);
        for r in &g.reasons {
            let mut row = vec![Cell::text(&g.name), Cell::text(&r.name)];
            row.extend(r.figures.cells());
            by_reason.push(row);
        }
    }
    let mut row = vec![Cell::text(n.t(L::Total))];
    row.extend(total.cells());
    by_group.push(row);
    let mut row = vec![Cell::text(n.t(L::Total)), Cell::text("")];
    row.extend(total.cells());
    by_reason.push(row);

    #[derive(Serialize)]
    struct Body {
        groups: Vec<GroupLine>,
        total: Figures,
    }
    Report {
        name: ReportKind::Defeats.code(),
        title: format!("{} {} ~ {}", n.t(L::DefeatsTitle), period.from, period.to),
        notes: vec![n.t(L::NoteDefeats).into()],
        tables: vec![by_group, by_reason],
        json: document(ReportKind::Defeats, query, facts, Body { groups, total }),
    }
}
