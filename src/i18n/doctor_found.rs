//! `dcc doctor`'s findings in words: the filesystem, the file, the team and
//! the clock; a team's permissions, the backups, and a served setup (agents
//! over SSH to one service account). The paths, names and numbers are the
//! finding's; the fixes and the report are in `doctor`.

use super::{Lang, Localize};
use crate::doctor::Found;

impl Localize for Found {
    fn localize(&self, lang: Lang) -> String {
        use Found as F;
        match self {
            F::FilesystemUnknown => tr!(
                lang,
                "无法判断文件系统类型（没有 /proc/mounts）",
                "the filesystem type cannot be told here (no /proc/mounts)"
            ),
            F::NetworkFilesystem {
                path,
                fs_type,
                mount_point,
            } => tr!(
                lang,
                "{path} 在网络文件系统上（{fs_type}，挂载于 {mount_point}）。SQLite 的 WAL 要在使用该文件的程序之间共享内存，只能在同一台电脑上工作：dcc 拒绝打开它",
                "{path} is on a network filesystem ({fs_type}, mounted at {mount_point}). SQLite's WAL shares memory between the programs using the file, which only works on one computer: dcc refuses to open it"
            ),
            F::LocalFilesystem {
                fs_type,
                mount_point,
            } => tr!(
                lang,
                "{fs_type}，本地文件系统（挂载于 {mount_point}）",
                "{fs_type}, a local filesystem (mounted at {mount_point})"
            ),
            F::NoDatabase { path } => tr!(
                lang,
                "{path} 处没有数据库",
                "there is no database at {path}"
            ),
            F::Unreadable(e) => {
                let e = super::store_error(e, lang);
                tr!(
                    lang,
                    "无法作为数据库读取该文件：{e}",
                    "the file cannot be read as a database: {e}"
                )
            }
            F::ForeignDatabase { path } => tr!(
                lang,
                "{path} 是其他程序的 SQLite 数据库，不是 dcc-desk 的",
                "{path} is another program's SQLite database, not dcc-desk's"
            ),
            F::SchemaNewer { version, known } => tr!(
                lang,
                "版本 {version}，由更新的 dcc-desk 写入；本程序只认识到版本 {known}",
                "version {version}, written by a newer dcc-desk; this program knows up to {known}"
            ),
            F::SchemaOlder { version, known } => tr!(
                lang,
                "版本 {version}；下次由有写权限的人打开时升级到版本 {known}",
                "version {version}; it is upgraded to {known} the next time someone who can write it opens it"
            ),
            F::SchemaCurrent { version } => tr!(
                lang,
                "版本 {version}，即当前版本",
                "version {version}, the current one"
            ),
            F::Wal => tr!(
                lang,
                "WAL：一人写入时其他坐席照常读取",
                "WAL: agents read while one writes"
            ),
            F::NotWal { journal } => tr!(
                lang,
                "日志模式为 {journal}，不是 WAL：一人保存时其他坐席都要等待",
                "{journal} journal, not WAL: agents wait for each other while one saves"
            ),
            F::Intact { check, size } => {
                tr!(lang, "{check}：正常（{size}）", "{check}: ok ({size})")
            }
            F::Damaged { check, found } => tr!(
                lang,
                "{check} 发现损坏：{found}",
                "{check} found damage: {found}"
            ),
            F::WalHeld { size } => tr!(
                lang,
                "-wal 文件有 {size}：有程序一直开着读事务，所以无法清空",
                "the -wal file is {size}: a program keeps a read transaction open, so it cannot be emptied"
            ),
            F::WalSize { size } => tr!(lang, "-wal 文件有 {size}", "the -wal file is {size}"),
            F::NoRole { login, name } => tr!(
                lang,
                "坐席 {login}（{name}）没有角色：按呼出专员处理",
                "agent {login} ({name}) has no role: they are treated as outbound"
            ),
            F::NoActiveSupervisor { inactive } => {
                let list = inactive.join(", ");
                let list = match (inactive.is_empty(), lang) {
                    (true, _) => String::new(),
                    (false, Lang::Zh) => format!("（{list} 已停用）"),
                    (false, Lang::En) => format!(" ({list} inactive)"),
                };
                tr!(
                    lang,
                    "没有在职的主管{list}：没有人能添加坐席、审批申请或转移客户",
                    "no active supervisor{list}: nobody can add agents, approve requests or move leads"
                )
            }
            F::InactiveSupervisors { logins } => {
                let list = logins.join(", ");
                tr!(
                    lang,
                    "已停用的主管：{list}",
                    "inactive supervisor(s): {list}"
                )
            }
            F::Unowned { count, at_least } => {
                let n = format!("{count}{}", if *at_least { "+" } else { "" });
                tr!(
                    lang,
                    "{n} 个待回访的客户属于已停用的坐席或没有负责人：没有人会打给他们",
                    "{n} lead(s) to call belong to an inactive agent or nobody: nobody will call them"
                )
            }
            F::TeamInOrder {
                agents,
                supervisors,
            } => tr!(
                lang,
                "{agents} 名坐席，{supervisors} 名在职主管，每个待回访的客户都有在职的负责人",
                "{agents} agent(s), {supervisors} active supervisor(s), every lead to call has an active owner"
            ),
            F::ClockFixed { value } => tr!(
                lang,
                "DCC_NOW={value} 固定了 dcc 所做一切的时间：它只用于测试和演示",
                "DCC_NOW={value} fixes the time of everything dcc does: it is for tests and demos"
            ),
            F::ClockWrong { now } => tr!(
                lang,
                "系统时钟显示 {now}：时间不对",
                "the system clock says {now}: it is wrong"
            ),
            F::ClockBehind { now, latest } => tr!(
                lang,
                "系统时钟（{now}）落后于数据库：已有工作保存于 {latest}",
                "the system clock ({now}) is behind the database: work was saved at {latest}"
            ),
            F::ClockInOrder { now } => tr!(lang, "{now}（系统时钟）", "{now} (system clock)"),
        F::FolderUnreadable { dir } => tr!(
            lang,
            "无法读取文件夹 {dir}",
            "the folder {dir} cannot be read"
        ),
        F::NotATeamGroup { dir, group, admin } => {
            let whose = match (admin, lang) {
                (true, _) => tr!(lang, "管理员组", "the administrators' group"),
                (false, _) => tr!(lang, "某个人的私人组", "one person's own group"),
            };
            tr!(
                lang,
                "文件夹 {dir} 属于组 {group}（{whose}）：请为团队建立专用的组",
                "the folder {dir} belongs to group {group}, {whose}: give the team a group of its own"
            )
        }
        F::ReadableByAll { files } => tr!(
            lang,
            "{files} 本机所有用户都能读取：其中有客户的电话号码",
            "{files} can be read by every user of this computer: it holds customers' phone numbers"
        ),
        F::OtherGroup { files, group } => tr!(
            lang,
            "{files} 不属于文件夹的组（{group}）：同事无法写入",
            "{files} belong(s) to another group than the folder's ({group}): colleagues cannot write it"
        ),
        F::GroupCannotWrite { files, group } => tr!(
            lang,
            "组 {group} 不能读写 {files}：同事的工作无法保存（每次保存 SQLite 都要写 -wal 和 -shm 文件）",
            "{files} cannot be read and written by group {group}: colleagues' work cannot be saved (SQLite writes the -wal and -shm files on every save)"
        ),
        F::Folder {
            dir,
            group,
            group_writable,
            setgid,
        } => {
            let mut why = Vec::new();
            if !group_writable {
                why.push(tr!(
                    lang,
                    "组 {group} 不能写入，同事无法创建 -wal 和 -shm 文件",
                    "is not writable by group {group}: colleagues cannot create the -wal and -shm files"
                ));
            }
            if !setgid {
                why.push(tr!(
                    lang,
                    "没有 setgid 位，新建的 -wal 和 -shm 文件会属于创建者的组，而不是团队的组",
                    "has no setgid bit: new -wal and -shm files get the group of whoever creates them, not the team's"
                ));
            }
            let why = why.join(&tr!(lang, "；并且", "; and "));
            tr!(lang, "文件夹 {dir}：{why}", "the folder {dir} {why}")
        }
        F::FolderOpenToAll { dir } => tr!(
            lang,
            "本机任何人都能删除或替换 {dir} 中的文件",
            "anyone on this computer can delete or replace files in {dir}"
        ),
        F::AgentNotInGroup { login, name, group } => tr!(
            lang,
            "坐席 {login}（{name}）不在组 {group} 中：无法保存工作",
            "agent {login} ({name}) is not in group {group}: they cannot save their work"
        ),
        F::NotAnAgent { login, group } => tr!(
            lang,
            "{login} 在组 {group} 中，能打开数据库，但不是坐席",
            "{login} is in group {group} and can open the database, but is not an agent"
        ),
        F::SharedWithGroup { files, group } => tr!(
            lang,
            "{files} 及其文件夹只与组 {group} 共享；文件夹让新文件留在该组",
            "{files} and its folder are shared with group {group} only; the folder keeps new files in the group"
        ),
        F::NoBackup { dir } => tr!(lang, "{dir} 中没有备份", "no backup in {dir}"),
        F::BackupLate { hours, name } => tr!(
            lang,
            "最新的备份已有 {hours} 小时：{name}",
            "the newest backup is {hours} hours old: {name}"
        ),
        F::BackupRecent { hours, name } => tr!(
            lang,
            "最新的备份在 {hours} 小时前：{name}",
            "the newest backup is {hours} hours old: {name}"
        ),
        F::AccountLocked { account } => tr!(
            lang,
            "账户 {account} 已被锁定：OpenSSH 拒绝登录该账户，即使用密钥也不行",
            "the account {account} is locked: OpenSSH refuses every login to it, even with a key"
        ),
        F::LooseKeys {
            file,
            lines,
            account,
        } => tr!(
            lang,
            "{file} 有 {lines} 行没有 `restrict` 和强制的 `dcc session` 命令：这样的密钥可以以 {account} 身份取得 shell，拿到整个数据库（坐席的密钥应通过 `dcc agent key add` 添加）",
            "{file} has {lines} line(s) without `restrict` and a forced `dcc session` command: such a key gets a shell as {account}, with the whole database (agents' keys belong in `dcc agent key add`)"
        ),
        F::NoKey { login, name } => tr!(
            lang,
            "坐席 {login}（{name}）在职但没有密钥：无法登录",
            "agent {login} ({name}) is active but has no key: they cannot log in"
        ),
        F::ServedInOrder { account } => tr!(
            lang,
            "由 {account} 通过 SSH 提供服务：数据库只属于该账户，sshd 每次登录都向 dcc 查询密钥并强制运行 `dcc session`",
            "served by {account} over SSH: the database is the account's alone, sshd asks dcc for every key and forces `dcc session`"
        ),
        F::NotTheAccounts { path, account } => tr!(
            lang,
            "{path} 不属于服务账户 {account}：会话无法保存",
            "{path} does not belong to the service account {account}: its sessions cannot save"
        ),
        F::OpenToOthers {
            path,
            mode,
            writable,
        } => {
            let change = match (writable, lang) {
                (false, _) => String::new(),
                (true, _) => tr!(lang, "或修改", " or change"),
            };
            tr!(
                lang,
                "{path} 的权限是 {mode:o}：本机其他账户能读取{change}它，也就拿到了每位客户的号码",
                "{path} has mode {mode:o}: other accounts of this computer can read{change} it, and with it every customer's number"
            )
        }
        F::FolderChangeable { path, by } => {
            let by = super::doctor::others(*by, lang);
            tr!(
                lang,
                "{path} 可被{by}修改：数据库所在的文件夹可能被替换",
                "{path} can be changed by {by}: the database's folder could be replaced"
            )
        }
        F::ProgramChangeable { at, path, by } => {
            let by = super::doctor::others(*by, lang);
            let above = match (at == path, lang) {
                (true, _) => String::new(),
                (false, _) => tr!(lang, "（它上级的文件夹）", " (a folder above it)"),
            };
            tr!(
                lang,
                "{at} 可被{by}修改：能改动 {path} 的人就能决定谁以谁的身份登录{above}",
                "{at} can be changed by {by}: whoever changes {path} decides who logs in as whom{above}"
            )
        }
        F::SshdUnreadable => tr!(
            lang,
            "无法读取 sshd 的配置：请以 root 身份运行 `dcc doctor` 检查",
            "sshd's configuration could not be read: run `dcc doctor` as root to check it"
        ),
        F::SshdLetsIn { account, gaps } => {
            let gaps: Vec<String> = gaps.iter().map(|g| super::doctor::gap(*g, lang)).collect();
            let gaps = gaps.join(&tr!(lang, "；", "; "));
            tr!(
                lang,
                "{account} 的 sshd 设置：{gaps}",
                "sshd for {account}: {gaps}"
            )
        }
        F::SshdKeepsSessions { account } => tr!(
            lang,
            "{account} 的 sshd 设置：PermitUserRC 应为 no，并设置 ClientAliveInterval，以便断开的连接结束会话",
            "sshd for {account}: PermitUserRC should be no and ClientAliveInterval set, so that dropped connections end their sessions"
        ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::store::StoreError;

    fn chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn a_file_that_is_no_database_is_said_in_chinese_too() {
        let f = Found::Unreadable(Arc::new(StoreError::NotADatabase("/srv/x.sqlite".into())));
        let (zh, en) = (f.localize(Lang::Zh), f.localize(Lang::En));
        assert!(chinese(&zh) && zh.contains("/srv/x.sqlite"), "{zh}");
        assert!(!chinese(&en) && en.contains("/srv/x.sqlite"), "{en}");
        // Before, the store's English sentence stood inside the Chinese one.
        let english = StoreError::NotADatabase("/srv/x.sqlite".into()).to_string();
        assert!(!zh.contains(&english), "{zh}");
    }
}
