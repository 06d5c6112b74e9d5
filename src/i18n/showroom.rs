//! The showroom's words: the handover events, the visit list's columns, what
//! the command line says it recorded, a handover in a lead's history.

use chrono::NaiveDate;

use super::Lang;
use crate::domain::showroom::{HandedOver, HandoverKind};

catalog! {
    enum ShowroomWord;
    Visits => "预约到店", "Expected visits";
    NoVisits => "这一天没有预约到店", "No visits expected that day";
    Time => "时间", "Time";
    Lead => "编号", "Lead";
    Customer => "客户", "Customer";
    Phone => "电话", "Phone";
    Model => "车型", "Model";
    Grade => "级别", "Grade";
    SetBy => "邀约坐席", "Set by";
    Confirmed => "已确认", "Confirmed";
    Received => "接待顾问", "Consultant";
    Result => "结果", "Result";
    Yes => "是", "yes";
    No => "否", "no";
    Consultant => "销售顾问", "consultant";
    Showroom => "展厅", "showroom";
    BackToDcc => "回流DCC核实", "back to the DCC to verify";
}

/// A handover event's name.
pub fn handover_kind(k: HandoverKind, lang: Lang) -> &'static str {
    let (zh, en) = match k {
        HandoverKind::Arrived => ("到店", "arrived"),
        HandoverKind::NoShow => ("未到店", "did not arrive"),
        HandoverKind::Ordered => ("订车", "ordered"),
        HandoverKind::Delivered => ("交车", "delivered"),
        HandoverKind::Defeat => ("展厅战败", "defeated in the showroom"),
        HandoverKind::FollowUp => ("下次跟进", "next follow-up"),
    };
    super::pick(lang, zh, en)
}

/// A handover as a lead's history shows it, after its time: what, the
/// reason's name, the follow-up day, and the consultant by name.
pub fn handover_line(
    kind: HandoverKind,
    consultant: Option<&str>,
    reason: Option<&str>,
    follow_up: Option<NaiveDate>,
    lang: Lang,
) -> String {
    let what = handover_kind(kind, lang);
    let room = ShowroomWord::Showroom.text(lang);
    // "展厅到店" / "showroom arrived"; a showroom defeat names the room
    // already ("展厅战败", "defeated in the showroom").
    let mut s = if kind == HandoverKind::Defeat {
        what.to_string()
    } else {
        tr!(lang, "{room}{what}", "{room} {what}")
    };
    if let Some(r) = reason {
        s.push_str(&format!(" [{r}]"));
    }
    if let Some(d) = follow_up {
        let d = d.format("%Y-%m-%d");
        if kind == HandoverKind::FollowUp {
            s.push_str(&format!(" {d}"));
        } else {
            let next = handover_kind(HandoverKind::FollowUp, lang);
            s.push_str(&tr!(lang, "，{next} {d}", ", {next} {d}"));
        }
    }
    if kind == HandoverKind::Defeat {
        let back = ShowroomWord::BackToDcc.text(lang);
        s.push_str(&tr!(lang, "，{back}", ", {back}"));
    }
    if let Some(k) = consultant {
        let who = ShowroomWord::Consultant.text(lang);
        if kind == HandoverKind::Arrived {
            s.push_str(&tr!(lang, "：{who} {k} 接待", ": received by {who} {k}"));
        } else {
            s.push_str(&tr!(lang, "（{who} {k}）", " ({who} {k})"));
        }
    }
    s
}

/// What the command line says it recorded.
pub fn handed_over(h: &HandedOver, lang: Lang) -> String {
    let id = h.lead_id;
    let name = &h.name;
    let line = handover_line(
        h.kind,
        h.consultant_name.as_deref(),
        None,
        h.follow_up,
        lang,
    );
    let status = super::status(h.status, lang);
    tr!(
        lang,
        "已记录 #{id} {name}：{line}；状态：{status}",
        "Recorded #{id} {name}: {line}; status: {status}"
    )
}
