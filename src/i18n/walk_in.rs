//! Walk-ins at reception: what registering one did, the day's register's
//! columns, and why a walk-in is refused or not counted as a visit.

use super::Lang;
use crate::domain::walk_in::{NotCounted, WalkInTime, WalkedIn, REGISTER_WITHIN_DAYS};

catalog! {
    enum WalkInWord;
    Register => "进店登记", "Walk-ins";
    NoWalkIns => "这一天没有进店登记", "No walk-ins registered that day";
    In => "进店", "In";
    Out => "离店", "Out";
    Customer => "客户", "Customer";
    Phone => "电话", "Phone";
    Visit => "来店", "Visit";
    First => "首次", "first";
    Returning => "再次", "returning";
    Consultant => "接待顾问", "Consultant";
    Lead => "编号", "Lead";
    NewLead => "新客户", "New lead";
    Counted => "计入到店", "Counted";
    RegisteredBy => "登记人", "Registered by";
    Note => "备注", "Note";
}

/// What the command line says a walk-in's registration did.
pub fn walked_in(w: &WalkedIn, name: &str, lang: Lang) -> String {
    let id = w.lead_id;
    let who = &w.consultant_name;
    let status = super::status(w.status, lang);
    let lead = match (w.new_lead, w.owner.as_deref()) {
        (true, Some(owner)) => tr!(
            lang,
            "新客户（渠道：展厅进店），由 DCC 坐席 {owner} 跟进",
            "a new lead (channel: showroom walk-in), followed up by DCC agent {owner}"
        ),
        (true, None) => tr!(
            lang,
            "新客户（渠道：展厅进店）",
            "a new lead (channel: showroom walk-in)"
        ),
        (false, _) => tr!(lang, "DCC 已有客户", "a lead the DCC knows"),
    };
    let counted = match &w.not_counted {
        None => tr!(
            lang,
            "计为一次到店，移交销售顾问 {who}",
            "counted as a visit, handed to consultant {who}"
        ),
        Some(NotCounted::ArrivedToday) => tr!(
            lang,
            "今天已记录过到店，不再另计（每天只计一次）",
            "not counted again: the lead's arrival today is recorded already (a visit counts once a day)"
        ),
        Some(NotCounted::Refused(why)) => {
            let why = super::refusal(why, lang);
            tr!(
                lang,
                "已登记，但不计为到店：{why}",
                "registered, not counted as a visit: {why}"
            )
        }
    };
    tr!(
        lang,
        "已登记进店 #{id} {name}：{lead}；{counted}；状态：{status}",
        "Walk-in registered #{id} {name}: {lead}; {counted}; status: {status}"
    )
}

/// A second arrival of the same day refused.
pub fn arrived_today(id: i64, lang: Lang) -> String {
    tr!(
        lang,
        "客户 {id} 今天的到店已经记录过了（每天只计一次）；未作任何改动",
        "lead {id}'s arrival today is recorded already (a visit counts once a day); nothing was changed"
    )
}

/// A walk-in said to be received by someone who is no consultant.
pub fn not_a_consultant(login: &str, lang: Lang) -> String {
    tr!(
        lang,
        "{login} 不是销售顾问：进店客户须由销售顾问或展厅经理接待（--consultant）；未作任何改动",
        "{login} is not a sales consultant: a walk-in is received by a consultant or the showroom manager (--consultant); nothing was changed"
    )
}

/// A walk-in's times that do not hold.
pub fn walk_in_time(t: &WalkInTime, lang: Lang) -> String {
    let f = |t: &chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    match t {
        WalkInTime::OutBeforeIn { came_in, went_out } => {
            let (i, o) = (f(came_in), f(went_out));
            tr!(
                lang,
                "离店时间 {o} 早于进店时间 {i}；未作任何改动",
                "the time out ({o}) is before the time in ({i}); nothing was changed"
            )
        }
        WalkInTime::Future(at) => {
            let at = f(at);
            tr!(
                lang,
                "{at} 还没到：只登记已经进店的客户；未作任何改动",
                "{at} has not come yet: register customers who came in; nothing was changed"
            )
        }
        WalkInTime::TooLongAgo(at) => {
            let at = f(at);
            let n = REGISTER_WITHIN_DAYS;
            tr!(
                lang,
                "{at} 太久以前了：进店须在 {n} 天内登记；未作任何改动",
                "{at} is too long ago: a walk-in is registered within {n} days; nothing was changed"
            )
        }
    }
}

/// What a refusal to register names.
pub fn register_walk_in(lang: Lang) -> String {
    tr!(lang, "登记进店客户", "register walk-ins")
}

/// A first or returning visit.
pub fn visit(returning: bool, lang: Lang) -> &'static str {
    if returning {
        WalkInWord::Returning.text(lang)
    } else {
        WalkInWord::First.text(lang)
    }
}
