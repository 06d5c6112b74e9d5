//! What `dcc import` says: its refusals, an import stopped part-way, and
//! taking an import back (`dcc import undo`, `dcc import list`). In zh-CN
//! and en; `Display` of the errors is the English one.

use super::{Lang, Msg};
use crate::import::{
    column_name, thousands, Exceeded, Field, ImportError, MapProblem, Problem, ReadError,
};
use crate::store::{Kept, Stopped, UndoOutcome};

/// A value a row gave, as a reason quotes it: its control characters shown,
/// and no longer than a line (a 10 MB cell is not printed back).
fn quoted(value: &str) -> String {
    const SHOWN: usize = 40;
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(SHOWN).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    format!("{}{more}", crate::domain::text::printable_line(&head))
}

/// Why a row of an import was rejected: one of its problems.
pub fn row_problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Phone { value, err } => {
            let (value, err) = (quoted(value), super::phone_error(err, lang));
            tr!(lang, "电话“{value}”：{err}", "phone \"{value}\": {err}")
        }
        Problem::NoName => tr!(lang, "姓名为空", "the name is empty"),
        Problem::NoModel => tr!(lang, "车型为空", "the model is empty"),
        Problem::UnknownModel { given, closest } => {
            let (given, closest) = (quoted(given), closest.join(" · "));
            tr!(
                lang,
                "车型“{given}”不在本店车型表中（最接近的：{closest}）",
                "model \"{given}\" is not on the dealer's model list (closest: {closest})"
            )
        }
        Problem::NoChannel => tr!(
            lang,
            "没有渠道：该行未填写，也没有指定 --channel",
            "no channel: the row has none and no --channel was given"
        ),
        Problem::UnknownChannel { given, known } => {
            let given = quoted(given);
            tr!(
                lang,
                "未知渠道“{given}”（已有渠道：{known}）",
                "unknown channel \"{given}\" (known: {known})"
            )
        }
        Problem::Date { field, value, err } => {
            let (value, err) = (quoted(value), super::when_error(err, lang));
            match field {
                Field::VisitBy => tr!(
                    lang,
                    "预计到店时间“{value}”：{err}",
                    "expected visit \"{value}\": {err}"
                ),
                _ => tr!(
                    lang,
                    "预计购车时间“{value}”：{err}",
                    "expected purchase \"{value}\": {err}"
                ),
            }
        }
        Problem::UnknownGrade { given, scale } => {
            let given = quoted(given);
            tr!(
                lang,
                "级别“{given}”不在级别表中（{scale}）",
                "grade \"{given}\" is not on the scale ({scale})"
            )
        }
        Problem::NoGrade => tr!(
            lang,
            "没有预计购车时间，也没有级别",
            "no expected purchase date or grade"
        ),
        Problem::DoNotCall { since } => {
            let since = since.format("%Y-%m-%d");
            tr!(
                lang,
                "该号码在免打扰名单中（自 {since} 起）",
                "the number is on the do-not-call list (since {since})"
            )
        }
        Problem::Text(e) => super::text_error(e, lang),
        Problem::Range(e) => super::time_range_error(e, lang),
    }
}

/// All of a row's problems as one reason, each character a terminal would
/// obey shown (the reason is printed and written to the rejected rows).
pub fn row_reason(problems: &[Problem], lang: Lang) -> String {
    let sep = tr!(lang, "；", "; ");
    let reason = problems
        .iter()
        .map(|p| row_problem(p, lang))
        .collect::<Vec<_>>()
        .join(&sep);
    crate::domain::text::printable_line(&reason).into_owned()
}

/// The first two columns of the rejected rows' file: the line, the reason.
pub fn rejected_header(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Zh => ["行号", "原因"],
        Lang::En => ["line", "reason"],
    }
}

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

/// A field's name as the capture form labels it (`name`, `phone`...).
fn field_name(code: &str, lang: Lang) -> &'static str {
    let label = match code {
        "name" => Msg::FName,
        "phone" => Msg::FPhone,
        "channel" => Msg::FChannel,
        "model" => Msg::FModel,
        "purchase_by" => Msg::FPurchase,
        "grade" => Msg::FGrade,
        "visit_by" => Msg::FVisit,
        "city" => Msg::FCity,
        "gender" => Msg::FGender,
        "note" => Msg::FNote,
        _ => Msg::FConsent,
    };
    match lang {
        Lang::Zh => label.text(Lang::Zh),
        // English names the field by its code, as --map takes it.
        Lang::En => match code {
            "name" => "name",
            "phone" => "phone",
            "channel" => "channel",
            "model" => "model",
            "purchase_by" => "purchase_by",
            "grade" => "grade",
            "visit_by" => "visit_by",
            "city" => "city",
            "gender" => "gender",
            "note" => "note",
            _ => "consent",
        },
    }
}

