//! Call scripts (话术): which script an agent needs for a call, and filling a
//! script's placeholders with the customer's details.
//!
//! A template names variables in braces: `{customer}`, `{model}`, `{source}`,
//! `{agent}`, `{dealer}`, `{visit_time}`, `{campaign}`. Full-width braces
//! (`｛customer｝`, what a Chinese input method types) work the same way.
//! `{{` and `}}` stand for literal braces. A name that is not a variable is
//! left as written, and [`unknown_placeholders`] lists it so the supervisor's
//! editor can warn.

use super::lead::{coded_enum, DueReason, Status};

coded_enum! {
    /// The kinds of call a script is written for.
    ScriptKind {
        FirstCallback => "first_callback",
        FollowUp => "follow_up",
        Invitation => "invitation",
        Confirmation => "confirmation",
        NoShow => "no_show",
        Verification => "verification",
        LostVerification => "lost_verification",
        Reactivation => "reactivation",
        Inbound => "inbound",
    }
}

impl ScriptKind {
    /// Which script an agent needs for a call: from why the lead is due, its
    /// status and its grade's rank on the scale (0 = most urgent).
    ///
    /// The reason decides first (first follow-up, confirmation, no-show,
    /// verification); then a defeated or lost lead is being reactivated; then
    /// a hot lead (H or A on the default scale, rank 0 or 1) still being
    /// tracked without a visit set is to be invited; anything else is a
    /// regular follow-up.
    pub fn for_call(reason: Option<DueReason>, status: Status, grade_rank: usize) -> ScriptKind {
        match reason {
            Some(DueReason::FirstFollowUp) => return ScriptKind::FirstCallback,
            Some(DueReason::Confirmation) => return ScriptKind::Confirmation,
            Some(DueReason::NoShow) => return ScriptKind::NoShow,
            // Lost contact is verified with its own script, not a defeat's.
            Some(DueReason::Verification) if status == Status::Lost => {
                return ScriptKind::LostVerification
            }
            Some(DueReason::Verification) => return ScriptKind::Verification,
            Some(DueReason::Cadence | DueReason::Retry | DueReason::CustomerTime) | None => {}
        }
        match status {
            Status::Defeated | Status::Lost => ScriptKind::Reactivation,
            Status::Tracking if grade_rank <= 1 => ScriptKind::Invitation,
            _ => ScriptKind::FollowUp,
        }
    }
}

/// Values filled into a script. An empty value shows as "—", so the agent
/// sees that something is not known rather than a gap in a sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptVars {
    pub customer: String,
    pub model: String,
    /// The channel the lead came from, in the agent's language.
    pub source: String,
    pub agent: String,
    pub dealer: String,
    pub visit_time: String,
    pub campaign: String,
}

/// The variables a template may name.
pub const VARIABLES: &[&str] = &[
    "customer",
    "model",
    "source",
    "agent",
    "dealer",
    "visit_time",
    "campaign",
];

/// What an empty value renders as.
pub const EMPTY_VALUE: &str = "—";

/// Placeholder names longer than this are taken as ordinary text.
const MAX_NAME_CHARS: usize = 40;

impl ScriptVars {
    /// The value of a variable by name, `None` for an unknown name.
    pub fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "customer" => &self.customer,
            "model" => &self.model,
            "source" => &self.source,
            "agent" => &self.agent,
            "dealer" => &self.dealer,
            "visit_time" => &self.visit_time,
            "campaign" => &self.campaign,
            _ => return None,
        })
    }
}

/// A piece of a template.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    /// A placeholder: the text as written (braces included) and its name.
    Placeholder {
        raw: &'a str,
        name: &'a str,
    },
}

