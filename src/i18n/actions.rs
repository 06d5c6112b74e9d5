//! What the keys do, as the key bar and the help name them: every action
//! of the workstation's keymaps (outcomes are named by `i18n::outcome`).

use super::Lang;

catalog! {
    enum ActionWord;
    Up => "上一个", "previous";
    Down => "下一个", "next";
    PageUp => "上一页", "page up";
    PageDown => "下一页", "page down";
    Top => "第一个", "first";
    Bottom => "最后一个", "last";
    Call => "拨打", "call";
    HangUp => "挂断不记录", "hang up, log nothing";
    Regrade => "改级别", "re-grade";
    Search => "查找", "find";
    Capture => "新客户", "new caller";
    Team => "团队", "team";
    Requests => "审核", "requests";
    Reports => "报表", "reports";
    Mark => "标记", "mark";
    Move => "转移", "move to agent";
    ScriptUp => "话术上翻", "script up";
    ScriptDown => "话术下翻", "script down";
    Help => "帮助", "help";
    Quit => "退出", "quit";
    Back => "返回", "back";
    Confirm => "确认", "confirm";
    NextField => "下一项", "next field";
    PrevField => "上一项", "previous field";
    Save => "保存", "save";
    Clear => "清空", "clear";
    Approve => "批准", "approve";
    Reject => "驳回", "reject";
    Reveal => "完整号码（记录）", "full number (recorded)";
    Open => "进入其队列", "their queue";
    NextPage => "下一页", "next page";
    PrevPage => "上一页", "previous page";
    Refresh => "刷新", "refresh";
    ScrollLeft => "左移", "left";
    ScrollRight => "右移", "right";
    Consent => "记录同意回访", "record consent";
}

/// Actions whose English label is too long for the key bar at 80 columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Short {
    NoAnswer,
    CallbackAt,
    Appointment,
    Visited,
    Ordered,
    Delivered,
    Lost,
    Dnc,
    Regrade,
    Capture,
    Requests,
    Move,
    HangUp,
    ConfirmDefeat,
    ConfirmLost,
    CustomerBack,
}

/// The key bar's word for an action whose whole label (`full`) leaves no
/// room: Chinese labels fit as they are, English ones are cut short.
pub fn short_word(short: Short, full: &'static str, lang: Lang) -> &'static str {
    if lang == Lang::Zh {
        return match short {
            Short::CustomerBack => "重新跟进",
            _ => full,
        };
    }
    match short {
        Short::NoAnswer => "no ans",
        Short::CallbackAt => "callback",
        Short::Appointment => "appt",
        Short::Visited => "visit",
        Short::Ordered => "order",
        Short::Delivered => "deliver",
        Short::Lost => "lost",
        Short::Dnc => "DNC",
        Short::Regrade => "grade",
        Short::Capture => "new",
        Short::Requests => "requests",
        Short::Move => "move",
        Short::HangUp => "hang up",
        // Never one word for two keys, nor "back" (that is Esc).
        Short::ConfirmDefeat => "confirm defeat",
        Short::ConfirmLost => "confirm lost",
        Short::CustomerBack => "track again",
    }
}