/// What is wrong with a `--map` entry.
pub fn map_problem(p: &MapProblem, lang: Lang) -> String {
    match p {
        MapProblem::NoEquals => tr!(
            lang,
            "请写成 '表头=字段'，例如 '客户手机=phone'",
            "write it as 'HEADER=FIELD', e.g. '客户手机=phone'"
        ),
        MapProblem::EmptyHeader => tr!(lang, "表头为空", "the header is empty"),
        MapProblem::NotAField { given, fields } => tr!(
            lang,
            "“{given}”不是字段；字段有：{fields}，或 ignore",
            "{given:?} is not a field; fields: {fields}, or ignore"
        ),
    }
}

/// Why `dcc import` refused a file. Nothing was imported.
pub fn import_error(e: &ImportError, lang: Lang) -> String {
    use ImportError as E;
    match e {
        E::Read(r) => read_error(r, lang),
        E::Store(s) => super::store_error(s, lang),
        E::NotPermitted { login, role } => {
            let role = super::role(*role, lang);
            tr!(
                lang,
                "{login} 是{role}：只有主管和呼入坐席可以导入线索；未导入任何内容",
                "{login} is an {role} agent: only supervisors and inbound agents may import leads; nothing was imported"
            )
        }
        E::BadMap { given, why } => {
            let why = map_problem(why, lang);
            tr!(
                lang,
                "--map {given}：{why}；未导入任何内容",
                "--map {given}: {why}; nothing was imported"
            )
        }
        E::MissingColumns {
            file,
            missing,
            found,
            channel_hint,
        } => match lang {
            Lang::Zh => {
                let missing: Vec<&str> = missing
                    .split(", ")
                    .map(|m| field_name(m, Lang::Zh))
                    .collect();
                let missing = missing.join("、");
                let found = if found == "none" { "无" } else { found };
                let hint = if channel_hint.is_empty() {
                    ""
                } else {
                    "，或用 --channel 给出每一行的渠道"
                };
                format!("{file} 没有{missing}列（找到的表头：{found}）。请用 --map '表头=字段' 指明该列{hint}；未导入任何内容")
            }
            Lang::En => e.to_string(),
        },
        E::TwoColumns {
            file,
            field,
            first,
            second,
            ignore,
        } => {
            let field = field_name(field, lang);
            tr!(
                lang,
                "{file}：{first} 和 {second} 两列都是{field}，无法判断哪一列是客户的；未导入任何内容。请删去其中一列，或用 --map '{ignore}=ignore' 忽略它",
                "{file}: the columns {first} and {second} both name the {field}, and which holds the customer's cannot be guessed; nothing was imported. Remove one, or leave it out with --map '{ignore}=ignore'"
            )
        }
        E::NoOwner(login) => tr!(
            lang,
            "--owner {login}：没有这个登录名的在职坐席；未导入任何内容",
            "--owner {login}: no active agent has that login; nothing was imported"
        ),
        E::NoChannel { given, known } => tr!(
            lang,
            "--channel {given}：没有这个渠道（已有：{known}）；未导入任何内容",
            "--channel {given}: no such channel (known: {known}); nothing was imported"
        ),
        E::Report { written, path, err } => {
            let what = match written {
                Some(n) => tr!(lang, "已导入 {n} 行", "{n} rows were imported"),
                None => tr!(lang, "未导入任何内容", "nothing was imported"),
            };
            let err = super::outfile_error(err, lang);
            tr!(
                lang,
                "{what}，但无法写入报告 {path}：{err}",
                "{what}, but the report {path} could not be written: {err}"
            )
        }
        E::ReportFile(err) => super::outfile_error(err, lang),
        E::Interrupted => tr!(
            lang,
            "导入在写入之前被中断；未导入任何内容",
            "the import was interrupted before it wrote anything; nothing was imported"
        ),
    }
}

