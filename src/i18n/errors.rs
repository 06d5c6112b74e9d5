//! What the store and the domain refuse, named in the user's language. The
//! errors carry data (which lead, which field, which limit); the sentences
//! live here, in zh-CN and en, and `Display` is the English one.

use std::fmt;

use super::invalid::invalid;
use super::refusals::{not_permitted, refusal, rules_error};
use super::{Lang, Localize};
use crate::store::{StoreError, UnknownCode};

/// A store error as the user reads it, in their language.
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    use StoreError as E;
    match e {
        E::Missing(path) => tr!(
            lang,
            "{path} 处没有数据库：请用 `dcc init` 或 `dcc demo` 创建",
            "no database at {path}: create one with `dcc init` or `dcc demo`"
        ),
        E::NotADatabase(path) => tr!(
            lang,
            "{path} 不是 SQLite 数据库，文件未作任何改动",
            "{path} is not a SQLite database; it was left untouched"
        ),
        E::Foreign(path) => tr!(
            lang,
            "{path} 是其他程序的 SQLite 数据库，不是 dcc-desk 的，文件未作任何改动",
            "{path} is a SQLite database of another program, not dcc-desk; it was left untouched"
        ),
        E::TooNew { path, found, known } => tr!(
            lang,
            "{path} 由更新版本的 dcc-desk 写入（结构版本 {found}），本程序最高只认识版本 {known}。文件未作任何改动：请升级 dcc-desk",
            "{path} was written by a newer dcc-desk (schema version {found}); this program knows up to version {known}. The file was left untouched: upgrade dcc-desk"
        ),
        E::Corrupt(detail) => tr!(
            lang,
            "数据库已损坏（{detail}），未作任何改动。请从备份恢复，或运行 `dcc doctor`",
            "the database is damaged ({detail}); nothing was changed. Restore it from a backup, or run `dcc doctor`"
        ),
        E::UnknownValue(UnknownCode { table, row, value }) => tr!(
            lang,
            "{table} 表第 {row} 行存有 {value:?}，本版本 dcc-desk 不认识（文件已损坏，或由更新版本的 dcc-desk 写入）。未作任何改动：请升级 dcc-desk，或从备份恢复文件",
            "{table} row {row} holds {value:?}, which this dcc-desk does not know (a damaged file, or one written by a newer version); nothing was changed. Upgrade dcc-desk, or restore the file from a backup"
        ),
        E::Busy(s) => tr!(
            lang,
            "数据库忙（有人在写入，已等待 {s} 秒）：未保存，输入已保留，请重试",
            "the database stayed busy for more than {s} s (another program is writing); nothing was saved, your input is kept: try again"
        ),
        E::ReadOnly => tr!(
            lang,
            "数据库只读（你无法写入该文件或其文件夹）：未保存。请主管运行 `dcc doctor`",
            "the database is read-only here (you cannot write the file or its folder); nothing was saved. Ask your supervisor to run `dcc doctor`"
        ),
        E::NetworkFs {
            path,
            fs_type,
            mount_point,
        } => tr!(
            lang,
            "{path} 位于网络文件系统上（{fs_type}，挂载于 {mount_point}）。SQLite 的预写日志要在使用该文件的程序之间共享内存，只能在同一台电脑上工作，多台电脑同时使用会损坏数据库。未打开任何文件。请把数据库放在一台主机的本地磁盘上，坐席登录到这台主机使用（例如通过 ssh）",
            "{path} is on a network filesystem ({fs_type}, mounted at {mount_point}). SQLite's write-ahead log shares memory between the programs using the file, which only works on one computer: agents on several computers could damage it. Nothing was opened. Put the database on a local disk of one host and let agents log in to that host (for example with ssh)"
        ),
        E::WalUnreadable(path) => tr!(
            lang,
            "{path}-wal 中有已保存的内容，但这里读不到（你对其文件夹只有读权限，且缺少 {path}-shm），未打开。请由能写入该文件夹的用户打开一次，或运行 `dcc doctor`",
            "{path}-wal holds saved work that cannot be read here (its folder is read-only for you and {path}-shm is missing); nothing was opened. Open it once as a user who can write the folder, or run `dcc doctor`"
        ),
        E::NeedsUpgrade { path, found, known } => tr!(
            lang,
            "{path} 的结构版本为 {found}，需要升级到版本 {known}，但这里是只读的，未作任何改动。请由能写入它的用户打开一次",
            "{path} has schema version {found} and needs an upgrade to version {known}, but it is read-only here; nothing was changed. Open it once as a user who can write it"
        ),
        E::Replaced(path) => tr!(
            lang,
            "{path} 在打开期间被另一个文件替换（从备份恢复？）：未保存，输入已保留。正在打开新文件，请稍后重试",
            "{path} was replaced by another file (a restore?) while it was open here; nothing was saved, your input is kept. The new file is being opened: try again in a moment"
        ),
        E::AgentsWorking {
            open_calls,
            last_save,
        } => {
            let last = last_save.map(|t| t.format("%H:%M").to_string());
            let last = match (last, lang) {
                (None, _) => String::new(),
                (Some(t), Lang::Zh) => format!("，最近保存于 {t}"),
                (Some(t), Lang::En) => format!(", last save at {t}"),
            };
            tr!(
                lang,
                "坐席正在使用数据库（{open_calls} 个通话进行中{last}）：未恢复。请在他们停止后恢复，或加 --force（打开的工作台会重新打开恢复的文件，替换前保存的内容留在另存的旧文件中）",
                "agents are working in the database ({open_calls} call(s) open{last}); nothing was restored. Restore when they have stopped, or add --force (open workstations reopen the restored file, and what is saved before the swap stays in the file kept aside)"
            )
        }
        E::DiskFull => tr!(
            lang,
            "磁盘已满：未保存，请清理空间后重试",
            "the disk is full; nothing was saved. Free some space and try again"
        ),
        E::NotAnAgent { login } => tr!(
            lang,
            "{login} 不是本数据库的在职坐席。主管可以用 `dcc agent add {login} --name 姓名 --role 角色` 添加",
            "{login} is not an active agent of this database. A supervisor can add them with `dcc agent add {login} --name NAME --role ROLE`"
        ),
        E::NotPermitted(what) => not_permitted(what, lang),
        E::AgentExists(login) => tr!(lang, "坐席 {login} 已存在", "agent {login} already exists"),
        E::NoSuchAgent(login) => tr!(lang, "没有坐席 {login}", "no agent {login}"),
        E::KeyExists { fingerprint, login } => tr!(
            lang,
            "密钥 {fingerprint} 已登记给 {login}",
            "the key {fingerprint} is already registered to {login}"
        ),
        E::NoSuchKey(fp) => tr!(
            lang,
            "没有登记的密钥 {fp}；`dcc agent key list` 可列出全部",
            "no registered key {fp}; `dcc agent key list` shows them"
        ),
        E::NoSuchLead(id) => tr!(lang, "没有客户 {id}", "no lead {id}"),
        E::NoSuchChannel { given, known } => tr!(
            lang,
            "没有渠道 {given}；已有渠道：{known}",
            "no channel {given}; known channels: {known}"
        ),
        E::DuplicatePhone { phone, existing } => tr!(
            lang,
            "电话 {phone} 已属于客户 {existing}，未新增",
            "the phone number {phone} already belongs to lead {existing}; nothing was added"
        ),
        E::Claimed { lead, by, until } => {
            let until = until.format("%H:%M");
            tr!(
                lang,
                "{by} 正在与客户 {lead} 通话（至 {until}），请稍后再试",
                "lead {lead} is on a call with {by} until {until}; try again when they are done"
            )
        }
        E::Refused(r) => refusal(r, lang),
        E::DoNotCall { phone, since } => {
            let since = since.format("%Y-%m-%d");
            tr!(
                lang,
                "{phone} 在勿扰名单中（自 {since}）：需记录客户新的同意才能登记",
                "{phone} is on the do-not-call list (since {since}); record the customer's new consent to capture it"
            )
        }
        E::Invalid(what) => invalid(what, lang),
        E::Rules(e) => rules_error(e, lang),
        E::Text(e) => e.localize(lang),
        E::TimeRange(e) => e.localize(lang),
        E::Sql(e) => tr!(lang, "数据库错误：{e}", "database error: {e}"),
        E::Io { path, err } => {
            let err = io_error(err, lang);
            tr!(lang, "{path}：{err}", "{path}: {err}")
        }
    }
}