/// Splits a template into text and placeholders. `{{` and `}}` become one
/// literal brace each.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < template.len() {
        let rest = &template[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push(Piece::Text(&template[text_start..i]));
            out.push(Piece::Text(&rest[..1]));
            i += 2;
            text_start = i;
            continue;
        }
        let close = if rest.starts_with('{') {
            Some('}')
        } else if rest.starts_with('｛') {
            Some('｝')
        } else {
            None
        };
        if let Some(close) = close {
            let open_len = rest.chars().next().map_or(1, char::len_utf8);
            if let Some(end) = placeholder_end(&rest[open_len..], close) {
                let inner = &rest[open_len..open_len + end];
                let raw_len = open_len + end + close.len_utf8();
                out.push(Piece::Text(&template[text_start..i]));
                out.push(Piece::Placeholder {
                    raw: &rest[..raw_len],
                    name: inner.trim(),
                });
                i += raw_len;
                text_start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push(Piece::Text(&template[text_start..]));
    out.retain(|p| *p != Piece::Text(""));
    out
}

/// Where a placeholder's name ends (the index of `close` in `rest`), if what
/// follows an opening brace is a name: short, on one line, no other braces.
fn placeholder_end(rest: &str, close: char) -> Option<usize> {
    let mut chars = 0;
    for (at, c) in rest.char_indices() {
        if c == close {
            return (!rest[..at].trim().is_empty()).then_some(at);
        }
        chars += 1;
        if matches!(c, '{' | '}' | '｛' | '｝' | '\n' | '\r') || chars > MAX_NAME_CHARS {
            return None;
        }
    }
    None
}

/// Fills a template's variables. Unknown `{name}` placeholders are left as
/// they are; `{{` and `}}` produce literal braces; an empty (or blank) value
/// renders as "—".
pub fn render(template: &str, vars: &ScriptVars) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Placeholder { raw, name } => match vars.get(name) {
                Some(v) if v.trim().is_empty() => out.push_str(EMPTY_VALUE),
                Some(v) => out.push_str(v),
                None => out.push_str(raw),
            },
        }
    }
    out
}