/// What a file that is not a table is, in Chinese (the reader names it in
/// English).
fn what_zh(what: &str) -> &'static str {
    match what {
        "a PDF document" => "PDF 文档",
        "a PNG image" => "PNG 图片",
        "a JPEG image" => "JPEG 图片",
        "a GIF image" => "GIF 图片",
        "a gzip archive" => "gzip 压缩包",
        "a RAR archive" => "RAR 压缩包",
        "a 7-Zip archive" => "7-Zip 压缩包",
        "a SQLite database" => "SQLite 数据库",
        "a program" => "程序文件",
        "a zip archive" => "zip 压缩包（不是工作簿）",
        "binary data" => "二进制数据",
        "an Office document other than a workbook" => "Office 文档（不是工作簿）",
        "a damaged Office file" => "损坏的 Office 文件",
        "a web page (HTML), as some platforms export under an .xls name" => {
            "网页（HTML，有些平台以 .xls 名导出）"
        }
        _ => "无法识别的文件",
    }
}

/// Why a file could not be read. Nothing was imported.
pub fn read_error(e: &ReadError, lang: Lang) -> String {
    use ReadError as R;
    match e {
        R::Io { path, err } => {
            let err = io_error(err, lang);
            tr!(
                lang,
                "无法读取 {path}（{err}）；未导入任何内容",
                "cannot read {path}: {err}"
            )
        }
        R::File(f) => {
            let f = super::infile_error(f, lang);
            tr!(lang, "{f}；未导入任何内容", "{f}; nothing was imported")
        }
        R::Empty(path) => tr!(
            lang,
            "{path} 是空文件；未导入任何内容",
            "{path} is empty; nothing was imported"
        ),
        R::NotTabular { path, what, hint } => match lang {
            Lang::Zh => {
                let hint = if hint.starts_with("Open it in Excel") {
                    "请用 Excel 打开，另存为 xlsx 或 CSV"
                } else {
                    "请另存为 CSV 或 xlsx 后重试"
                };
                if what.starts_with("named like an xlsx") {
                    return format!("{path} 虽以 xlsx 命名，却不是工作簿（工作簿是 zip 压缩包），也不是 CSV 文件（UTF-8、GBK 或 GB18030）；未导入任何内容。{hint}");
                }
                // A space between Chinese and a Latin word: 是 zip 压缩包.
                let what = what_zh(what);
                let space = if what.starts_with(|c: char| c.is_ascii()) { " " } else { "" };
                format!("{path} 是{space}{what}，不是 CSV 文件（UTF-8、GBK 或 GB18030）或 Excel 工作簿（xlsx）；未导入任何内容。{hint}")
            }
            Lang::En => e.to_string(),
        },
        R::Workbook { path, err } => tr!(
            lang,
            "{path} 像是 Excel 工作簿，但无法读取（{err}）；未导入任何内容。请用 Excel 打开，重新另存为 xlsx 或 CSV",
            "{path} looks like an Excel workbook but cannot be read ({err}); nothing was imported. Open it in Excel and save it again as xlsx or CSV"
        ),
        R::TooBig { path, what } => {
            let what = workbook_exceeded(what, lang);
            tr!(
                lang,
                "{path} 无法导入：{what}；未导入任何内容",
                "{path} cannot be imported: {what}; nothing was imported"
            )
        }
        R::NoWorksheet { path, sheets } => match lang {
            Lang::Zh => format!(
                "{path} 没有数据工作表，只有图表（{}）；未导入任何内容。请把含客户信息的工作表另存为 xlsx 或 CSV",
                sheets.join("、")
            ),
            Lang::En => e.to_string(),
        },
        R::Encoding {
            path,
            line,
            encoding,
            found,
        } => match lang {
            Lang::Zh => format!(
                "{path} 第 {line} 行{}，而文件其余部分是 {encoding} 编码；未导入任何内容。请将文件以单一编码重新保存（CSV UTF-8）",
                found
                    .map(|f| format!("是 {f} 编码"))
                    .unwrap_or_else(|| format!("不是有效的 {encoding} 编码"))
            ),
            Lang::En => e.to_string(),
        },
        R::Nul { path, line } => tr!(
            lang,
            "{path} 第 {line} 行含有 NUL 字节（二进制数据，不是文本）；未导入任何内容。请另存为 CSV 或 xlsx 后重试",
            "{path}, line {line}: holds a NUL byte (binary data, not text); nothing was imported. Save it as CSV or xlsx and try again"
        ),
        R::Csv { path, line, err } => tr!(
            lang,
            "{path} 第 {line} 行无法按 CSV 读取（{err}）；未导入任何内容",
            "{path}, line {line}: {err}; nothing was imported"
        ),
    }
}

