//! The figures the workstation's reports screen draws: orders per month and
//! the funnel for all channels and for each one, and calls per day. Pure
//! computations over the report facts and the daily counts the store gives;
//! they count exactly as the `funnel` report does (see the module above).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::facts::{Counts, ReportFacts, ReportQuery};
use super::labels::Names;
use super::{per, rate, Month, Period};
use crate::i18n::Lang;

/// The figures of one channel over the period (or of all channels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The channel's id and name; `None` for all channels together.
    pub channel: Option<(i64, String)>,
    /// Orders in each month of the period, in order.
    pub orders: Vec<u64>,
    /// The funnel's figures summed over the period.
    pub counts: Counts,
    /// The channel's spend over the period, in cents (`None`: none recorded).
    pub spend_cents: Option<i64>,
}

/// The funnel of a series: each stage, and the rates between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Funnel {
    pub leads: u64,
    pub valid: u64,
    pub appointments: u64,
    pub visits: u64,
    pub orders: u64,
    /// Appointments ÷ valid leads (邀约率), percent.
    pub invitation_rate: Option<f64>,
    /// Visits ÷ appointments (到店率), percent.
    pub visit_rate: Option<f64>,
    /// Orders ÷ visits (成交率), percent.
    pub close_rate: Option<f64>,
    /// Spend ÷ visits and ÷ orders, in cents; only where there was spend.
    pub cost_per_visit: Option<i64>,
    pub cost_per_order: Option<i64>,
}

impl Series {
    pub fn total_orders(&self) -> u64 {
        self.orders.iter().sum()
    }

    /// Orders per month over the period, to two decimals.
    pub fn monthly_average(&self) -> Option<f64> {
        super::average(self.total_orders(), self.orders.len())
    }

    /// The month with the most orders (the latest of equals), and its orders.
    pub fn best_month(&self, months: &[Month]) -> Option<(Month, u64)> {
        months
            .iter()
            .zip(&self.orders)
            .filter(|(_, n)| **n > 0)
            .max_by_key(|(m, n)| (**n, **m))
            .map(|(m, n)| (*m, *n))
    }

    pub fn funnel(&self) -> Funnel {
        Funnel::of(&self.counts, self.spend_cents)
    }
}

impl Funnel {
    /// The stages, the rates between them and the costs, from the counts and
    /// the spend in cents. No spend recorded: no cost, not a cost of 0.
    pub fn of(c: &Counts, spend_cents: Option<i64>) -> Funnel {
        let valid = c.valid();
        let spend = spend_cents.filter(|s| *s > 0);
        Funnel {
            leads: c.leads,
            valid,
            appointments: c.appointed_leads,
            visits: c.visits,
            orders: c.orders,
            invitation_rate: rate(c.appointed_leads, valid),
            visit_rate: rate(c.visits, c.appointed_leads),
            close_rate: rate(c.orders, c.visits),
            cost_per_visit: spend.and_then(|s| per(s, c.visits)),
            cost_per_order: spend.and_then(|s| per(s, c.orders)),
        }
    }
}

/// Orders per month and the funnel, all channels first, then each channel
/// with figures, the most orders first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelCharts {
    pub period: Period,
    pub months: Vec<Month>,
    pub series: Vec<Series>,
}