/// Placeholders in a template that are not known variables, each once, in
/// the order they first appear (for the supervisor's editor to warn about).
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    for piece in pieces(template) {
        if let Piece::Placeholder { name, .. } = piece {
            if !VARIABLES.contains(&name) && !unknown.iter().any(|u| u == name) {
                unknown.push(name.to_string());
            }
        }
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> ScriptVars {
        ScriptVars {
            customer: "王先生".into(),
            model: "途观L".into(),
            source: "汽车之家".into(),
            agent: "小李".into(),
            dealer: "上海宝马4S店".into(),
            visit_time: "5月18日 10:00".into(),
            campaign: "五一购车节".into(),
        }
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(ScriptKind::ALL.len(), 9);
        for k in ScriptKind::ALL {
            assert_eq!(ScriptKind::from_code(k.code()), Some(*k));
        }
        assert_eq!(ScriptKind::NoShow.code(), "no_show");
        assert_eq!(ScriptKind::from_code("invite"), None);
    }

    #[test]
    fn render_fills_every_variable() {
        let t = "{customer}|{model}|{source}|{agent}|{dealer}|{visit_time}|{campaign}";
        assert_eq!(
            render(t, &vars()),
            "王先生|途观L|汽车之家|小李|上海宝马4S店|5月18日 10:00|五一购车节"
        );
        // Every known variable is covered by the template above.
        for v in VARIABLES {
            assert!(t.contains(&format!("{{{v}}}")), "{v}");
        }
    }

    #[test]
    fn render_leaves_unknown_placeholders_as_written() {
        let t = "{customer}您好，{address}见，{ 客户 }，{model}";
        assert_eq!(
            render(t, &vars()),
            "王先生您好，{address}见，{ 客户 }，途观L"
        );
        assert_eq!(unknown_placeholders(t), vec!["address", "客户"]);
    }

    #[test]
    fn double_braces_are_literal_braces() {
        assert_eq!(
            render("{{customer}} = {customer}", &vars()),
            "{customer} = 王先生"
        );
        assert_eq!(render("a }} b {{", &vars()), "a } b {");
        assert_eq!(render("{{{model}}}", &vars()), "{途观L}");
        assert!(unknown_placeholders("{{customer}} {{x}}").is_empty());
    }

    #[test]
    fn stray_braces_are_text() {
        let t = "{ } {} {customer {model} } {\n} {abc";
        assert_eq!(render(t, &vars()), "{ } {} {customer 途观L } {\n} {abc");
        assert!(unknown_placeholders(t).is_empty());
        let long = format!("{{{}}}", "x".repeat(MAX_NAME_CHARS + 1));
        assert_eq!(render(&long, &vars()), long);
    }

    #[test]
    fn spaces_inside_braces_and_full_width_braces_are_forgiven() {
        assert_eq!(render("{ customer }", &vars()), "王先生");
        assert_eq!(
            render("您好，｛customer｝，｛预算｝", &vars()),
            "您好，王先生，｛预算｝"
        );
        assert_eq!(unknown_placeholders("｛预算｝ {预算}"), vec!["预算"]);
    }

    #[test]
    fn empty_values_render_as_a_dash() {
        let v = ScriptVars {
            visit_time: String::new(),
            campaign: "  ".into(),
            ..vars()
        };
        assert_eq!(
            render("约在{visit_time}，活动：{campaign}。", &v),
            "约在—，活动：—。"
        );
        assert_eq!(render("{customer}{model}", &ScriptVars::default()), "——");
    }

    #[test]
    fn chinese_text_passes_through_intact() {
        let t = "您好，请问是{customer}吗？我是{dealer}的{agent}。【预算】您的预算大概是多少？😊";
        assert_eq!(
            render(t, &vars()),
            "您好，请问是王先生吗？我是上海宝马4S店的小李。【预算】您的预算大概是多少？😊"
        );
        assert_eq!(render("没有变量", &vars()), "没有变量");
        assert_eq!(render("", &vars()), "");
    }

    #[test]
    fn values_are_not_rendered_again() {
        let v = ScriptVars {
            customer: "{model}".into(),
            ..vars()
        };
        assert_eq!(render("{customer}", &v), "{model}");
    }

    #[test]
    fn for_call_follows_the_reason_first() {
        use DueReason::*;
        for status in Status::ALL {
            for rank in [0, 1, 2, 9] {
                let k = |r| ScriptKind::for_call(Some(r), *status, rank);
                assert_eq!(k(FirstFollowUp), ScriptKind::FirstCallback);
                assert_eq!(k(Confirmation), ScriptKind::Confirmation);
                assert_eq!(k(NoShow), ScriptKind::NoShow);
                // Lost contact is verified with its own script.
                let verify = if *status == Status::Lost {
                    ScriptKind::LostVerification
                } else {
                    ScriptKind::Verification
                };
                assert_eq!(k(Verification), verify);
            }
        }
    }

    #[test]
    fn for_call_by_status_and_grade_for_other_reasons() {
        use DueReason::*;
        for reason in [Some(Cadence), Some(Retry), Some(CustomerTime), None] {
            let k = |s, rank| ScriptKind::for_call(reason, s, rank);
            // Reactivation of an old lead.
            assert_eq!(k(Status::Defeated, 0), ScriptKind::Reactivation);
            assert_eq!(k(Status::Lost, 3), ScriptKind::Reactivation);
            // H and A leads without a visit set are invited.
            assert_eq!(k(Status::Tracking, 0), ScriptKind::Invitation);
            assert_eq!(k(Status::Tracking, 1), ScriptKind::Invitation);
            // B, C and unknown grades are followed up.
            assert_eq!(k(Status::Tracking, 2), ScriptKind::FollowUp);
            assert_eq!(k(Status::Tracking, 4), ScriptKind::FollowUp);
            // A visit is already set, or the customer came: no invitation.
            assert_eq!(k(Status::Appointed, 0), ScriptKind::FollowUp);
            assert_eq!(k(Status::Visited, 0), ScriptKind::FollowUp);
            assert_eq!(k(Status::Ordered, 1), ScriptKind::FollowUp);
        }
    }
}
