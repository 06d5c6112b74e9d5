//! What `dcc import` says: its refusals, an import stopped part-way, and
//! taking an import back (`dcc import undo`, `dcc import list`). In zh-CN
//! and en; `Display` of the errors is the English one.

use super::Lang;
use crate::store::{Kept, Stopped, UndoOutcome};

/// Under the summary of an import that wrote leads.
pub fn import_id_line(id: i64, lang: Lang) -> String {
    tr!(
        lang,
        "导入编号 {id}（如需撤回：dcc import undo {id}）",
        "import id {id} (to take it back: dcc import undo {id})"
    )
}

/// An import that stopped before its last row: what was written, and
/// whether it was taken back.
pub fn import_stopped(s: &Stopped, import: Option<i64>, lang: Lang) -> String {
    let n = s.rows_written;
    let id = import.unwrap_or(0);
    let why = match &s.error {
        Some(e) => tr!(lang, "导入失败（{e}）", "the import failed ({e})"),
        None => tr!(lang, "导入被中断", "the import was interrupted"),
    };
    match &s.taken_back {
        Some(u) => {
            let (w, k) = (u.withdrawn, u.kept.len());
            tr!(
                lang,
                "{why}，已写入 {n} 行；因为指定了 --all-or-nothing，已按导入编号 {id} 撤回：撤回 {w} 个客户，保留已有人处理的 {k} 个。可修正后重新导入",
                "{why} after {n} rows; as --all-or-nothing was given, import {id} was taken back: {w} leads withdrawn, {k} already worked kept. Import the file again when ready"
            )
        }
        None => tr!(
            lang,
            "{why}，已写入 {n} 行（导入编号 {id}）。已写入的客户保留；如需撤回：dcc import undo {id}",
            "{why} after {n} rows (import {id}). The leads written stay; to take them back: dcc import undo {id}"
        ),
    }
}

/// Why a lead of an import taken back stays.
pub fn kept_why(k: Kept, lang: Lang) -> String {
    match k {
        Kept::Called => tr!(lang, "已有通话或预约", "already called or appointed"),
        Kept::Open => tr!(lang, "坐席正在通话中处理", "open on an agent's call"),
        Kept::Changed => tr!(
            lang,
            "导入后负责人、级别或状态已变更",
            "owner, grade or status changed since"
        ),
        Kept::ArrivedAgain => tr!(
            lang,
            "之后又从其他来源进入",
            "came in again from another source"
        ),
    }
}

/// `dcc import undo`'s answer: how many were taken back, how many stayed
/// and which.
pub fn undo_summary(u: &UndoOutcome, lang: Lang) -> Vec<String> {
    let UndoOutcome {
        import,
        withdrawn,
        sources_removed,
        ..
    } = u;
    let origin = crate::domain::text::printable_line(&u.origin);
    let kept = u.kept.len();
    let mut lines = vec![tr!(
        lang,
        "导入 {import}（{origin}）已撤回：撤回 {withdrawn} 个无人处理的客户，移除加到已有客户上的 {sources_removed} 条来源；保留已有人处理的 {kept} 个客户",
        "import {import} ({origin}) taken back: {withdrawn} leads nobody had worked withdrawn, {sources_removed} sources it added to other leads removed; {kept} leads already worked kept"
    )];
    for k in &u.kept {
        let (lead, name, why) = (
            k.lead,
            crate::domain::text::printable_line(&k.name),
            kept_why(k.why, lang),
        );
        lines.push(tr!(
            lang,
            "  保留 #{lead} {name}：{why}",
            "  kept #{lead} {name}: {why}"
        ));
    }
    lines
}

/// The header of `dcc import list`.
pub fn imports_header(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "编号",
            "来源",
            "导入人",
            "开始时间",
            "行数",
            "状态",
            "现有客户",
            "已撤回",
        ],
        Lang::En => [
            "id",
            "origin",
            "by",
            "started",
            "rows",
            "state",
            "leads",
            "withdrawn",
        ],
    }
}

/// An import's state in `dcc import list`.
pub fn import_state(code: &str, lang: Lang) -> String {
    match code {
        "running" => tr!(lang, "进行中", "running"),
        "done" => tr!(lang, "完成", "done"),
        "failed" => tr!(lang, "失败", "failed"),
        "interrupted" => tr!(lang, "中断", "interrupted"),
        "undone" => tr!(lang, "已撤回", "taken back"),
        other => other.to_string(),
    }
}