/// Builds the channel charts from the facts of a `funnel` query (figures by
/// month, channel and agent, and the channels' spend).
pub fn channels(query: &ReportQuery, facts: &ReportFacts, lang: Lang) -> ChannelCharts {
    let period = query.period;
    let months = period.months();
    let slot: BTreeMap<Month, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let blank = |channel| Series {
        channel,
        orders: vec![0; months.len()],
        counts: Counts::default(),
        spend_cents: None,
    };
    let names = Names::new(facts, lang);
    let mut all = blank(None);
    let mut by_channel: BTreeMap<i64, Series> = BTreeMap::new();
    for r in facts.months.iter().filter(|r| period.contains(r.month)) {
        let Some(&i) = slot.get(&r.month) else {
            continue;
        };
        let s = by_channel
            .entry(r.channel_id)
            .or_insert_with(|| blank(Some((r.channel_id, names.channel(r.channel_id)))));
        s.counts += r.counts;
        s.orders[i] += r.counts.orders;
        all.counts += r.counts;
        all.orders[i] += r.counts.orders;
    }
    // Spend is no agent's: it counts only when the figures are not limited to one.
    if facts.agent.is_none() {
        for sp in facts.spend.iter().filter(|s| period.contains(s.month)) {
            let s = by_channel
                .entry(sp.channel_id)
                .or_insert_with(|| blank(Some((sp.channel_id, names.channel(sp.channel_id)))));
            *s.spend_cents.get_or_insert(0) += sp.cents;
            *all.spend_cents.get_or_insert(0) += sp.cents;
        }
    }
    // The channels' own order breaks ties.
    let place = |id: i64| {
        facts
            .channels
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut rest: Vec<Series> = by_channel
        .into_values()
        .filter(|s| !s.counts.is_zero() || s.spend_cents.unwrap_or(0) != 0)
        .collect();
    rest.sort_by_key(|s| {
        let id = s.channel.as_ref().map_or(0, |c| c.0);
        (std::cmp::Reverse(s.total_orders()), place(id), id)
    });
    let mut series = vec![all];
    series.extend(rest);
    ChannelCharts {
        period,
        months,
        series,
    }
}

/// Calls per day, the last day being today (still going).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyCalls {
    pub days: Vec<(NaiveDate, u64)>,
}

impl DailyCalls {
    /// The days before the last one: whole days.
    fn whole(&self) -> &[(NaiveDate, u64)] {
        match self.days.split_last() {
            Some((_, rest)) => rest,
            None => &[],
        }
    }

    /// The quietest whole day (the latest of equals).
    pub fn min(&self) -> Option<(NaiveDate, u64)> {
        self.whole()
            .iter()
            .copied()
            .min_by_key(|(d, n)| (*n, std::cmp::Reverse(*d)))
    }

    /// The busiest whole day (the latest of equals).
    pub fn max(&self) -> Option<(NaiveDate, u64)> {
        self.whole().iter().copied().max_by_key(|(d, n)| (*n, *d))
    }

    /// Calls per whole day, to two decimals.
    pub fn average(&self) -> Option<f64> {
        let w = self.whole();
        super::average(w.iter().map(|(_, n)| n).sum(), w.len())
    }

    /// Where the bars start: nine tenths of the quietest whole day,
    /// rounded down to a round number, so that a team making 600 to 800 calls
    /// a day sees its days differ instead of thirty full bars. Zero when a
    /// whole day had no calls or there are too few to bother.
    pub fn baseline(&self) -> u64 {
        let Some((_, least)) = self.min() else {
            return 0;
        };
        let floor = least * 9 / 10;
        let step = match floor {
            0..=19 => return 0,
            20..=199 => 10,
            200..=1999 => 100,
            _ => 1000,
        };
        floor / step * step
    }

