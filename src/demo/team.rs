//! The team: agents, their roles, who joined and who left.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct AgentRow {
    pub(super) id: i64,
    pub(super) login: String,
    pub(super) name: String,
    pub(super) role: &'static str,
    pub(super) created: NaiveDateTime,
    /// When the agent left; their open leads went to colleagues.
    pub(super) departed: Option<NaiveDateTime>,
}

pub(super) struct Team {
    pub(super) agents: Vec<AgentRow>,
    pub(super) sup: u16,
    /// Everyone who ever owned leads: the supervisor and outbound agents.
    pub(super) owners: Vec<u16>,
    /// Owners still working.
    pub(super) active: Vec<u16>,
    pub(super) inbound: Vec<u16>,
}

pub(super) fn make_team(opts: &DemoOptions, start: NaiveDate) -> Team {
    let mut rng = Rng::stream(opts.seed, 1, 0);
    let outbound =
        (opts.leads.saturating_add(LEADS_PER_AGENT / 2) / LEADS_PER_AGENT).clamp(4, 5_000) as usize;
    let inbound = outbound.div_ceil(10).max(2);
    let departed = (outbound / 25).max(1);
    let hired = at(start, 9 * 3600) - days(rng.range(30, 400));
    let sup_login = match opts.supervisor_login.trim() {
        "" => "supervisor".to_string(),
        login => login.to_string(),
    };
    let mut agents = vec![AgentRow {
        id: 1,
        login: sup_login.clone(),
        name: if opts.supervisor_name.trim().is_empty() {
            sup_login.clone()
        } else {
            opts.supervisor_name.trim().to_string()
        },
        role: "supervisor",
        created: hired,
        departed: None,
    }];
    let mut logins = std::collections::HashSet::new();
    logins.insert(sup_login);
    let history = (opts.now.date() - start).num_days();
    let mut add = |role: &'static str, departed: Option<NaiveDateTime>, rng: &mut Rng| {
        let weights: Vec<u32> = SURNAMES.iter().map(|s| s.2).collect();
        let mut attempt = 0;
        loop {
            let (sz, sp, _) = SURNAMES[rng.weighted(&weights)];
            let (gz, gp) = GIVEN[rng.below(GIVEN.len() as u64) as usize];
            let mut login = format!("{sp}.{gp}");
            if attempt >= 20 {
                login = format!("{sp}.{gp}{}", attempt - 18);
            }
            attempt += 1;
            if logins.insert(login.clone()) {
                agents.push(AgentRow {
                    id: agents.len() as i64 + 1,
                    login,
                    name: format!("{sz}{gz}"),
                    role,
                    created: hired + days(rng.range(0, 20)) + mins(rng.range(0, 300)),
                    departed,
                });
                return;
            }
        }
    };
    for _ in 0..inbound {
        add("inbound", None, &mut rng);
    }
    for _ in 0..outbound {
        add("outbound", None, &mut rng);
    }
    for _ in 0..departed {
        // Left between three months after the start and four months before now,
        // so that everything they were still working on was handed over.
        let lo = 90.min(history);
        let hi = (history - 120).max(lo);
        let left = at(
            start + days(rng.range(lo, hi)),
            rng.range(10 * 3600, 17 * 3600),
        );
        add("outbound", Some(left), &mut rng);
    }
    let mut team = Team {
        agents,
        sup: 0,
        owners: vec![0],
        active: vec![0],
        inbound: Vec::new(),
    };
    for (i, a) in team.agents.iter().enumerate().skip(1) {
        match a.role {
            "inbound" => team.inbound.push(i as u16),
            _ => {
                team.owners.push(i as u16);
                if a.departed.is_none() {
                    team.active.push(i as u16);
                }
            }
        }
    }
    team
}
