//! The model mix: orders per model with its share, to two decimals, for all
//! channels together and for each channel.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::{ReportFacts, ReportQuery};
use super::labels::{Names, L};
use super::{document, rate, Cell, Report, ReportKind, Table};

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ModelShare {
    model: String,
    orders: u64,
    /// Percent of the channel's orders, two decimals.
    share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Mix {
    /// Channel code, or `all`.
    channel: String,
    name: String,
    orders: u64,
    models: Vec<ModelShare>,
}

fn mix(channel: String, name: String, orders: &BTreeMap<String, u64>) -> Mix {
    let total: u64 = orders.values().sum();
    let mut models: Vec<ModelShare> = orders
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(m, n)| ModelShare {
            model: m.clone(),
            orders: *n,
            share: rate(*n, total),
        })
        .collect();
    // Most ordered first; equal counts by name.
    models.sort_by(|a, b| b.orders.cmp(&a.orders).then_with(|| a.model.cmp(&b.model)));
    Mix {
        channel,
        name,
        orders: total,
        models,
    }
}

pub(super) fn build(query: &ReportQuery, facts: &ReportFacts, n: &Names) -> Report {
    let period = query.period;
    let mut per_channel: BTreeMap<i64, BTreeMap<String, u64>> = BTreeMap::new();
    let mut all: BTreeMap<String, u64> = BTreeMap::new();
    for r in facts.models.iter().filter(|r| period.contains(r.month)) {
        *per_channel
            .entry(r.channel_id)
            .or_default()
            .entry(r.model.clone())
            .or_default() += r.orders;
        *all.entry(r.model.clone()).or_default() += r.orders;
    }
    let mut order: Vec<i64> = facts.channels.iter().map(|c| c.id).collect();
    order.extend(
        per_channel
            .keys()
            .filter(|id| !facts.channels.iter().any(|c| c.id == **id)),
    );
    let channels: Vec<Mix> = order
        .iter()
        .filter_map(|id| per_channel.get(id).map(|m| (id, m)))
        .map(|(id, m)| mix(n.channel_code(*id), n.channel(*id), m))
        .filter(|m| m.orders > 0)
        .collect();
    let everything = mix("all".into(), n.t(L::All).into(), &all);

    let mut t = Table::new(
        "models",
        format!("{} {} ~ {}", n.t(L::ModelsTitle), period.from, period.to),
        [L::Channel, L::Model, L::Orders, L::Share]
            .iter()
            .map(|l| n.t(*l).to_string())
            .collect(),
    );
    for m in std::iter::once(&everything).chain(&channels) {
        for s in &m.models {
            t.push(vec![
                Cell::text(&m.name),
                Cell::text(&s.model),
                Cell::int(s.orders),
                Cell::pct(s.share),
            ]);
        }
        t.push(vec![
            Cell::text(&m.name),
            Cell::text(n.t(L::Total)),
            Cell::int(m.orders),
            Cell::pct(rate(m.orders, m.orders)),
        ]);
    }

    #[derive(Serialize)]
    struct Body {
        all: Mix,
        channels: Vec<Mix>,
    }
    Report {
        name: ReportKind::Models.code(),
        title: t.title.clone(),
        notes: Vec::new(),
        tables: vec![t],
        json: document(
            ReportKind::Models,
            query,
            facts,
            Body {
                all: everything,
                channels,
            },
        ),
    }
}