/// Which limit a workbook passes.
pub fn workbook_exceeded(e: &Exceeded, lang: Lang) -> String {
    let n = thousands;
    let mib = |v: u64| format!("{} MB", v >> 20);
    match e {
        Exceeded::Parts { found, limit } => {
            let (found, limit) = (n(*found as u64), n(*limit as u64));
            tr!(
                lang,
                "工作簿内含 {found} 个文件，上限为 {limit} 个",
                "the workbook holds {found} files; the limit is {limit}"
            )
        }
        Exceeded::Part { part, limit } => {
            let limit = mib(*limit);
            tr!(
                lang,
                "其中的 {part} 解压后超过 {limit}（压缩炸弹，或不是平台导出的文件）",
                "its part {part} decompresses to more than {limit} (a zip bomb, or not a platform's export)"
            )
        }
        Exceeded::Total { limit } => {
            let limit = mib(*limit);
            tr!(
                lang,
                "其内容解压后合计超过 {limit}（压缩炸弹，或不是平台导出的文件）",
                "its parts decompress to more than {limit} in all (a zip bomb, or not a platform's export)"
            )
        }
        Exceeded::Strings { declared, limit } => {
            let (declared, limit) = (n(*declared), n(*limit));
            tr!(
                lang,
                "声明了 {declared} 个不同的文本，上限为 {limit} 个",
                "it declares {declared} distinct texts; the limit is {limit}"
            )
        }
        Exceeded::Dimension {
            declared,
            rows,
            columns,
            limit_columns,
            limit_cells,
        } => {
            let (rows, columns) = (n(*rows), n(*columns));
            let (lc, lcells) = (n(u64::from(*limit_columns)), n(*limit_cells));
            tr!(
                lang,
                "工作表声明的范围为 {declared}（{rows} 行 × {columns} 列），上限为 {lc} 列、{lcells} 个单元格",
                "its sheet declares the range {declared} ({rows} rows by {columns} columns); the limits are {lc} columns and {lcells} cells"
            )
        }
        Exceeded::Column { cell, limit } => {
            let last = column_name(limit.saturating_sub(1));
            let limit = n(u64::from(*limit));
            tr!(
                lang,
                "单元格 {cell} 超出第 {limit} 列（{last}），上限为 {limit} 列",
                "it has a cell at {cell}, past column {last} (the limit is {limit} columns)"
            )
        }
        Exceeded::Cells { limit } => {
            let limit = n(*limit);
            tr!(
                lang,
                "工作表的单元格超过 {limit} 个",
                "its sheet has more than {limit} cells"
            )
        }
        Exceeded::FileSize { size, limit } => {
            let (size, limit) = (mib(*size), mib(*limit));
            tr!(
                lang,
                "xls 工作簿有 {size}，上限为 {limit}",
                "the xls workbook is {size}; the limit is {limit}"
            )
        }
        Exceeded::CellLength { cell, limit } => {
            let limit = n(*limit as u64);
            match cell {
                Some(c) => tr!(
                    lang,
                    "单元格 {c} 超过 {limit} 个字符（单元格的上限）",
                    "the cell {c} holds more than {limit} characters, the most a cell may hold"
                ),
                None => tr!(
                    lang,
                    "有单元格超过 {limit} 个字符（单元格的上限）",
                    "a cell holds more than {limit} characters, the most a cell may hold"
                ),
            }
        }
    }
}

/// A system error reading or writing a file, its common kinds in Chinese.
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    match (lang, e.kind()) {
        (Lang::En, _) => e.to_string(),
        (Lang::Zh, K::NotFound) => "文件不存在".into(),
        (Lang::Zh, K::PermissionDenied) => "没有权限".into(),
        (Lang::Zh, K::IsADirectory) => "是文件夹".into(),
        (Lang::Zh, K::StorageFull) => "磁盘已满".into(),
        (Lang::Zh, _) => format!("系统错误：{}", e.raw_os_error().unwrap_or(0)),
    }
}
