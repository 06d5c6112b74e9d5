//! The tooling's words (feature `tools`): `dcc demo`'s progress bar and
//! `dcc load`'s report.

use super::Lang;

/// `dcc demo`'s progress bar (an indicatif template).
pub fn demo_progress(lang: Lang) -> &'static str {
    super::pick(
        lang,
        "{spinner} 演示 {bar:40} {pos}/{len} 条客户  {elapsed}",
        "{spinner} demo {bar:40} {pos}/{len} leads  {elapsed}",
    )
}

/// What `dcc load` is about to run.
pub struct LoadPlan<'a> {
    pub agents: usize,
    pub own: usize,
    pub source: &'a str,
    pub due: usize,
    pub dir: &'a str,
    pub pace_min: f64,
    pub pace_max: f64,
    pub minutes: f64,
}

/// `dcc load`'s first two lines.
pub fn load_plan(p: &LoadPlan, lang: Lang) -> String {
    let LoadPlan {
        agents,
        own,
        source,
        due,
        dir,
        pace_min,
        pace_max,
        minutes,
    } = *p;
    let team = agents - own;
    tr!(
        lang,
        "压测：{agents} 个坐席进程（{own} 个处理自己的队列，{team} 个处理团队队列），在 {source} 的副本上（今天到期 {due} 条客户），目录 {dir}\n节奏：按真实速度每个坐席每 {pace_min}-{pace_max} 秒记录一个结果；每阶段 {minutes} 分钟",
        "load: {agents} agent processes ({own} on their own queues, {team} on the team's) on a copy of {source} ({due} leads due today) in {dir}\npace: one outcome per agent every {pace_min}-{pace_max} s at real speed; {minutes} min per phase"
    )
}

/// The columns of `dcc load`'s table.
pub fn load_columns(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Zh => [
            "倍速",
            "耗时 s",
            "结果数",
            "每秒",
            "提交 p50",
            "p99",
            "最长",
            "繁忙",
            "丢失",
            "重复",
            "冲突",
        ],
        Lang::En => [
            "speedup",
            "wall s",
            "outcomes",
            "per s",
            "commit p50",
            "p99",
            "max",
            "busy",
            "lost",
            "double",
            "collided",
        ],
    }
}

/// An agent process of the load that failed.
pub fn load_agent_failed(what: &str, lang: Lang) -> String {
    tr!(lang, "坐席进程失败：{what}", "agent failed: {what}")
}

/// The copy's integrity at the end of `dcc load`.
pub fn load_integrity(found: &str, lang: Lang) -> String {
    tr!(
        lang,
        "integrity_check：{found}；到达坐席的繁忙错误、丢失的写入和重复占用都必须为 0",
        "integrity_check: {found}; busy errors reaching an agent, lost writes and double claims must all be 0"
    )
}

/// `dcc load --keep`: where the copy is.
pub fn load_copy_kept(path: &str, lang: Lang) -> String {
    tr!(lang, "副本已保留：{path}", "the copy is kept: {path}")
}
