//! A lead as the command line prints it: its card and history, a logged
//! call, and a day's queue.

use super::*;

#[derive(Serialize)]
struct QueueJson<'a> {
    date: NaiveDate,
    agent: Option<&'a str>,
    items: &'a [QueueItem],
}

pub fn queue(
    out: &mut dyn Write,
    date: NaiveDate,
    agent: Option<&str>,
    items: &[QueueItem],
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, &QueueJson { date, agent, items });
    }
    let header = [
        Term::Num,
        Term::Lead,
        Term::Grade,
        Term::Name,
        Term::Phone,
        Term::Model,
        Term::Why,
        Term::Overdue,
        Term::Due,
        Term::Owner,
        Term::OnCall,
    ];
    let csv = format == Format::Csv;
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, q)| {
            vec![
                (i + 1).to_string(),
                q.lead_id.to_string(),
                q.grade.to_string(),
                q.name.clone(),
                q.phone.to_string(),
                q.model.clone(),
                if csv {
                    q.reason.code().to_string()
                } else {
                    i18n::reason_for(q.reason, q.status, lang).to_string()
                },
                if q.days_overdue > 0 {
                    i18n::days(q.days_overdue, if csv { Lang::En } else { lang })
                } else {
                    String::new()
                },
                time(Some(q.due_at)),
                q.owner.clone(),
                q.claimed_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    rows_out(out, &header, &rows, format, lang)?;
    if !csv {
        writeln!(out, "{}", i18n::queue_total(items.len(), date, lang))?;
    }
    Ok(())
}

pub fn lead(
    out: &mut dyn Write,
    card: &LeadCard,
    format: Format,
    lang: Lang,
) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, card);
    }
    let t = |term: Term| term.text(lang);
    let sep = i18n::label_sep(lang);
    let field = |term: Term, v: &str| format!("{}{sep}{v}", t(term));
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{}  {}  {}",
        field(Term::Lead, &card.id.to_string()),
        card.name,
        card.phone
    )?;
    writeln!(
        out,
        "{}  {}  {}",
        field(Term::Grade, card.grade.as_str()),
        field(Term::Status, i18n::status(card.status, lang)),
        field(Term::Owner, card.owner.as_deref().unwrap_or("-"))
    )?;
    if let (Some(login), Some(name)) = (&card.consultant, &card.consultant_name) {
        let label = i18n::ShowroomWord::Received.text(lang);
        writeln!(out, "{label}{sep}{name} ({login})")?;
    }
    let channel = card.channel.named(lang);
    writeln!(
        out,
        "{}  {}",
        field(
            Term::Channel,
            &format!("{} ({})", card.channel.code, channel)
        ),
        field(Term::Model, &card.model)
    )?;
    writeln!(
        out,
        "{}  {}",
        field(Term::ExpectedPurchase, &date(card.purchase_by)),
        field(
            Term::ExpectedVisit,
            &card
                .visit_by
                .map(|v| i18n::moment(v, lang))
                .unwrap_or_else(|| "-".into())
        )
    )?;
    let d = &card.details;
    let details: Vec<String> = [
        d.gender.map(|g| field(Term::Gender, i18n::gender(g, lang))),
        d.city.as_ref().map(|c| field(Term::City, c)),
        d.current_car.as_ref().map(|c| field(Term::CurrentCar, c)),
        d.purchase_type
            .map(|p| field(Term::Purchase, i18n::purchase_type(p, lang))),
        d.payment
            .map(|p| field(Term::Payment, i18n::payment(p, lang))),
        d.consent.as_ref().map(|c| field(Term::Consent, c)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        writeln!(out, "{}", details.join("  "))?;
    }
    match card.next_due {
        Some(d) => writeln!(
            out,
            "{} ({})",
            field(Term::NextCall, &d.format("%Y-%m-%d %H:%M").to_string()),
            card.due_reason
                .map(|r| i18n::reason_for(r, card.status, lang))
                .unwrap_or("-")
        )?,
        None => writeln!(out, "{}", t(Term::NoNextCall))?,
    }
    if let Some(a) = card.appointment {
        let a = a.format("%Y-%m-%d %H:%M").to_string();
        writeln!(out, "{}", field(Term::Appointment, &a))?;
    }
    if let Some(by) = &card.claimed_by {
        writeln!(out, "{} {by}", t(Term::OnCallWith))?;
    }
    if let Some(n) = &card.note {
        writeln!(out, "{} {n}", t(Term::NoteLabel))?;
    }
    writeln!(out, "{}", t(Term::History))?;
    let by = |agent: &str, actor: &str| {
        if agent == actor {
            agent.to_string()
        } else {
            format!("{actor} {} {agent}", t(Term::As))
        }
    };
    let note = |n: &Option<String>| n.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
    for h in &card.history {
        match h {
            HistoryEntry::Call {
                at,
                agent,
                actor,
                outcome,
                grade_before,
                grade_after,
                reason,
                note: n,
                ..
            } => {
                let grade = if grade_before == grade_after {
                    String::new()
                } else {
                    format!(" {} {grade_before}->{grade_after}", t(Term::Grade))
                };
                let reason = reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {} {}{reason}{grade} {} {}{}",
                    at.format("%Y-%m-%d %H:%M"),
                    t(Term::Call),
                    i18n::outcome(*outcome, lang),
                    t(Term::By),
                    by(agent, actor),
                    note(n)
                )?;
            }
            HistoryEntry::Change {
                at,
                agent,
                actor,
                kind,
                old,
                new,
                note: n,
            } => {
                // A status is named; a grade or an owner is shown as it is.
                let value = |v: &Option<_>| i18n::change_value(v.as_ref(), lang);
                writeln!(
                    out,
                    "  {} {} {} -> {} {} {}{}",
                    at.format("%Y-%m-%d %H:%M"),
                    i18n::change(*kind, lang),
                    value(old),
                    value(new),
                    t(Term::By),
                    by(agent, actor),
                    note(n)
                )?;
            }
            HistoryEntry::Handover {
                at,
                agent,
                actor,
                kind,
                consultant,
                consultant_name,
                reason,
                follow_up,
                note: n,
            } => {
                let who = consultant_name.as_deref().or(consultant.as_deref());
                let line = i18n::handover_line(*kind, who, reason.as_deref(), *follow_up, lang);
                writeln!(
                    out,
                    "  {} {line} {} {}{}",
                    at.format("%Y-%m-%d %H:%M"),
                    t(Term::By),
                    by(agent, actor),
                    note(n)
                )?;
            }
        }
    }
    Ok(())
}

pub fn logged(out: &mut dyn Write, l: &Logged, format: Format, lang: Lang) -> std::io::Result<()> {
    if format == Format::Json {
        return json(out, l);
    }
    let next = match l.next_due {
        Some(d) => format!(
            "{} {} ({})",
            Term::NextCall.text(lang),
            d.format("%Y-%m-%d %H:%M"),
            l.due_reason
                .map(|r| i18n::reason_for(r, l.status, lang))
                .unwrap_or("-")
        ),
        None => Term::NoFurtherCalls.text(lang).to_string(),
    };
    let (outcome, status) = (i18n::outcome(l.outcome, lang), i18n::status(l.status, lang));
    writeln!(
        out,
        "{}",
        i18n::logged(l.lead_id, outcome, status, l.grade.as_str(), &next, lang)
    )?;
    if l.offer_lost {
        writeln!(out, "{}", i18n::offer_lost(l.lead_id, lang))?;
    }
    Ok(())
}