impl Localize for StoreError {
    fn localize(&self, lang: Lang) -> String {
        store_error(self, lang)
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&store_error(self, Lang::En))
    }
}

/// What the operating system said, in the user's language where it is one
/// of the usual answers (the system's own words otherwise).
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "没有这个文件或文件夹",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::IsADirectory => "这是一个文件夹",
        K::NotADirectory => "路径中有一项不是文件夹",
        _ => return e.to_string(),
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RulesError;
    use crate::domain::Refusal;
    use crate::domain::{Outcome, Status};
    use crate::store::{Copying, DemoData, Invalid, NewFile, Required};

    fn chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn samples() -> Vec<StoreError> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        let t = day.and_hms_opt(22, 0, 0).unwrap_or_default();
        let s = |v: &str| v.to_string();
        let mut v: Vec<StoreError> = [
            Required::AgentName,
            Required::CustomerName,
            Required::Model,
            Required::PurchaseOrGrade,
            Required::DncReason,
            Required::MoveReason,
            Required::Consent,
        ]
        .into_iter()
        .map(|r| StoreError::Invalid(Invalid::Missing(r)))
        .collect();
        v.extend(
            [
                Invalid::Login(s("a b")),
                Invalid::DisableSelf,
                Invalid::PeriodTooLong {
                    from: day,
                    to: day,
                    max_days: 400,
                },
                Invalid::NoSetting {
                    key: s("x"),
                    known: vec![s("dealer")],
                },
                Invalid::BadSetting {
                    key: s("assign"),
                    value: s("x"),
                },
                Invalid::NoScriptKind {
                    kind: s("x"),
                    known: vec![s("first")],
                },
                Invalid::ScriptLanguage(s("fr")),
                Invalid::ScriptVariables {
                    unknown: vec![s("{x}")],
                    known: vec![s("{customer}")],
                },
                Invalid::Month(s("2026-13")),
                Invalid::NegativeSpend,
                Invalid::ReasonList(s("x")),
                Invalid::ReasonCode(s("a b")),
                Invalid::NoReason {
                    list: s("defeat"),
                    code: s("x"),
                },
                Invalid::UnknownModel {
                    given: s("Camri"),
                    closest: vec![s("Camry")],
                },
                Invalid::ImportNoGrade { line: 3 },
                Invalid::ImportEarlierRow { line: 3 },
                Invalid::NoSuchImport(7),
                Invalid::ImportRunning { id: 7, pid: 99 },
                Invalid::RulesUnreadable(s("eof")),
                Invalid::RulesDamaged(RulesError::BadGradeCode(s("A B"))),
                Invalid::Exists {
                    path: s("/tmp/x"),
                    what: NewFile::Demo,
                },
                Invalid::Exists {
                    path: s("/tmp/x"),
                    what: NewFile::Copy,
                },
                Invalid::NotRegularFile(s("/tmp/x")),
                Invalid::UnsavedWal {
                    path: s("/tmp/x"),
                    wal: s("/tmp/x-wal"),
                },
                Invalid::IsTheDatabase(s("/tmp/x")),
                Invalid::Changed {
                    path: s("/tmp/x"),
                    during: Copying::Backup,
                },
                Invalid::Changed {
                    path: s("/tmp/x"),
                    during: Copying::Restore,
                },
                Invalid::NoFreeName(s("/tmp/x")),
                Invalid::DemoTooLarge { max: 10 },
                Invalid::DemoNeeds(DemoData::Grades),
                Invalid::DemoNeeds(DemoData::Reasons),
                Invalid::DemoNeeds(DemoData::Channels),
                Invalid::LoadPace(s("x")),
                Invalid::LoadSpeedup,
                Invalid::LoadMinutes,
                Invalid::NoSupervisor,
                Invalid::LoadFailed {
                    phases: vec![s("1")],
                    integrity: vec![],
                },
                Invalid::Clock(s("x")),
                Invalid::Internal(s("x")),
            ]
            .into_iter()
            .map(StoreError::Invalid),
        );
        v.extend(
            [
                Refusal::UnknownGrade(s("Z"), s("H, A, B, C")),
                Refusal::NeedsTime(Outcome::CallbackAt),
                Refusal::NeedsVisit(Outcome::Appointment),
                Refusal::InPast(t),
                Refusal::OutsideCallingHours(t, s("08:00"), s("21:00")),
                Refusal::NeedsReason(Outcome::Defeat, s("price")),
                Refusal::UnknownReason(Outcome::Defeat, s("x"), s("price")),
                Refusal::Closed(Status::Delivered),
                Refusal::Pending(Status::DefeatRequested),
                Refusal::AlreadyOrdered,
                Refusal::NotOrdered(Status::Tracking),
                Refusal::NotLostYet { days: 1, needed: 3 },
                Refusal::NothingToDecide(Status::Tracking),
            ]
            .into_iter()
            .map(StoreError::Refused),
        );
        v.extend(
            [
                RulesError::NoGrades,
                RulesError::DuplicateGrade(s("H")),
                RulesError::BadInterval(s("H")),
                RulesError::NotAscending(s("H")),
                RulesError::OpenEndedNotLast(s("H")),
                RulesError::Attempts,
                RulesError::BadGradeCode(s("A B")),
            ]
            .into_iter()
            .map(StoreError::Rules),
        );
        v
    }

    #[test]
    fn every_refusal_is_named_in_both_languages() {
        for e in samples() {
            let (zh, en) = (store_error(&e, Lang::Zh), store_error(&e, Lang::En));
            assert!(chinese(&zh), "{e:?} in zh-CN: {zh}");
            assert!(!chinese(&en), "{e:?} in en: {en}");
            assert_eq!(e.to_string(), en, "Display is the English sentence");
        }
    }

    #[test]
    fn what_the_workstation_shows_names_no_command_line_flag() {
        for e in samples() {
            if matches!(e, StoreError::Invalid(Invalid::LoadPace(_))) {
                continue; // `dcc load` only
            }
            if let StoreError::Invalid(
                Invalid::LoadSpeedup | Invalid::LoadMinutes | Invalid::UnsavedWal { .. },
            ) = e
            {
                continue;
            }
            for lang in [Lang::Zh, Lang::En] {
                let text = store_error(&e, lang);
                assert!(!text.contains("--"), "{e:?} names a flag: {text}");
            }
        }
    }
}