    /// Today's calls so far.
    pub fn today(&self) -> Option<(NaiveDate, u64)> {
        self.days.last().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::super::facts::{ChannelName, MonthRow, SpendRow};
    use super::super::ReportKind;
    use super::*;

    fn days(counts: &[u64]) -> DailyCalls {
        let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        DailyCalls {
            days: counts
                .iter()
                .enumerate()
                .map(|(i, n)| (first + chrono::Duration::days(i as i64), *n))
                .collect(),
        }
    }

    #[test]
    fn the_bars_start_below_the_quietest_whole_day() {
        // Today (the last day) is not a whole day: its few calls do not count.
        assert_eq!(days(&[603, 774, 650, 12]).baseline(), 500);
        assert_eq!(days(&[60, 80, 3]).baseline(), 50);
        assert_eq!(days(&[0, 80, 3]).baseline(), 0);
        assert_eq!(days(&[15, 20, 3]).baseline(), 0);
        assert_eq!(days(&[]).baseline(), 0);
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn row(month: &str, channel: i64, agent: i64, orders: u64, leads: u64) -> MonthRow {
        MonthRow {
            month: m(month),
            channel_id: channel,
            agent_id: agent,
            counts: Counts {
                leads,
                appointed_leads: orders * 2,
                visits: orders + 1,
                orders,
                ..Default::default()
            },
        }
    }

    fn channel(id: i64, zh: &str, en: &str) -> ChannelName {
        ChannelName {
            id,
            code: en.to_lowercase(),
            name_zh: zh.into(),
            name_en: en.into(),
        }
    }

    #[test]
    fn orders_by_month_sum_agents_and_rank_channels_by_orders() {
        let period = Period {
            from: m("2026-09"),
            to: m("2026-11"),
        };
        let q = ReportQuery::new(
            ReportKind::Funnel,
            period,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        );
        let facts = ReportFacts {
            channels: vec![
                channel(1, "汽车之家", "Autohome"),
                channel(2, "易车网", "Yiche"),
                channel(3, "论坛", "Forums"),
            ],
            months: vec![
                row("2026-08", 1, 7, 50, 50), // before the period
                row("2026-09", 1, 7, 1, 10),
                row("2026-09", 1, 8, 2, 10),
                row("2026-11", 2, 7, 5, 4),
            ],
            spend: vec![SpendRow {
                month: m("2026-10"),
                channel_id: 2,
                cents: 100_000,
            }],
            ..Default::default()
        };
        let c = channels(&q, &facts, Lang::Zh);
        assert_eq!(c.months.len(), 3);
        let names: Vec<_> = c
            .series
            .iter()
            .map(|s| s.channel.as_ref().map(|x| x.1.as_str()))
            .collect();
        assert_eq!(names, vec![None, Some("易车网"), Some("汽车之家")]);
        assert_eq!(c.series[0].orders, vec![3, 0, 5]);
        assert_eq!(c.series[2].orders, vec![3, 0, 0]);
        assert_eq!(c.series[0].total_orders(), 8);
        assert_eq!(c.series[0].best_month(&c.months), Some((m("2026-11"), 5)));
        let f = c.series[1].funnel();
        assert_eq!((f.leads, f.appointments, f.visits, f.orders), (4, 10, 6, 5));
        assert_eq!(f.invitation_rate, Some(250.0));
        assert_eq!(f.close_rate, Some(83.33));
        assert_eq!(f.cost_per_order, Some(20_000));
        assert_eq!(c.series[2].funnel().cost_per_order, None, "no spend");
        assert_eq!(c.series[0].monthly_average(), Some(2.67));
    }

    #[test]
    fn no_figures_no_rates() {
        let s = Series {
            channel: None,
            orders: vec![0; 12],
            counts: Counts::default(),
            spend_cents: Some(0),
        };
        let f = s.funnel();
        assert_eq!(
            (f.invitation_rate, f.visit_rate, f.close_rate),
            (None, None, None)
        );
        assert_eq!(f.cost_per_visit, None);
        assert_eq!(s.best_month(&[]), None);
    }

    #[test]
    fn daily_figures_leave_today_out_of_min_max_and_average() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        let calls = DailyCalls {
            days: vec![(d(20), 5), (d(21), 9), (d(22), 5), (d(23), 1)],
        };
        assert_eq!(calls.min(), Some((d(22), 5)));
        assert_eq!(calls.max(), Some((d(21), 9)));
        assert_eq!(calls.average(), Some(6.33));
        assert_eq!(calls.today(), Some((d(23), 1)));
        let none = DailyCalls { days: vec![] };
        assert_eq!(
            (none.min(), none.average(), none.today()),
            (None, None, None)
        );
    }
}
