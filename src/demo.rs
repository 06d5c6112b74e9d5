//! `dcc demo`: a realistic demo database.
//!
//! The generator plans every lead first (when it arrived, from where, who owns
//! it, how its life ends), then lives each lead's life call by call through the
//! domain's own rules ([`outcome::apply`] and [`outcome::decide`]), so statuses,
//! grades, due times and appointments are exactly what the workstation would
//! have written. Rows go straight into SQLite with prepared statements in large
//! transactions.
//!
//! Everything is deterministic for a seed and a `now`: one small PRNG
//! (splitmix64), seeded per lead, so two runs give the same file contents.
//!
//! Today's queues are planned: every outbound agent and the supervisor find
//! 30 to 80 leads due by the end of `now`'s day, for every reason a lead can be
//! due, some of them overdue and a few due later today.

use std::path::Path;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::{params, Connection, Statement};

use crate::domain::lead::{DueReason, FollowUp, Status};
use crate::domain::outcome::{self, CallReport, Outcome, ReasonCodes, VisitChange};
use crate::domain::rules::Rules;
use crate::store::{LeadStore, OpenMode, SqliteStore, StoreError};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    pub leads: u64,
    pub seed: u64,
    /// The supervisor of the demo team (usually the operating-system login).
    pub supervisor_login: String,
    pub supervisor_name: String,
    /// The history ends here; today's queues are for this day.
    pub now: NaiveDateTime,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub leads: u64,
    pub calls: u64,
    pub agents: usize,
    pub appointments: u64,
    pub events: u64,
    pub elapsed: StdDuration,
    pub file_bytes: u64,
}

/// Leads written per transaction.
const BATCH: u64 = 50_000;
/// `progress` is called after this many leads.
const PROGRESS_EVERY: u64 = 5_000;
/// No closing (appointment, order, delivery, defeat and its verification)
/// lasts longer than this: leads that began closing earlier are settled.
const WINDOW_DAYS: i64 = 110;
/// Months of history before `now`'s month.
const HISTORY_MONTHS: u32 = 15;
/// One outbound agent per this many leads.
const LEADS_PER_AGENT: u64 = 5_000;
/// Distinct phone numbers the generator can make (40 prefixes x 10^8).
const PHONE_SPACE: u64 = 40 * 100_000_000;

/// Builds a demo database at `path` (which must not exist yet).
/// `progress(done, total)` is called now and then with leads written so far.
pub fn generate(
    path: &Path,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary, StoreError> {
    let started = Instant::now();
    if path.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists; the demo writes only a new file",
            path.display()
        )));
    }
    if opts.leads > PHONE_SPACE {
        return Err(StoreError::Invalid(format!(
            "a demo can have at most {PHONE_SPACE} leads"
        )));
    }
    let result = build(path, opts, progress, started);
    if result.is_err() {
        // A half-written demo is of no use and would block the next attempt.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    result
}

// ---------------------------------------------------------------------------
// Randomness

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// splitmix64: small, fast and good enough for demo data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for (`stream`, `index`) under `seed`.
    fn stream(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix64(
            seed ^ mix64(stream.wrapping_mul(GOLDEN) ^ mix64(index.wrapping_add(GOLDEN))),
        ))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo) as u64 + 1) as i64
        }
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Exponential with the given mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if r < w as u64 {
                return i;
            }
            r -= w as u64;
        }
        weights.len().saturating_sub(1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A permutation of `0..PHONE_SPACE`: a 4-round Feistel network on 32 bits
/// with cycle walking, so every lead gets its own number and neighbours'
/// numbers look unrelated.
struct PhonePerm {
    keys: [u64; 4],
}

/// Mobile prefixes in use in mainland China.
const PHONE_PREFIXES: [&str; 40] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
    "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

impl PhonePerm {
    fn new(seed: u64) -> PhonePerm {
        let mut rng = Rng::stream(seed, 9, 0);
        PhonePerm {
            keys: [rng.next(), rng.next(), rng.next(), rng.next()],
        }
    }

    fn feistel(&self, x: u32) -> u32 {
        let (mut l, mut r) = (x >> 16, x & 0xFFFF);
        for k in self.keys {
            let f = (mix64(r as u64 ^ k) & 0xFFFF) as u32;
            let next = l ^ f;
            l = r;
            r = next;
        }
        (l << 16) | r
    }

    fn permute(&self, i: u64) -> u64 {
        let mut y = self.feistel(i as u32);
        while y as u64 >= PHONE_SPACE {
            y = self.feistel(y);
        }
        y as u64
    }

    /// The 11-digit mobile number of lead `i`.
    fn phone(&self, i: u64) -> [u8; 11] {
        let y = self.permute(i);
        let mut out = [b'0'; 11];
        out[..3].copy_from_slice(PHONE_PREFIXES[(y / 100_000_000) as usize].as_bytes());
        let mut rest = y % 100_000_000;
        for d in out[3..].iter_mut().rev() {
            *d = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Text: names, models, notes

/// (surname, pinyin, weight): the common surnames, roughly by frequency.
const SURNAMES: &[(&str, &str, u32)] = &[
    ("王", "wang", 71),
    ("李", "li", 70),
    ("张", "zhang", 67),
    ("刘", "liu", 54),
    ("陈", "chen", 45),
    ("杨", "yang", 31),
    ("黄", "huang", 22),
    ("赵", "zhao", 20),
    ("吴", "wu", 20),
    ("周", "zhou", 19),
    ("徐", "xu", 15),
    ("孙", "sun", 15),
    ("马", "ma", 12),
    ("朱", "zhu", 12),
    ("胡", "hu", 11),
    ("郭", "guo", 11),
    ("何", "he", 10),
    ("高", "gao", 10),
    ("林", "lin", 10),
    ("罗", "luo", 9),
    ("郑", "zheng", 8),
    ("梁", "liang", 8),
    ("谢", "xie", 7),
    ("宋", "song", 7),
    ("唐", "tang", 6),
    ("许", "xu", 6),
    ("韩", "han", 6),
    ("冯", "feng", 6),
    ("邓", "deng", 6),
    ("曹", "cao", 6),
    ("彭", "peng", 5),
    ("曾", "zeng", 5),
    ("肖", "xiao", 5),
    ("田", "tian", 5),
    ("董", "dong", 5),
    ("袁", "yuan", 5),
    ("潘", "pan", 4),
    ("于", "yu", 4),
    ("蒋", "jiang", 4),
    ("蔡", "cai", 4),
    ("余", "yu", 4),
    ("杜", "du", 4),
    ("叶", "ye", 4),
    ("程", "cheng", 4),
    ("苏", "su", 4),
    ("魏", "wei", 4),
    ("吕", "lyu", 4),
    ("丁", "ding", 4),
    ("任", "ren", 4),
    ("沈", "shen", 3),
    ("姚", "yao", 3),
    ("卢", "lu", 3),
    ("姜", "jiang", 3),
    ("崔", "cui", 3),
    ("钟", "zhong", 3),
    ("谭", "tan", 3),
    ("陆", "lu", 3),
    ("汪", "wang", 3),
    ("范", "fan", 3),
    ("金", "jin", 3),
    ("石", "shi", 3),
    ("廖", "liao", 3),
    ("贾", "jia", 3),
    ("夏", "xia", 3),
    ("韦", "wei", 3),
    ("付", "fu", 3),
    ("方", "fang", 3),
    ("白", "bai", 3),
    ("邹", "zou", 3),
    ("孟", "meng", 3),
    ("熊", "xiong", 3),
    ("秦", "qin", 3),
    ("邱", "qiu", 3),
    ("江", "jiang", 3),
    ("尹", "yin", 3),
    ("薛", "xue", 3),
    ("闫", "yan", 3),
    ("段", "duan", 3),
    ("雷", "lei", 3),
    ("侯", "hou", 3),
    ("龙", "long", 3),
    ("史", "shi", 3),
    ("陶", "tao", 2),
    ("黎", "li", 2),
    ("贺", "he", 2),
    ("顾", "gu", 2),
    ("毛", "mao", 2),
    ("郝", "hao", 2),
    ("龚", "gong", 2),
    ("邵", "shao", 2),
    ("万", "wan", 2),
    ("钱", "qian", 2),
    ("严", "yan", 2),
    ("武", "wu", 2),
    ("戴", "dai", 2),
    ("莫", "mo", 2),
    ("孔", "kong", 2),
    ("向", "xiang", 2),
    ("汤", "tang", 2),
];

/// (given name, pinyin): common given names, for agents and customers.
const GIVEN: &[(&str, &str)] = &[
    ("芳", "fang"),
    ("静", "jing"),
    ("伟", "wei"),
    ("敏", "min"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂英", "guiying"),
    ("华", "hua"),
    ("丹", "dan"),
    ("鹏", "peng"),
    ("婷", "ting"),
    ("玲", "ling"),
    ("建华", "jianhua"),
    ("晶", "jing"),
    ("雪", "xue"),
    ("琳", "lin"),
    ("欣怡", "xinyi"),
    ("子涵", "zihan"),
    ("浩然", "haoran"),
    ("宇轩", "yuxuan"),
    ("思琪", "siqi"),
    ("俊杰", "junjie"),
    ("佳怡", "jiayi"),
    ("梓萱", "zixuan"),
    ("晓燕", "xiaoyan"),
    ("海燕", "haiyan"),
    ("志强", "zhiqiang"),
    ("红梅", "hongmei"),
    ("春梅", "chunmei"),
    ("文博", "wenbo"),
    ("一鸣", "yiming"),
    ("嘉欣", "jiaxin"),
    ("诗涵", "shihan"),
    ("明轩", "mingxuan"),
    ("慧", "hui"),
    ("倩", "qian"),
    ("颖", "ying"),
    ("博", "bo"),
    ("凯", "kai"),
    ("晨", "chen"),
    ("悦", "yue"),
    ("萌", "meng"),
    ("阳", "yang"),
    ("帆", "fan"),
    ("瑶", "yao"),
    ("昊", "hao"),
];

/// First and second characters of two-character given names.
const GIVEN_FIRST: &[&str] = &[
    "建", "志", "国", "海", "晓", "春", "玉", "丽", "文", "明", "永", "秀", "俊", "子", "思", "雨",
    "佳", "梓", "欣", "宇", "浩", "嘉", "一", "新", "金", "德", "家", "天", "立", "红", "美", "丹",
];
const GIVEN_SECOND: &[&str] = &[
    "华", "强", "军", "平", "伟", "芳", "英", "敏", "杰", "涛", "明", "辉", "鹏", "燕", "霞", "婷",
    "琳", "轩", "涵", "怡", "然", "宁", "峰", "波", "林", "东", "磊", "娜", "静", "洋", "龙", "成",
];

/// (model, weight): a Toyota dealer's line-up, as agents type it.
const MODELS: &[(&str, u32)] = &[
    ("卡罗拉 Corolla", 18),
    ("凯美瑞 Camry", 17),
    ("RAV4荣放", 16),
    ("雷凌 Levin", 10),
    ("汉兰达 Highlander", 9),
    ("威兰达 Wildlander", 9),
    ("亚洲龙 Avalon", 6),
    ("锋兰达 Frontlander", 6),
    ("赛那 Sienna", 3),
    ("bZ4X", 3),
    ("皇冠陆放 Crown Kluger", 3),
];

/// (channel code, weight): where leads come from.
const CHANNEL_WEIGHTS: &[(&str, u32)] = &[
    ("autohome", 24),
    ("yiche", 17),
    ("hotline", 14),
    ("pcauto", 8),
    ("cheshi", 4),
    ("walkin", 8),
    ("wechat", 6),
    ("weibo", 2),
    ("qq", 1),
    ("forum", 1),
    ("exhibition", 4),
    ("referral", 5),
    ("oem", 4),
    ("showroom_defeat", 2),
];

/// (reason code, weight): why customers say no.
const DEFEAT_WEIGHTS: &[(&str, u32)] = &[
    ("price_high", 15),
    ("better_offer", 14),
    ("competitor", 14),
    ("other_dealer", 12),
    ("postponed", 12),
    ("budget", 8),
    ("loan_refused", 3),
    ("looks", 4),
    ("interior", 3),
    ("equipment", 5),
    ("power", 3),
    ("handling", 1),
    ("space", 4),
    ("safety", 1),
    ("fuel", 2),
    ("noise", 1),
    ("brand_dislike", 3),
    ("brand_reputation", 2),
    ("delivery_slow", 3),
    ("other", 4),
];

const INVALID_WEIGHTS: &[(&str, u32)] = &[
    ("wrong_number", 40),
    ("duplicate", 25),
    ("out_of_area", 15),
    ("already_bought", 20),
];

const LEAD_NOTES: &[&str] = &[
    "置换：旧车 2016 款朗逸",
    "需要贷款方案",
    "首购，预算 15 万左右",
    "增购，家里第二台车",
    "关注混动版",
    "想要白色",
    "单位团购咨询",
    "置换：旧车 2014 款思域",
    "只在周末方便接电话",
];

const CALL_NOTES: &[&str] = &[
    "客户在开会，晚点再联系",
    "已加微信发送报价",
    "客户在对比本田 CR-V",
    "询问置换补贴政策",
    "客户希望周末到店",
    "关注金融贴息方案",
    "家人还在商量",
    "客户问现车颜色",
    "已发试驾邀请",
];

/// Hourly weights of lead arrivals (web leads come at night too).
const ARRIVALS_BY_HOUR: [f64; 24] = [
    3.0, 2.0, 1.0, 1.0, 1.0, 2.0, 4.0, 8.0, 20.0, 40.0, 50.0, 50.0, 35.0, 40.0, 50.0, 50.0, 45.0,
    40.0, 30.0, 35.0, 30.0, 18.0, 12.0, 6.0,
];

// ---------------------------------------------------------------------------
// Time

fn mins(n: i64) -> Duration {
    Duration::minutes(n)
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

fn secs_of(t: NaiveDateTime) -> i64 {
    t.num_seconds_from_midnight() as i64
}

fn at(day: NaiveDate, secs: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::seconds(secs)
}

/// A date or time as the store writes it, without allocating.
struct Stamp {
    buf: [u8; 19],
    len: usize,
}

fn put2(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

impl Stamp {
    fn date(d: NaiveDate) -> Stamp {
        let mut buf = *b"0000-00-00 00:00:00";
        let y = d.year().clamp(0, 9999) as u32;
        put2(&mut buf[0..2], y / 100);
        put2(&mut buf[2..4], y % 100);
        put2(&mut buf[5..7], d.month());
        put2(&mut buf[8..10], d.day());
        Stamp { buf, len: 10 }
    }

    fn time(t: NaiveDateTime) -> Stamp {
        let mut s = Stamp::date(t.date());
        put2(&mut s.buf[11..13], t.hour());
        put2(&mut s.buf[14..16], t.minute());
        put2(&mut s.buf[17..19], t.second());
        s.len = 19;
        s
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

fn month_start(d: NaiveDate, back: u32) -> NaiveDate {
    let months = d.year() * 12 + d.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

// ---------------------------------------------------------------------------
// The team

#[derive(Debug, Clone)]
struct AgentRow {
    id: i64,
    login: String,
    name: String,
    role: &'static str,
    created: NaiveDateTime,
    /// When the agent left; their open leads went to colleagues.
    departed: Option<NaiveDateTime>,
}

struct Team {
    agents: Vec<AgentRow>,
    sup: u16,
    /// Everyone who ever owned leads: the supervisor and outbound agents.
    owners: Vec<u16>,
    /// Owners still working.
    active: Vec<u16>,
    inbound: Vec<u16>,
}

fn make_team(opts: &DemoOptions, start: NaiveDate) -> Team {
    let mut rng = Rng::stream(opts.seed, 1, 0);
    let outbound =
        (opts.leads.saturating_add(LEADS_PER_AGENT / 2) / LEADS_PER_AGENT).clamp(4, 5_000) as usize;
    let inbound = outbound.div_ceil(10).max(2);
    let departed = (outbound / 25).max(1);
    let hired = at(start, 9 * 3600) - days(rng.range(30, 400));
    let sup_login = match opts.supervisor_login.trim() {
        "" => "supervisor".to_string(),
        login => login.to_string(),
    };
    let mut agents = vec![AgentRow {
        id: 1,
        login: sup_login.clone(),
        name: if opts.supervisor_name.trim().is_empty() {
            sup_login.clone()
        } else {
            opts.supervisor_name.trim().to_string()
        },
        role: "supervisor",
        created: hired,
        departed: None,
    }];
    let mut logins = std::collections::HashSet::new();
    logins.insert(sup_login);
    let history = (opts.now.date() - start).num_days();
    let mut add = |role: &'static str, departed: Option<NaiveDateTime>, rng: &mut Rng| {
        let weights: Vec<u32> = SURNAMES.iter().map(|s| s.2).collect();
        let mut attempt = 0;
        loop {
            let (sz, sp, _) = SURNAMES[rng.weighted(&weights)];
            let (gz, gp) = GIVEN[rng.below(GIVEN.len() as u64) as usize];
            let mut login = format!("{sp}.{gp}");
            if attempt >= 20 {
                login = format!("{sp}.{gp}{}", attempt - 18);
            }
            attempt += 1;
            if logins.insert(login.clone()) {
                agents.push(AgentRow {
                    id: agents.len() as i64 + 1,
                    login,
                    name: format!("{sz}{gz}"),
                    role,
                    created: hired + days(rng.range(0, 20)) + mins(rng.range(0, 300)),
                    departed,
                });
                return;
            }
        }
    };
    for _ in 0..inbound {
        add("inbound", None, &mut rng);
    }
    for _ in 0..outbound {
        add("outbound", None, &mut rng);
    }
    for _ in 0..departed {
        // Left between three months after the start and four months before now,
        // so that everything they were still working on was handed over.
        let lo = 90.min(history);
        let hi = (history - 120).max(lo);
        let left = at(
            start + days(rng.range(lo, hi)),
            rng.range(10 * 3600, 17 * 3600),
        );
        add("outbound", Some(left), &mut rng);
    }
    let mut team = Team {
        agents,
        sup: 0,
        owners: vec![0],
        active: vec![0],
        inbound: Vec::new(),
    };
    for (i, a) in team.agents.iter().enumerate().skip(1) {
        match a.role {
            "inbound" => team.inbound.push(i as u16),
            _ => {
                team.owners.push(i as u16);
                if a.departed.is_none() {
                    team.active.push(i as u16);
                }
            }
        }
    }
    team
}

// ---------------------------------------------------------------------------
// The plan of each lead

/// How a lead's life ends (or that it is still being worked at `now`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Open,
    Invalid,
    Dnc,
    Lost,
    Defeat,
    /// Visited the showroom, then said no.
    VisitDefeat,
    Order,
}

/// How an open lead stands at `now`: the last calls before it, anchored so
/// that the lead is due exactly when the plan says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// No call yet: the first follow-up is due the day after capture.
    None,
    /// Reached (or visited) `every` days before `due`.
    Cadence { due: NaiveDate, visited: bool },
    /// Unanswered the day before `due`.
    RetryMorning { due: NaiveDate },
    /// Unanswered earlier today.
    RetryToday,
    /// The customer asked to be called at `due`.
    CustomerTime { due: NaiveDateTime },
    /// A visit at `visit`: confirmation due the day before.
    Confirmation { visit: NaiveDateTime },
    /// Confirmed a visit at `visit` that has passed (or passes later today).
    NoShow { visit: NaiveDateTime },
    /// A defeat approved the day before `due`, awaiting its verification call.
    VerifyDefeat { due: NaiveDate },
    /// Lost contact the day before `due`, awaiting its verification call.
    VerifyLost { due: NaiveDate },
}

#[derive(Debug, Clone, Copy)]
struct Plan {
    created: NaiveDateTime,
    /// The closing begins at the first call from here (closed fates only).
    close: NaiveDateTime,
    /// A handover: at this time, to this owner (if the lead still lives then).
    transfer: Option<(NaiveDateTime, u16)>,
    owner0: u16,
    creator: u16,
    channel: u8,
    model: u8,
    grade0: u8,
    /// Days from capture to the expected purchase and visit (-1: not given).
    purchase: i16,
    visit: i16,
    note: i8,
    fate: Fate,
    tail: Tail,
}

impl Plan {
    fn final_owner(&self) -> u16 {
        self.transfer.map_or(self.owner0, |(_, to)| to)
    }
}

/// Everything the simulation reads.
struct Ctx {
    seed: u64,
    rules: Rules,
    reasons: ReasonCodes,
    grades: Vec<String>,
    every: Vec<i64>,
    defeat_w: Vec<u32>,
    invalid_w: Vec<u32>,
    now: NaiveDateTime,
    today: NaiveDate,
    /// Natural lives stop here (the start of today): today's work is to do.
    cutoff: NaiveDateTime,
    today_end: NaiveDateTime,
    /// First and last start of a call, seconds after midnight.
    call_lo: i64,
    call_hi: i64,
    /// The latest start of a call made today before `now`, if any can be.
    today_limit: Option<NaiveDateTime>,
    sup: u16,
    departed: Vec<bool>,
}

impl Ctx {
    /// The latest call start on `day` (seconds after midnight).
    fn latest_on(&self, day: NaiveDate) -> i64 {
        if day == self.today {
            self.today_limit.map_or(self.call_lo, secs_of)
        } else {
            self.call_hi
        }
    }

    /// The last day on which a call before `now` can be made.
    fn last_call_day(&self) -> NaiveDate {
        if self.today_limit.is_some() {
            self.today
        } else {
            self.today - days(1)
        }
    }

    fn grade_index(&self, code: &str) -> u8 {
        self.grades.iter().position(|g| g == code).unwrap_or(0) as u8
    }
}

fn weights_for(codes: &[String], table: &[(&str, u32)]) -> Vec<u32> {
    codes
        .iter()
        .map(|c| table.iter().find(|(k, _)| k == c).map_or(2, |(_, w)| *w))
        .collect()
}

/// Days overdue of a planned queue item: mostly due today.
fn overdue(rng: &mut Rng) -> i64 {
    rng.weighted(&[55, 18, 11, 8, 5, 3]) as i64
}

/// A due in today's queue for an open lead captured on `cd`, if one fits its age.
fn queue_tail(rng: &mut Rng, cx: &Ctx, cd: NaiveDate, every: i64) -> Option<Tail> {
    let td = cx.today;
    let age = (td - cd).num_days();
    let first = cd + days(1);
    let weights = [36, 20, 11, 9, 6, 10, if age <= 6 { 25 } else { 0 }];
    for _ in 0..8 {
        let tail = match rng.weighted(&weights) {
            0 => {
                let due = td - days(overdue(rng));
                (due - days(every) >= first).then_some(Tail::Cadence {
                    due,
                    visited: rng.chance(0.12),
                })
            }
            1 => {
                if cx
                    .today_limit
                    .is_some_and(|l| secs_of(l) >= cx.call_lo + 900)
                    && rng.chance(0.45)
                {
                    Some(Tail::RetryToday)
                } else {
                    let due = td - days(overdue(rng));
                    (due - days(1) >= first).then_some(Tail::RetryMorning { due })
                }
            }
            2 => {
                let day = td - days(rng.weighted(&[70, 20, 10]) as i64);
                let due = at(day, 9 * 3600 + 300 * rng.range(0, 138));
                let lo = first.max(day - days(3));
                let hi = (day - days(1)).min(td - days(1));
                (lo <= hi).then_some(Tail::CustomerTime { due })
            }
            3 => {
                let vday = td + days(1 - rng.weighted(&[85, 15]) as i64);
                let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                let lo = first.max(vday - days(7));
                let hi = (vday - days(2)).min(cx.last_call_day());
                (lo <= hi).then_some(Tail::Confirmation { visit })
            }
            4 => {
                let vday = td - days(rng.weighted(&[40, 35, 15, 10]) as i64);
                let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                (first.max(vday - days(7)) <= vday - days(2)).then_some(Tail::NoShow { visit })
            }
            5 => {
                let due = td - days(overdue(rng));
                if rng.chance(0.7) {
                    (due - days(1) >= first).then_some(Tail::VerifyDefeat { due })
                } else {
                    let n = cx.rules.lost_after_days as i64;
                    (due - days(1 + n) >= first).then_some(Tail::VerifyLost { due })
                }
            }
            _ => (2..=6).contains(&age).then_some(Tail::None),
        };
        if tail.is_some() {
            return tail;
        }
    }
    None
}

/// A due after today for an open lead captured on `cd` (at least two days ago).
fn future_tail(rng: &mut Rng, cx: &Ctx, cd: NaiveDate, every: i64) -> Tail {
    let td = cx.today;
    let first = cd + days(1);
    let last = cx.last_call_day();
    for _ in 0..6 {
        match rng.weighted(&[80, 8, 12]) {
            0 => {
                // The last reached call falls between `first` and the last call day.
                let j_lo = 1.max((first - td).num_days() + every);
                let j_hi = (last - td).num_days() + every;
                if j_lo <= j_hi {
                    return Tail::Cadence {
                        due: td + days(rng.range(j_lo, j_hi)),
                        visited: rng.chance(0.08),
                    };
                }
            }
            1 => {
                let day = td + days(rng.range(1, 5));
                if first.max(day - days(5)) <= (day - days(1)).min(last) {
                    let due = at(day, 9 * 3600 + 300 * rng.range(0, 138));
                    return Tail::CustomerTime { due };
                }
            }
            _ => {
                let vday = td + days(rng.range(2, 7));
                if first.max(vday - days(7)) <= (vday - days(2)).min(last) {
                    let visit = at(vday, 9 * 3600 + 1800 + 1800 * rng.range(0, 16));
                    return Tail::Confirmation { visit };
                }
            }
        }
    }
    Tail::CustomerTime {
        due: at(td + days(1), 10 * 3600 + 1800 * rng.range(0, 18)),
    }
}

/// When leads arrive: a day weight (busier lately, in autumn and at weekends)
/// and an hour-of-day profile.
struct Arrivals {
    start: NaiveDate,
    day_weight: Vec<f64>,
    cum: Vec<f64>,
    hour_cum: [f64; 25],
}

impl Arrivals {
    fn new(start: NaiveDate, now: NaiveDateTime) -> Arrivals {
        let n = (now.date() - start).num_days() + 1;
        let mut hour_cum = [0.0; 25];
        let total: f64 = ARRIVALS_BY_HOUR.iter().sum();
        for h in 0..24 {
            hour_cum[h + 1] = hour_cum[h] + ARRIVALS_BY_HOUR[h] / total;
        }
        let mut a = Arrivals {
            start,
            day_weight: Vec::with_capacity(n as usize),
            cum: Vec::with_capacity(n as usize + 1),
            hour_cum,
        };
        a.cum.push(0.0);
        for d in 0..n {
            let day = start + days(d);
            let trend = 0.7 + 0.6 * d as f64 / (n.max(2) - 1) as f64;
            let weekday = match day.weekday().num_days_from_monday() {
                5 | 6 => 1.2,
                _ => 1.0,
            };
            let season = match day.month() {
                9 | 10 => 1.15,
                11 => 1.1,
                12 => 1.05,
                2 => 0.8,
                _ => 1.0,
            };
            let w = trend * weekday * season;
            // Today counts only up to now.
            let part = if d == n - 1 {
                a.fraction_of_day(now)
            } else {
                1.0
            };
            a.day_weight.push(w);
            let last = *a.cum.last().unwrap_or(&0.0);
            a.cum.push(last + w * part);
        }
        a
    }

    fn fraction_of_day(&self, t: NaiveDateTime) -> f64 {
        let s = secs_of(t) as f64 / 3600.0;
        let h = (s as usize).min(23);
        self.hour_cum[h] + (s - h as f64) * (self.hour_cum[h + 1] - self.hour_cum[h])
    }

    fn total(&self) -> f64 {
        *self.cum.last().unwrap_or(&0.0)
    }

    /// The arrival time at position `u` of the cumulative distribution.
    fn time_at(&self, u: f64) -> NaiveDateTime {
        let d = self
            .cum
            .partition_point(|&c| c <= u)
            .clamp(1, self.day_weight.len())
            - 1;
        let frac = ((u - self.cum[d]) / self.day_weight[d]).clamp(0.0, 0.999_999);
        let h = self.hour_cum.partition_point(|&c| c <= frac).clamp(1, 24) - 1;
        let within = (frac - self.hour_cum[h]) / (self.hour_cum[h + 1] - self.hour_cum[h]);
        let secs = h as i64 * 3600 + (within * 3600.0) as i64;
        at(self.start + days(d as i64), secs.min(86_399))
    }
}

struct Lookup {
    channel_ids: Vec<i64>,
    channel_w: Vec<u32>,
    /// Channels a lead can come from at night (web and social).
    night_w: Vec<u32>,
    channel_kind: Vec<String>,
}

fn plan_leads(
    cx: &Ctx,
    opts: &DemoOptions,
    team: &Team,
    look: &Lookup,
    arrivals: &Arrivals,
) -> Vec<Plan> {
    let n = opts.leads;
    let total = arrivals.total();
    let model_w: Vec<u32> = MODELS.iter().map(|m| m.1).collect();
    let grades = cx.grades.len().max(1);
    let mut plans = Vec::with_capacity(n as usize);
    for i in 0..n {
        let mut rng = Rng::stream(cx.seed, 2, i);
        let u = (i as f64 + rng.unit()) / n as f64 * total;
        let created = arrivals.time_at(u).min(cx.now - Duration::seconds(1));
        let cd = created.date();
        let hour = created.hour();
        let channel = if (8..21).contains(&hour) {
            rng.weighted(&look.channel_w)
        } else {
            rng.weighted(&look.night_w)
        };
        let model = rng.weighted(&model_w) as u8;
        // The expected purchase decides the grade (H 12%, A 28%, B 30%, C 30%).
        let horizon = match rng.weighted(&[12, 28, 30, 30]) {
            0 => rng.range(1, 7),
            1 => rng.range(8, 30),
            2 => rng.range(31, 60),
            _ => rng.range(61, 240),
        };
        let (purchase, grade0) = if rng.chance(0.9) {
            let g = cx.rules.grade_for_purchase(cd + days(horizon), cd);
            (horizon as i16, cx.grade_index(&g))
        } else {
            (-1, rng.below(grades as u64) as u8)
        };
        let visit = if rng.chance(0.55) {
            (horizon / 3).clamp(1, 30) as i16
        } else {
            -1
        };
        let note = if rng.chance(0.08) {
            rng.below(LEAD_NOTES.len() as u64) as i8
        } else {
            -1
        };
        // Owners working when the lead arrived.
        let working = |o: &u16| {
            team.agents[*o as usize]
                .departed
                .is_none_or(|d| d > created + days(3))
        };
        let count = team.owners.iter().filter(|o| working(o)).count() as u64;
        let k = rng.below(count) as usize;
        let owner0 = *team
            .owners
            .iter()
            .filter(|o| working(o))
            .nth(k)
            .unwrap_or(&0);
        let creator = match look.channel_kind[channel].as_str() {
            "showroom" | "event" | "referral" => owner0,
            "oem" => team.sup,
            _ => team.inbound[rng.below(team.inbound.len() as u64) as usize],
        };
        // How the life ends, by grade: hot leads order more, cold ones linger.
        let r = (grade0 as usize * 4 / grades).min(3);
        let w = [
            [300, 220, 140, 90][r],
            [90, 80, 60, 40][r],
            [300, 330, 360, 360][r],
            [90, 100, 110, 120][r],
            70,
            15,
            [80, 100, 120, 140][r],
        ];
        let (fate, offset) = match rng.weighted(&w) {
            0 => (Fate::Order, 1.0 + rng.exp(8.0).min(80.0)),
            1 => (Fate::VisitDefeat, 2.0 + rng.exp(10.0).min(80.0)),
            2 => (Fate::Defeat, 4.0 + rng.exp(13.0).min(100.0)),
            3 => (Fate::Lost, 3.0 + rng.exp(9.0).min(60.0)),
            4 => (Fate::Invalid, 0.0),
            5 => (Fate::Dnc, 1.0 + rng.exp(15.0).min(90.0)),
            _ => {
                let f = if rng.chance(0.3) {
                    Fate::Order
                } else {
                    Fate::Defeat
                };
                (f, 45.0 + rng.range(0, 120) as f64)
            }
        };
        let close = created + Duration::seconds((offset * 86_400.0) as i64);
        // A closing that begins today or later has not begun: the lead is open.
        let fate = if close >= cx.cutoff || cd + days(1) >= cx.today {
            Fate::Open
        } else {
            fate
        };
        let mut transfer = team.agents[owner0 as usize].departed.map(|left| {
            let to = team.active[rng.below(team.active.len() as u64) as usize];
            (left, to)
        });
        if transfer.is_none() && fate == Fate::Open && team.active.len() > 1 && rng.chance(0.004) {
            // The supervisor rebalances a few leads between agents.
            let lo = created + days(1);
            let hi = cx.now - mins(60);
            if lo < hi {
                let span = (hi - lo).num_seconds();
                let when = lo + Duration::seconds(rng.range(0, span));
                let mut to = team.active[rng.below(team.active.len() as u64) as usize];
                if to == owner0 {
                    to = team.active[(team.active.iter().position(|&a| a == to).unwrap_or(0) + 1)
                        % team.active.len()];
                }
                transfer = Some((when, to));
            }
        }
        plans.push(Plan {
            created,
            close,
            transfer,
            owner0,
            creator,
            channel: channel as u8,
            model,
            grade0,
            purchase,
            visit,
            note,
            fate,
            tail: Tail::None,
        });
    }
    plans
}

/// Chooses how every open lead stands today, so that each working owner's
/// queue holds 30 to 80 leads. `natural` counts, per owner, the leads whose
/// closing is under way and due by the end of today.
fn plan_queues(cx: &Ctx, team: &Team, plans: &mut [Plan], natural: &[u32]) {
    let td = cx.today;
    let mut open: Vec<Vec<u32>> = vec![Vec::new(); team.agents.len()];
    let mut settled: Vec<Vec<u32>> = vec![Vec::new(); team.agents.len()];
    let settled_before = cx.cutoff - days(WINDOW_DAYS);
    for (i, p) in plans.iter().enumerate() {
        if p.fate == Fate::Open {
            open[p.final_owner() as usize].push(i as u32);
        } else if p.transfer.is_none() && p.close < settled_before {
            settled[p.owner0 as usize].push(i as u32);
        }
    }
    for &o in &team.active {
        let mut rng = Rng::stream(cx.seed, 5, o as u64);
        let target = rng.range(30, 80) as usize;
        let fresh = open[o as usize]
            .iter()
            .filter(|&&i| plans[i as usize].created.date() == td - days(1))
            .count();
        let need = target.saturating_sub(natural[o as usize] as usize + fresh);
        let mut eligible: Vec<u32> = open[o as usize]
            .iter()
            .copied()
            .filter(|&i| plans[i as usize].created.date() <= td - days(2))
            .collect();
        let wanted = need + need / 2 + 5;
        if eligible.len() < wanted {
            // A small dealer keeps working old leads: some of the most recent
            // settled ones are still being tracked.
            let pool = &mut settled[o as usize];
            pool.sort_unstable_by(|a, b| b.cmp(a));
            let short = wanted - eligible.len();
            let window = (short * 3).min(pool.len());
            let mut pick: Vec<u32> = pool[..window].to_vec();
            rng.shuffle(&mut pick);
            for &i in pick.iter().take(short) {
                plans[i as usize].fate = Fate::Open;
                eligible.push(i);
            }
        }
        eligible.sort_unstable();
        rng.shuffle(&mut eligible);
        let mut placed = 0;
        for &i in &eligible {
            let p = &mut plans[i as usize];
            let cd = p.created.date();
            let every = cx.every[p.grade0 as usize];
            let mut tail = None;
            if placed < need {
                tail = queue_tail(&mut rng, cx, cd, every);
                if tail.is_some() {
                    placed += 1;
                }
            }
            p.tail = tail.unwrap_or_else(|| future_tail(&mut rng, cx, cd, every));
        }
    }
}

// ---------------------------------------------------------------------------
// Living a lead's life

#[derive(Debug, Clone, Copy)]
enum Val {
    No,
    Grade(u8),
    Status(Status),
    Owner(u16),
}

#[derive(Debug, Clone, Copy)]
struct CallRow<'a> {
    agent: u16,
    actor: u16,
    start: NaiveDateTime,
    end: NaiveDateTime,
    outcome: Outcome,
    before: u8,
    after: u8,
    reason: Option<&'a str>,
    note: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
struct EventRow {
    at: NaiveDateTime,
    agent: u16,
    actor: u16,
    kind: &'static str,
    old: Val,
    new: Val,
    note: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
struct ApptRow {
    visit: NaiveDateTime,
    state: &'static str,
    set_by: u16,
    set_at: NaiveDateTime,
    updated: NaiveDateTime,
}

struct Sim<'a> {
    cx: &'a Ctx,
    rng: Rng,
    st: FollowUp,
    owner: u16,
    transfer: Option<(NaiveDateTime, u16)>,
    /// The end of the last thing that happened to the lead.
    last: NaiveDateTime,
    calls: Vec<CallRow<'a>>,
    events: Vec<EventRow>,
    appts: Vec<ApptRow>,
    open_appt: Option<usize>,
    reason: Option<&'a str>,
}

impl<'a> Sim<'a> {
    fn new(cx: &'a Ctx) -> Sim<'a> {
        Sim {
            cx,
            rng: Rng(0),
            st: FollowUp::new("C", &cx.rules, cx.now),
            owner: 0,
            transfer: None,
            last: cx.now,
            calls: Vec::with_capacity(256),
            events: Vec::with_capacity(64),
            appts: Vec::with_capacity(8),
            open_appt: None,
            reason: None,
        }
    }

    /// Lives lead `i` according to its plan.
    fn live(&mut self, i: u64, p: &Plan) {
        let cx = self.cx;
        self.rng = Rng::stream(cx.seed, 3, i);
        self.st = FollowUp::new(&cx.grades[p.grade0 as usize], &cx.rules, p.created);
        self.owner = p.owner0;
        self.transfer = p.transfer;
        self.last = p.created;
        self.calls.clear();
        self.events.clear();
        self.appts.clear();
        self.open_appt = None;
        self.reason = None;
        let g = Val::Grade(p.grade0);
        self.event(p.created, p.creator, p.creator, "created", Val::No, g, None);
        let o = Val::Owner(p.owner0);
        self.event(p.created, p.creator, p.creator, "owner", Val::No, o, None);
        match p.fate {
            Fate::Open => self.tail(p),
            fate => {
                self.track(p.close);
                self.close(fate, cx.cutoff);
            }
        }
        // A lead still alive at a handover was handed over, called or not.
        let alive =
            self.st.next_due.is_some() || self.st.status.is_open() || self.st.status.is_pending();
        if let Some((when, _)) = self.transfer {
            if alive && when < cx.now {
                self.handover(when);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        at: NaiveDateTime,
        agent: u16,
        actor: u16,
        kind: &'static str,
        old: Val,
        new: Val,
        note: Option<&'static str>,
    ) {
        self.events.push(EventRow {
            at,
            agent,
            actor,
            kind,
            old,
            new,
            note,
        });
    }

    fn handover(&mut self, when: NaiveDateTime) {
        if let Some((_, to)) = self.transfer.take() {
            let sup = self.cx.sup;
            let note = if self.cx.departed[self.owner as usize] {
                Some("离职交接")
            } else {
                Some("主管调配")
            };
            let (old, new) = (Val::Owner(self.owner), Val::Owner(to));
            self.event(when, sup, sup, "owner", old, new, note);
            self.owner = to;
            self.last = self.last.max(when);
        }
    }

    fn check_transfer(&mut self, t: NaiveDateTime) {
        if let Some((when, _)) = self.transfer {
            if t >= when {
                self.handover(when);
            }
        }
    }

    fn duration(&mut self, oc: Outcome) -> i64 {
        let (lo, hi) = match oc {
            Outcome::NoAnswer | Outcome::Lost => (15, 45),
            Outcome::Reached => (60, 420),
            Outcome::CallbackAt => (30, 150),
            Outcome::Appointment => (180, 600),
            Outcome::Visited | Outcome::Delivered => (60, 240),
            Outcome::Ordered | Outcome::Defeat => (120, 480),
            Outcome::Invalid | Outcome::Dnc => (20, 90),
        };
        self.rng.range(lo, hi)
    }

    /// Logs a call starting at `t`, through the domain's rules. False if the
    /// rules refuse it (nothing is recorded then).
    fn call(&mut self, t: NaiveDateTime, oc: Outcome, rep: &CallReport) -> bool {
        self.check_transfer(t);
        let t = t.max(self.last + Duration::seconds(30));
        let end = t + Duration::seconds(self.duration(oc));
        let cx = self.cx;
        let Ok(effect) = outcome::apply(&self.st, oc, rep, &cx.rules, &cx.reasons, end) else {
            return false;
        };
        let before = cx.grade_index(&self.st.grade);
        let after = cx.grade_index(&effect.after.grade);
        let actor = if self.rng.chance(0.003) {
            cx.sup // the supervisor covering for the agent (`--as`)
        } else {
            self.owner
        };
        let note = if matches!(oc, Outcome::Reached | Outcome::CallbackAt) && self.rng.chance(0.05)
        {
            Some(CALL_NOTES[self.rng.below(CALL_NOTES.len() as u64) as usize])
        } else {
            None
        };
        let reason = match oc {
            Outcome::Defeat | Outcome::Invalid => self.reason,
            _ => None,
        };
        self.calls.push(CallRow {
            agent: self.owner,
            actor,
            start: t,
            end,
            outcome: oc,
            before,
            after,
            reason,
            note,
        });
        let owner = self.owner;
        if before != after {
            let (o, n) = (Val::Grade(before), Val::Grade(after));
            self.event(end, owner, actor, "grade", o, n, note);
        }
        if self.st.status != effect.after.status {
            let (o, n) = (
                Val::Status(self.st.status),
                Val::Status(effect.after.status),
            );
            self.event(end, owner, actor, "status", o, n, note);
        }
        if let Some(change) = effect.visit {
            self.visit(change, end);
        }
        self.st = effect.after;
        self.last = end;
        true
    }

    fn plain(&mut self, t: NaiveDateTime, oc: Outcome) -> bool {
        self.call(t, oc, &CallReport::default())
    }

    fn visit(&mut self, change: VisitChange, now: NaiveDateTime) {
        let close = |appts: &mut Vec<ApptRow>, open: &mut Option<usize>, state| {
            if let Some(i) = open.take() {
                appts[i].state = state;
                appts[i].updated = now;
            }
        };
        match change {
            VisitChange::Set(visit) => {
                close(&mut self.appts, &mut self.open_appt, "moved");
                self.appts.push(ApptRow {
                    visit,
                    state: "set",
                    set_by: self.owner,
                    set_at: now,
                    updated: now,
                });
                self.open_appt = Some(self.appts.len() - 1);
            }
            VisitChange::Confirmed => {
                if let Some(i) = self.open_appt {
                    self.appts[i].state = "confirmed";
                    self.appts[i].updated = now;
                }
            }
            VisitChange::Visited => close(&mut self.appts, &mut self.open_appt, "visited"),
            VisitChange::NoShow => close(&mut self.appts, &mut self.open_appt, "no_show"),
            VisitChange::Cancelled => close(&mut self.appts, &mut self.open_appt, "cancelled"),
        }
    }

    /// A supervisor's decision on a pending request.
    fn decide(&mut self, t: NaiveDateTime, approve: bool, note: Option<&'static str>) -> bool {
        self.check_transfer(t);
        let cx = self.cx;
        let Ok(after) = outcome::decide(&self.st, approve, &cx.rules, t) else {
            return false;
        };
        if after.status != self.st.status {
            let (o, n) = (Val::Status(self.st.status), Val::Status(after.status));
            self.event(t, cx.sup, cx.sup, "status", o, n, note);
        }
        self.st = after;
        self.last = self.last.max(t);
        true
    }

    /// `t` moved into calling hours.
    fn in_hours(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let s = secs_of(t);
        if s < self.cx.call_lo {
            at(t.date(), self.cx.call_lo + self.rng.range(0, 5400))
        } else if s > self.cx.call_hi {
            at(
                t.date() + days(1),
                self.cx.call_lo + self.rng.range(0, 7200),
            )
        } else {
            t
        }
    }

    /// When the owner gets round to a lead due at `due`.
    fn when(&mut self, due: NaiveDateTime) -> NaiveDateTime {
        let base = due.max(self.last + mins(2));
        let t = match self.st.due_reason {
            Some(DueReason::Retry) if self.rng.chance(0.35) => {
                // Not tried again that day: the list moved on.
                let span = (self.cx.call_hi - self.cx.call_lo) as f64;
                let offset = (self.rng.unit().powf(1.6) * span) as i64;
                at(base.date() + days(1), self.cx.call_lo + offset)
            }
            Some(DueReason::Retry) => base + Duration::seconds(self.rng.range(0, 1800)),
            Some(DueReason::CustomerTime) => base + Duration::seconds(self.rng.range(0, 600)),
            Some(DueReason::NoShow) => base + Duration::seconds(self.rng.range(0, 5400)),
            _ => {
                // Due for the day: called some time that day, now and then a day or two late.
                let slip = self.rng.weighted(&[90, 7, 3]) as i64;
                let day = base.date() + days(slip);
                let span = (self.cx.call_hi - self.cx.call_lo) as f64;
                let offset = (self.rng.unit().powf(1.6) * span) as i64;
                let t = at(day, self.cx.call_lo + offset);
                if slip == 0 {
                    t.max(base)
                } else {
                    t
                }
            }
        };
        self.in_hours(t)
    }

    /// The time of the next call on the lead's schedule, if before `stop`.
    fn next_call(&mut self, stop: NaiveDateTime) -> Option<NaiveDateTime> {
        let due = self.st.next_due?;
        let t = self.when(due);
        (t < stop).then_some(t)
    }

    fn pick_reason(&mut self, defeat: bool) -> CallReport {
        let cx = self.cx;
        let (list, w) = if defeat {
            (&cx.reasons.defeat, &cx.defeat_w)
        } else {
            (&cx.reasons.invalid, &cx.invalid_w)
        };
        let code = list.get(self.rng.weighted(w)).map(String::as_str);
        self.reason = code;
        CallReport {
            reason: code.map(str::to_string),
            ..CallReport::default()
        }
    }

    /// A random call start on `day` in calling hours, not after `latest`
    /// seconds, and not before `earliest` seconds.
    fn time_on(&mut self, day: NaiveDate, earliest: i64, latest: i64) -> NaiveDateTime {
        let hi = latest.min(self.cx.call_hi).min(self.cx.latest_on(day));
        let lo = earliest.max(self.cx.call_lo).min(hi);
        at(day, self.rng.range(lo, hi))
    }

    /// A random day in `lo..=hi`.
    fn day_in(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        lo + days(self.rng.range(0, (hi - lo).num_days()))
    }

    /// A supervisor's working time some hours after `t`.
    fn supervisor_time(&mut self, t: NaiveDateTime) -> NaiveDateTime {
        let t = t + mins(self.rng.range(30, 26 * 60));
        let s = secs_of(t);
        if s < 9 * 3600 {
            at(t.date(), 9 * 3600 + self.rng.range(0, 3600))
        } else if s > 19 * 3600 {
            at(t.date() + days(1), 9 * 3600 + self.rng.range(0, 3600))
        } else {
            t
        }
    }

    /// A random visit slot (half hours, 09:30 to 17:30) `d` days after `t`.
    fn visit_slot(&mut self, t: NaiveDateTime, d: i64) -> NaiveDateTime {
        at(
            t.date() + days(d),
            9 * 3600 + 1800 + 1800 * self.rng.range(0, 16),
        )
    }

    /// Regular follow-up until `until`: the lead is tracked, invited, misses or
    /// makes visits, now and then a defeat is rejected or overturned.
    fn track(&mut self, until: NaiveDateTime) {
        let mut guard = 0;
        while guard < 4000 {
            guard += 1;
            let Some(due) = self.st.next_due else { return };
            let t = self.when(due);
            if t >= until {
                return;
            }
            let appointed = self.st.status == Status::Appointed;
            let visit_at = self.st.appointment;
            match visit_at {
                Some(v) if appointed && t >= v => {
                    // The visit time has come: the customer came or did not.
                    if self.rng.chance(0.55) {
                        let tv = (v + mins(self.rng.range(20, 100))).max(self.last + mins(2));
                        if tv >= until {
                            return;
                        }
                        if !self.plain(tv, Outcome::Visited) {
                            return;
                        }
                    } else {
                        let oc = if self.rng.chance(0.7) {
                            Outcome::Reached
                        } else {
                            Outcome::NoAnswer
                        };
                        if !self.plain(t, oc) {
                            return;
                        }
                    }
                }
                Some(_) if appointed => {
                    // The day-before confirmation (or its retries).
                    let oc = if self.rng.chance(0.8) {
                        Outcome::Reached
                    } else {
                        Outcome::NoAnswer
                    };
                    if !self.plain(t, oc) {
                        return;
                    }
                }
                _ => {
                    if !self.regular(t, until) {
                        return;
                    }
                }
            }
        }
    }

    /// One regular follow-up call at `t`.
    fn regular(&mut self, t: NaiveDateTime, until: NaiveDateTime) -> bool {
        let p_na = match self.st.due_reason {
            Some(DueReason::FirstFollowUp) => 0.45,
            Some(DueReason::Retry) => 0.5 - 0.04 * self.st.unreached_days.min(5) as f64,
            Some(DueReason::CustomerTime) => 0.15,
            _ => 0.38,
        };
        if self.rng.chance(p_na) {
            return self.plain(t, Outcome::NoAnswer);
        }
        let r = self.rng.unit();
        let tracking = self.st.status == Status::Tracking;
        if r < 0.08 {
            // The customer names a time.
            let at_ = if self.rng.chance(0.3) {
                t + mins(self.rng.range(60, 300))
            } else {
                let d = self.rng.range(1, 3);
                at(t.date() + days(d), 9 * 3600 + 300 * self.rng.range(0, 138))
            };
            let ok = at_ < until && self.cx.rules.within_calling_hours(at_);
            if ok {
                let rep = CallReport {
                    at: Some(at_),
                    ..CallReport::default()
                };
                return self.call(t, Outcome::CallbackAt, &rep) || self.plain(t, Outcome::Reached);
            }
        } else if r < 0.12 && self.st.status != Status::Appointed {
            // An invitation to the showroom.
            let d = self.rng.range(1, 6);
            let v = self.visit_slot(t, d);
            if v + mins(240) < until {
                let rep = CallReport {
                    visit: Some(v),
                    ..CallReport::default()
                };
                return self.call(t, Outcome::Appointment, &rep);
            }
        } else if r < 0.127 && tracking {
            // A defeat the supervisor rejects: keep following up.
            let a = self.supervisor_time(t);
            if a + mins(60) < until {
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) {
                    return self.decide(a, false, Some("复核：客户仍有意向，继续跟进"));
                }
            }
        } else if r < 0.132 && tracking {
            // A defeat the verification call overturns.
            let a = self.supervisor_time(t);
            if a + days(4) < until {
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) && self.decide(a, true, None) {
                    if let Some(v) = self.next_call(until) {
                        return self.plain(v, Outcome::Reached);
                    }
                    return false;
                }
            }
        }
        let mut rep = CallReport::default();
        if self.rng.chance(0.12) {
            let g = self.cx.grade_index(&self.st.grade) as i64;
            let top = self.cx.grades.len() as i64 - 1;
            let ng = (g + if self.rng.chance(0.5) { -1 } else { 1 }).clamp(0, top);
            rep.grade = Some(self.cx.grades[ng as usize].clone());
        }
        self.call(t, Outcome::Reached, &rep)
    }

    /// The customer is invited, confirmed and visits. False if `stop` comes first.
    fn invite_and_visit(&mut self, stop: NaiveDateTime) -> bool {
        let Some(t) = self.next_call(stop) else {
            return false;
        };
        let d = self.rng.range(1, 6);
        let v = self.visit_slot(t, d);
        let rep = CallReport {
            visit: Some(v),
            ..CallReport::default()
        };
        if !self.call(t, Outcome::Appointment, &rep) {
            return false;
        }
        for _ in 0..6 {
            if self.st.due_reason == Some(DueReason::NoShow) {
                break;
            }
            let Some(t) = self.next_call(stop) else {
                return false;
            };
            if t >= v {
                break;
            }
            let oc = if self.rng.chance(0.85) {
                Outcome::Reached
            } else {
                Outcome::NoAnswer
            };
            if !self.plain(t, oc) {
                return false;
            }
        }
        let tv = (v + mins(self.rng.range(15, 90))).max(self.last + mins(2));
        tv < stop && self.plain(tv, Outcome::Visited)
    }

    /// A few follow-up calls after a visit.
    fn after_visit(&mut self, cycles: i64, stop: NaiveDateTime) -> bool {
        for _ in 0..cycles {
            let Some(t) = self.next_call(stop) else {
                return false;
            };
            let oc = if self.rng.chance(0.3) {
                Outcome::NoAnswer
            } else {
                Outcome::Reached
            };
            if !self.plain(t, oc) {
                return false;
            }
        }
        true
    }

    /// Defeat requested, approved, then verified by one more call.
    fn defeat(&mut self, stop: NaiveDateTime) {
        let Some(t) = self.next_call(stop) else {
            return;
        };
        let rep = self.pick_reason(true);
        if !self.call(t, Outcome::Defeat, &rep) {
            return;
        }
        let a = self.supervisor_time(self.last);
        if a >= stop || !self.decide(a, true, None) {
            return;
        }
        if let Some(t) = self.next_call(stop) {
            self.call(t, Outcome::Defeat, &rep);
        }
    }

    /// How a closing lead ends, until `stop`.
    fn close(&mut self, fate: Fate, stop: NaiveDateTime) {
        match fate {
            Fate::Open => {}
            Fate::Invalid => {
                let Some(t) = self.next_call(stop) else {
                    return;
                };
                let rep = self.pick_reason(false);
                if self.call(t, Outcome::Invalid, &rep) {
                    let a = self.supervisor_time(self.last);
                    if a < stop {
                        self.decide(a, true, None);
                    }
                }
            }
            Fate::Dnc => {
                if let Some(t) = self.next_call(stop) {
                    self.plain(t, Outcome::Dnc);
                }
            }
            Fate::Lost => {
                let needed = self.cx.rules.lost_after_days;
                for _ in 0..40 {
                    let Some(t) = self.next_call(stop) else {
                        return;
                    };
                    let new_day = self.st.tries_on != Some(t.date());
                    if self.st.unreached_days >= needed && new_day {
                        if self.plain(t, Outcome::Lost) {
                            break;
                        }
                        return;
                    }
                    if !self.plain(t, Outcome::NoAnswer) {
                        return;
                    }
                }
                // The verification call: still unreachable.
                if let Some(t) = self.next_call(stop) {
                    self.plain(t, Outcome::Lost);
                }
            }
            Fate::Defeat => self.defeat(stop),
            Fate::VisitDefeat => {
                let cycles = self.rng.range(1, 3);
                if self.invite_and_visit(stop) && self.after_visit(cycles, stop) {
                    self.defeat(stop);
                }
            }
            Fate::Order => {
                if !self.invite_and_visit(stop) {
                    return;
                }
                if self.rng.chance(0.5) {
                    // Ordered on the day of the visit.
                    let t = self.last + mins(self.rng.range(20, 120));
                    let t = self.in_hours(t);
                    if t >= stop || !self.plain(t, Outcome::Ordered) {
                        return;
                    }
                } else {
                    let cycles = self.rng.range(0, 2);
                    if !self.after_visit(cycles, stop) {
                        return;
                    }
                    let Some(t) = self.next_call(stop) else {
                        return;
                    };
                    if !self.plain(t, Outcome::Ordered) {
                        return;
                    }
                }
                let d = self.last.date() + days(self.rng.range(7, 45));
                let t = at(d, self.rng.range(9 * 3600, 18 * 3600));
                if t < stop {
                    self.plain(t, Outcome::Delivered);
                }
            }
        }
    }

    /// The last calls of an open lead, so that it is due as planned.
    fn tail(&mut self, p: &Plan) {
        let cx = self.cx;
        let cd = p.created.date();
        let first = cd + days(1);
        let margin = mins(15);
        match p.tail {
            Tail::None => {}
            Tail::Cadence { due, visited } => {
                let day = due - days(cx.every[p.grade0 as usize]);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    grade: Some(cx.grades[p.grade0 as usize].clone()),
                    ..CallReport::default()
                };
                let oc = if visited {
                    Outcome::Visited
                } else {
                    Outcome::Reached
                };
                if !self.call(t, oc, &rep) {
                    self.call(t, Outcome::Reached, &rep);
                }
            }
            Tail::RetryMorning { due } => {
                let day = due - days(1);
                let mut t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                for _ in 0..cx.rules.attempts_per_day.max(1) {
                    if !self.plain(t, Outcome::NoAnswer) {
                        break;
                    }
                    match self.st.next_due {
                        Some(next) if next.date() == day => {
                            // Retried soon after it falls due, still in calling hours.
                            let end = cx.rules.calling_end.num_seconds_from_midnight() as i64;
                            let jitter = Duration::seconds(self.rng.range(0, 1200));
                            t = (next + jitter).min(at(day, end - 60)).max(next);
                        }
                        _ => break,
                    }
                }
            }
            Tail::RetryToday => {
                let latest = secs_of(cx.today_limit.unwrap_or(cx.cutoff)).min(18 * 3600 + 2700);
                let t = self.time_on(cx.today, 0, latest);
                self.track(t - margin);
                self.plain(t, Outcome::NoAnswer);
            }
            Tail::CustomerTime { due } => {
                let lo = first.max(due.date() - days(5));
                let hi = (due.date() - days(1)).min(cx.last_call_day());
                let lo = lo.max(hi - days(3));
                let day = self.day_in(lo, hi);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    at: Some(due),
                    ..CallReport::default()
                };
                self.call(t, Outcome::CallbackAt, &rep);
            }
            Tail::Confirmation { visit } => {
                let lo = first.max(visit.date() - days(7));
                let hi = (visit.date() - days(2)).min(cx.last_call_day());
                let day = self.day_in(lo, hi);
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    visit: Some(visit),
                    ..CallReport::default()
                };
                self.call(t, Outcome::Appointment, &rep);
            }
            Tail::NoShow { visit } => {
                let lo = first.max(visit.date() - days(7));
                let day = self.day_in(lo, visit.date() - days(2));
                let t = self.time_on(day, 0, i64::MAX);
                self.track(t - margin);
                let rep = CallReport {
                    visit: Some(visit),
                    ..CallReport::default()
                };
                if self.call(t, Outcome::Appointment, &rep) {
                    let t = self.time_on(visit.date() - days(1), 0, i64::MAX);
                    self.plain(t, Outcome::Reached);
                }
            }
            Tail::VerifyDefeat { due } => {
                let day = due - days(1);
                let call_day = if day - days(1) >= first && self.rng.chance(0.4) {
                    day - days(1)
                } else {
                    day
                };
                let t = if call_day == day {
                    self.time_on(call_day, 0, 15 * 3600)
                } else {
                    self.time_on(call_day, 0, i64::MAX)
                };
                self.track(t - margin);
                let rep = self.pick_reason(true);
                if self.call(t, Outcome::Defeat, &rep) {
                    let earliest = if call_day == day {
                        secs_of(self.last) + 1800
                    } else {
                        9 * 3600
                    };
                    let a = at(day, self.rng.range(earliest, 20 * 3600).max(earliest));
                    self.decide(a, true, None);
                }
            }
            Tail::VerifyLost { due } => {
                let n = cx.rules.lost_after_days as i64;
                let mut t = self.time_on(due - days(1 + n), 0, i64::MAX);
                self.track(t - margin);
                for k in 0..n {
                    let day = due - days(1 + n - k);
                    if k > 0 {
                        t = self.time_on(day, 0, i64::MAX);
                    }
                    self.plain(t, Outcome::NoAnswer);
                }
                let t = self.time_on(due - days(1), 0, i64::MAX);
                self.plain(t, Outcome::Lost);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writing

struct Writer<'c> {
    lead: Statement<'c>,
    call: Statement<'c>,
    event: Statement<'c>,
    appt: Statement<'c>,
    calls: u64,
    events: u64,
    appts: u64,
    name: String,
}

impl<'c> Writer<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<Writer<'c>> {
        Ok(Writer {
            lead: conn.prepare(
                "INSERT INTO leads (id, name, phone, channel_id, model, purchase_by, visit_by, grade,
                    status, owner_id, next_due, due_reason, tries_today, tries_on, unreached_days,
                    appointment_at, note, created_at, created_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20)",
            )?,
            call: conn.prepare(
                "INSERT INTO calls (lead_id, agent_id, actor_id, started_at, ended_at, outcome,
                    grade_before, grade_after, reason, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            event: conn.prepare(
                "INSERT INTO events (lead_id, at, agent_id, actor_id, kind, old, new, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            appt: conn.prepare(
                "INSERT INTO appointments (lead_id, visit_at, state, set_by, set_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            calls: 0,
            events: 0,
            appts: 0,
            name: String::with_capacity(16),
        })
    }

    fn write(
        &mut self,
        i: u64,
        p: &Plan,
        sim: &Sim,
        team: &Team,
        look: &Lookup,
        phones: &PhonePerm,
    ) -> rusqlite::Result<()> {
        let cx = sim.cx;
        let id = i as i64 + 1;
        let agent_id = |a: u16| team.agents[a as usize].id;
        let val = |v: Val| -> Option<&str> {
            match v {
                Val::No => None,
                Val::Grade(g) => Some(cx.grades[g as usize].as_str()),
                Val::Status(s) => Some(s.code()),
                Val::Owner(o) => Some(team.agents[o as usize].login.as_str()),
            }
        };
        customer_name(cx.seed, i, &mut self.name);
        let phone = phones.phone(i);
        let phone = std::str::from_utf8(&phone).unwrap_or_default();
        let cd = p.created.date();
        let purchase = (p.purchase >= 0).then(|| Stamp::date(cd + days(p.purchase as i64)));
        let visit = (p.visit >= 0).then(|| Stamp::date(cd + days(p.visit as i64)));
        let st = &sim.st;
        let next_due = st.next_due.map(Stamp::time);
        let tries_on = st.tries_on.map(Stamp::date);
        let appointment = st.appointment.map(Stamp::time);
        let created = Stamp::time(p.created);
        let updated = Stamp::time(sim.last.max(p.created));
        let note = (p.note >= 0).then(|| LEAD_NOTES[p.note as usize]);
        self.lead.execute(params![
            id,
            self.name.as_str(),
            phone,
            look.channel_ids[p.channel as usize],
            MODELS[p.model as usize].0,
            purchase.as_ref().map(Stamp::as_str),
            visit.as_ref().map(Stamp::as_str),
            st.grade.as_str(),
            st.status.code(),
            agent_id(sim.owner),
            next_due.as_ref().map(Stamp::as_str),
            st.due_reason.map(|r| r.code()),
            st.tries_today,
            tries_on.as_ref().map(Stamp::as_str),
            st.unreached_days,
            appointment.as_ref().map(Stamp::as_str),
            note,
            created.as_str(),
            agent_id(p.creator),
            updated.as_str(),
        ])?;
        for c in &sim.calls {
            let start = Stamp::time(c.start);
            let end = Stamp::time(c.end);
            self.call.execute(params![
                id,
                agent_id(c.agent),
                agent_id(c.actor),
                start.as_str(),
                end.as_str(),
                c.outcome.code(),
                cx.grades[c.before as usize].as_str(),
                cx.grades[c.after as usize].as_str(),
                c.reason,
                c.note,
            ])?;
        }
        for e in &sim.events {
            let when = Stamp::time(e.at);
            self.event.execute(params![
                id,
                when.as_str(),
                agent_id(e.agent),
                agent_id(e.actor),
                e.kind,
                val(e.old),
                val(e.new),
                e.note,
            ])?;
        }
        for a in &sim.appts {
            let visit = Stamp::time(a.visit);
            let set = Stamp::time(a.set_at);
            let upd = Stamp::time(a.updated);
            self.appt.execute(params![
                id,
                visit.as_str(),
                a.state,
                agent_id(a.set_by),
                set.as_str(),
                upd.as_str(),
            ])?;
        }
        self.calls += sim.calls.len() as u64;
        self.events += sim.events.len() as u64;
        self.appts += sim.appts.len() as u64;
        Ok(())
    }
}

/// The customer's name of lead `i`: a full name, or a surname and 先生/女士
/// as web forms often give it.
fn customer_name(seed: u64, i: u64, out: &mut String) {
    let mut rng = Rng::stream(seed, 4, i);
    out.clear();
    // Cumulative weights of SURNAMES, computed once.
    static TOTAL: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let total = *TOTAL.get_or_init(|| SURNAMES.iter().map(|s| s.2).sum());
    let mut r = rng.below(total as u64) as u32;
    let mut surname = SURNAMES[0].0;
    for s in SURNAMES {
        if r < s.2 {
            surname = s.0;
            break;
        }
        r -= s.2;
    }
    out.push_str(surname);
    let form = rng.below(100);
    if form < 22 {
        out.push_str(if rng.chance(0.62) { "先生" } else { "女士" });
    } else if form < 50 {
        out.push_str(GIVEN[rng.below(GIVEN.len() as u64) as usize].0);
    } else {
        out.push_str(GIVEN_FIRST[rng.below(GIVEN_FIRST.len() as u64) as usize]);
        if rng.chance(0.75) {
            out.push_str(GIVEN_SECOND[rng.below(GIVEN_SECOND.len() as u64) as usize]);
        }
    }
}

/// Drops the secondary indexes of the bulk-loaded tables, returning their
/// definitions exactly as the schema wrote them, to be created again afterwards.
fn drop_indexes(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let found: Vec<(String, String)> = {
        let mut st = conn.prepare(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('leads', 'calls', 'events', 'appointments')
             ORDER BY name",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut defs = Vec::with_capacity(found.len());
    for (name, sql) in found {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        defs.push(sql);
    }
    Ok(defs)
}

/// A channel's spend in a month, in cents: hundreds of thousands of yuan on
/// the big platforms for the default 20,000 leads, in proportion for more or
/// fewer leads, so that a lead costs what it costs a real dealer.
fn monthly_spend(rng: &mut Rng, code: &str, month: u32, leads: u64) -> i64 {
    let cny = match code {
        "autohome" => rng.range(500, 800),
        "yiche" => rng.range(350, 600),
        "pcauto" => rng.range(200, 350),
        "cheshi" => rng.range(200, 280),
        "wechat" => rng.range(60, 120),
        "weibo" => rng.range(30, 80),
        "exhibition" if matches!(month, 4 | 6 | 9 | 10 | 11) => rng.range(300, 600),
        _ => 0,
    };
    let scale = leads.max(1_000) as f64 / 20_000.0;
    (cny as f64 * 100.0 * scale).round() as i64 * 100 // yuan, in cents
}

fn build(
    path: &Path,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
    started: Instant,
) -> Result<DemoSummary, StoreError> {
    let store = SqliteStore::open(path, OpenMode::Create)?;
    let rules = store.rules()?;
    let reasons = store.reason_codes()?;
    let channels = store.channels()?;
    let conn = store.conn();

    let now = opts.now.with_nanosecond(0).unwrap_or(opts.now);
    let today = now.date();
    let start = month_start(today, HISTORY_MONTHS);
    let team = make_team(opts, start);

    let call_lo = rules.calling_start.num_seconds_from_midnight() as i64;
    let call_hi = (rules.calling_end.num_seconds_from_midnight() as i64 - 600).max(call_lo);
    let limit = (secs_of(now) - 900).min(call_hi);
    let departed = team.agents.iter().map(|a| a.departed.is_some()).collect();
    let grades: Vec<String> = rules.grades.iter().map(|g| g.code.clone()).collect();
    if grades.is_empty() {
        return Err(StoreError::Invalid("the grade scale is empty".into()));
    }
    let cx = Ctx {
        seed: opts.seed,
        every: grades.iter().map(|g| rules.every_days(g).max(1)).collect(),
        grades,
        defeat_w: weights_for(&reasons.defeat, DEFEAT_WEIGHTS),
        invalid_w: weights_for(&reasons.invalid, INVALID_WEIGHTS),
        rules,
        reasons,
        now,
        today,
        cutoff: at(today, 0),
        today_end: at(today + days(1), 0),
        call_lo,
        call_hi,
        today_limit: (limit >= call_lo + 300).then(|| at(today, limit)),
        sup: team.sup,
        departed,
    };
    if cx.reasons.defeat.is_empty() || cx.reasons.invalid.is_empty() {
        return Err(StoreError::Invalid("the reason lists are empty".into()));
    }
    let look = Lookup {
        channel_ids: channels.iter().map(|c| c.id).collect(),
        channel_w: weights_for(
            &channels.iter().map(|c| c.code.clone()).collect::<Vec<_>>(),
            CHANNEL_WEIGHTS,
        ),
        night_w: channels
            .iter()
            .map(|c| match c.kind.as_str() {
                "web" | "social" => CHANNEL_WEIGHTS
                    .iter()
                    .find(|(k, _)| *k == c.code)
                    .map_or(1, |(_, w)| *w),
                _ => 0,
            })
            .collect(),
        channel_kind: channels.iter().map(|c| c.kind.clone()).collect(),
    };
    if look.channel_ids.is_empty() {
        return Err(StoreError::Invalid("there are no channels".into()));
    }

    // The team, the dealer's settings and the channels' monthly spend.
    store.write(|c| {
        let mut st = c.prepare(
            "INSERT INTO agents (id, login, name, role, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for a in &team.agents {
            let created = Stamp::time(a.created);
            st.execute(params![
                a.id,
                a.login,
                a.name,
                a.role,
                a.departed.is_none(),
                created.as_str()
            ])?;
        }
        let mut set = c.prepare(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        set.execute(["dealer", "丰田 4S 店 (Demo)"])?;
        set.execute(["campaign", "双十一购车节"])?;
        let mut spend = c.prepare(
            "INSERT INTO channel_spend (channel_id, month, amount_cents) VALUES (?1, ?2, ?3)",
        )?;
        let mut month = start;
        let mut rng = Rng::stream(opts.seed, 6, 0);
        while month <= today {
            let label = month.format("%Y-%m").to_string();
            for ch in &channels {
                let cents = monthly_spend(&mut rng, &ch.code, month.month(), opts.leads);
                spend.execute(params![ch.id, label, cents])?;
            }
            month = month_start(month, 0)
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(today + days(1));
        }
        Ok(())
    })?;

    // Plan every lead, then live the closings still under way to see what
    // today's queues already hold, then plan the open leads around that.
    let arrivals = Arrivals::new(start, now);
    let mut plans = plan_leads(&cx, opts, &team, &look, &arrivals);
    let mut natural = vec![0u32; team.agents.len()];
    {
        let mut sim = Sim::new(&cx);
        let from = cx.cutoff - days(WINDOW_DAYS);
        for (i, p) in plans.iter().enumerate() {
            if p.fate != Fate::Open && p.close >= from {
                sim.live(i as u64, p);
                if sim.st.next_due.is_some_and(|d| d < cx.today_end) {
                    natural[sim.owner as usize] += 1;
                }
            }
        }
    }
    plan_queues(&cx, &team, &mut plans, &natural);

    // The bulk load: no fsync, no foreign-key lookups, indexes afterwards.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -131072;
         PRAGMA temp_store = MEMORY;
         PRAGMA threads = 2;",
    )?;
    // Without a journal a failure leaves a broken file; `generate` removes it.
    let _: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    let index_defs = drop_indexes(conn)?;
    let phones = PhonePerm::new(opts.seed);
    let total = opts.leads;
    let (calls, events, appts) = {
        let mut w = Writer::new(conn)?;
        let mut sim = Sim::new(&cx);
        let mut i = 0u64;
        progress(0, total);
        while i < total {
            let end = (i + BATCH).min(total);
            conn.execute_batch("BEGIN")?;
            while i < end {
                let p = &plans[i as usize];
                sim.live(i, p);
                w.write(i, p, &sim, &team, &look, &phones)?;
                i += 1;
                if i.is_multiple_of(PROGRESS_EVERY) {
                    progress(i, total);
                }
            }
            conn.execute_batch("COMMIT")?;
        }
        progress(total, total);
        (w.calls, w.events, w.appts)
    };
    drop(plans);

    for sql in &index_defs {
        conn.execute_batch(sql)?;
    }
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA analysis_limit = 1000;
         ANALYZE;
         PRAGMA optimize;",
    )?;
    // Fold the history into the report summaries now, so that the first
    // report on a fresh demo is as quick as every later one.
    store.refresh_reports()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(store);
    let file_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(DemoSummary {
        leads: total,
        calls,
        agents: team.agents.len(),
        appointments: appts,
        events,
        elapsed: started.elapsed(),
        file_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phone::Phone;
    use std::collections::BTreeSet;

    fn time(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid time")
    }

    fn opts(leads: u64, seed: u64, now: &str) -> DemoOptions {
        DemoOptions {
            leads,
            seed,
            supervisor_login: "zhou.li".into(),
            supervisor_name: "周莉".into(),
            now: time(now),
        }
    }

    fn make(dir: &Path, name: &str, o: &DemoOptions) -> (std::path::PathBuf, DemoSummary) {
        let path = dir.join(name);
        let mut last = 0;
        let summary = generate(&path, o, &mut |done, _| last = done).expect("demo generates");
        assert_eq!(last, o.leads);
        (path, summary)
    }

    /// Row counts of every table and a hash of the leads table, in id order.
    fn fingerprint(path: &Path) -> (Vec<i64>, u64) {
        let conn = Connection::open(path).expect("opens");
        let tables = [
            "agents",
            "leads",
            "calls",
            "events",
            "appointments",
            "channel_spend",
        ];
        let counts = tables
            .iter()
            .map(|t| {
                conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .expect("counts")
            })
            .collect();
        let mut st = conn
            .prepare("SELECT * FROM leads ORDER BY id")
            .expect("prepares");
        let columns = st.column_count();
        let mut rows = st.query([]).expect("queries");
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        while let Some(r) = rows.next().expect("reads") {
            for c in 0..columns {
                let v: rusqlite::types::Value = r.get(c).expect("value");
                for b in format!("{v:?}|").bytes() {
                    h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        (counts, h)
    }

    #[test]
    fn the_same_seed_gives_the_same_database() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = "2025-11-05 10:30:00";
        let (a, sa) = make(dir.path(), "a.sqlite", &opts(1_500, 7, now));
        let (b, sb) = make(dir.path(), "b.sqlite", &opts(1_500, 7, now));
        let (c, _) = make(dir.path(), "c.sqlite", &opts(1_500, 8, now));
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a).1, fingerprint(&c).1);
        let counts = |s: &DemoSummary| (s.leads, s.calls, s.events, s.appointments, s.agents);
        assert_eq!(counts(&sa), counts(&sb));
        // An existing file is never touched.
        let before = std::fs::read(&a).expect("reads");
        assert!(generate(&a, &opts(10, 1, now), &mut |_, _| {}).is_err());
        assert_eq!(std::fs::read(&a).expect("reads"), before);
    }

    #[test]
    fn a_demo_is_consistent_and_every_queue_is_full() {
        check_demo(2_000, 42, "2025-11-05 10:30:00");
        // Before calling hours, on the last day of February of a leap year.
        check_demo(1_200, 3, "2024-02-29 07:45:00");
    }

    fn check_demo(leads: u64, seed: u64, now: &str) {
        let dir = tempfile::tempdir().expect("temp dir");
        let o = opts(leads, seed, now);
        let (path, summary) = make(dir.path(), "demo.sqlite", &o);
        assert_eq!(summary.leads, leads);
        assert!(summary.calls > leads * 5, "{} calls", summary.calls);
        assert!(summary.file_bytes > 0);

        let store = SqliteStore::open(&path, OpenMode::Existing).expect("opens");
        let conn = store.conn();
        let text = |sql: &str| -> String {
            conn.query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
                .map(|v| match v {
                    rusqlite::types::Value::Text(s) => s,
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .expect(sql)
        };
        let zero = |what: &str, sql: &str| assert_eq!(text(sql), "0", "{what}");
        let codes = |sql: &str| -> BTreeSet<String> {
            let mut st = conn.prepare(sql).expect(sql);
            let rows = st.query_map([], |r| r.get::<_, String>(0)).expect(sql);
            rows.map(|r| r.expect("row")).collect()
        };

        // The file: sound, in WAL mode, durable, with statistics for the planner.
        assert_eq!(text("PRAGMA integrity_check"), "ok");
        zero(
            "foreign keys",
            "SELECT count(*) FROM pragma_foreign_key_check",
        );
        assert_eq!(text("PRAGMA journal_mode"), "wal");
        assert_eq!(text("PRAGMA synchronous"), "2");
        assert_ne!(
            text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'calls'"),
            "0"
        );
        // The schema is exactly the one `dcc init` makes.
        let fresh = SqliteStore::open(&dir.path().join("fresh.sqlite"), OpenMode::Create)
            .expect("a fresh store");
        let schema = |c: &Connection| -> Vec<(String, String)> {
            let mut st = c
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .expect("schema");
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("schema");
            rows.map(|r| r.expect("row")).collect()
        };
        assert_eq!(schema(conn), schema(fresh.conn()));
        assert_eq!(
            text("SELECT value FROM settings WHERE key = 'dealer'"),
            "丰田 4S 店 (Demo)"
        );
        assert_eq!(
            text("SELECT value FROM settings WHERE key = 'campaign'"),
            "双十一购车节"
        );
        zero(
            "channel months without spend rows",
            "SELECT count(*) FROM channels c WHERE (SELECT count(*) FROM channel_spend s
             WHERE s.channel_id = c.id) < 16",
        );

        // Codes are the domain's.
        for s in codes("SELECT DISTINCT status FROM leads") {
            assert!(Status::from_code(&s).is_some(), "status {s}");
        }
        for s in codes("SELECT DISTINCT outcome FROM calls") {
            assert!(Outcome::from_code(&s).is_some(), "outcome {s}");
        }
        for s in codes("SELECT DISTINCT due_reason FROM leads WHERE due_reason IS NOT NULL") {
            assert!(DueReason::from_code(&s).is_some(), "due reason {s}");
        }
        let statuses = codes("SELECT DISTINCT status FROM leads");
        for s in [
            "tracking",
            "appointed",
            "visited",
            "delivered",
            "defeated",
            "invalid",
            "lost",
        ] {
            assert!(statuses.contains(s), "no lead is {s}: {statuses:?}");
        }
        assert_eq!(codes("SELECT DISTINCT grade FROM leads").len(), 4);
        assert!(
            codes("SELECT DISTINCT c.code FROM leads l JOIN channels c ON c.id = l.channel_id")
                .len()
                >= 12
        );

        // Lives are consistent: closed leads are in no queue; calls are in
        // calling hours, after capture, before now, one after the other; the
        // event log tells the same story as the leads table.
        zero(
            "closed leads with a due",
            "SELECT count(*) FROM leads WHERE status IN ('ordered', 'delivered', 'invalid', 'dnc',
             'defeat_requested', 'invalid_requested') AND next_due IS NOT NULL",
        );
        zero(
            "open leads without a due",
            "SELECT count(*) FROM leads
             WHERE status IN ('tracking', 'appointed', 'visited') AND next_due IS NULL",
        );
        zero(
            "calls out of hours or after now",
            &format!(
                "SELECT count(*) FROM calls WHERE time(started_at) < '08:00:00'
                 OR time(started_at) >= '21:00:00' OR ended_at > '{now}'
                 OR started_at > ended_at"
            ),
        );
        zero(
            "calls before capture",
            "SELECT count(*) FROM calls c JOIN leads l ON l.id = c.lead_id
             WHERE c.started_at < l.created_at",
        );
        zero(
            "overlapping calls",
            "SELECT count(*) FROM (SELECT started_at,
                lag(ended_at) OVER (PARTITION BY lead_id ORDER BY id) AS prev FROM calls)
             WHERE started_at < prev",
        );
        zero(
            "status changes that do not chain",
            "SELECT count(*) FROM (SELECT old,
                coalesce(lag(new) OVER (PARTITION BY lead_id ORDER BY id), 'tracking') AS prev
                FROM events WHERE kind = 'status')
             WHERE old <> prev",
        );
        zero(
            "status unlike the last status event",
            "SELECT count(*) FROM leads l WHERE status <> coalesce((SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind = 'status' ORDER BY id DESC LIMIT 1), 'tracking')",
        );
        zero(
            "grade unlike the last grade event",
            "SELECT count(*) FROM leads l WHERE grade <> (SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind IN ('created', 'grade') ORDER BY id DESC LIMIT 1)",
        );
        zero(
            "owner unlike the last owner event",
            "SELECT count(*) FROM leads l JOIN agents a ON a.id = l.owner_id
             WHERE a.login <> (SELECT new FROM events e
             WHERE e.lead_id = l.id AND kind = 'owner' ORDER BY id DESC LIMIT 1)",
        );
        zero(
            "appointed leads without their open appointment",
            "SELECT count(*) FROM leads l WHERE (status = 'appointed') <> EXISTS (
             SELECT 1 FROM appointments a WHERE a.lead_id = l.id
             AND a.state IN ('set', 'confirmed') AND a.visit_at = l.appointment_at)",
        );
        assert_ne!(
            text("SELECT count(*) FROM events WHERE kind = 'owner' AND old IS NOT NULL"),
            "0",
            "no handovers"
        );

        // At least 15 months of history.
        let first: NaiveDateTime = conn
            .query_row("SELECT min(created_at) FROM leads", [], |r| r.get(0))
            .expect("first lead");
        let months_ago = o.now.checked_sub_months(chrono::Months::new(15));
        assert!(first <= months_ago.expect("a date"), "history from {first}");

        // Every phone number is a valid, distinct mobile.
        let phones = codes("SELECT phone FROM leads");
        assert_eq!(phones.len() as u64, leads);
        for p in &phones {
            let parsed = Phone::parse(p).expect("valid phone");
            assert!(parsed.is_mobile() && parsed.as_str() == p, "{p}");
        }

        // Today's queue of every outbound agent and the supervisor is full.
        let today = o.now.date();
        let agents = store.agents().expect("agents");
        let working: Vec<_> = agents
            .iter()
            .filter(|a| a.active && matches!(a.role.code(), "outbound" | "supervisor"))
            .collect();
        assert!(working.len() >= 5);
        assert!(agents.iter().filter(|a| a.role.code() == "inbound").count() >= 2);
        for a in working {
            let q = store.queue(Some(a.id), today, o.now).expect("queue");
            let reasons: BTreeSet<_> = q.iter().map(|i| i.reason.code()).collect();
            assert!(
                (20..=120).contains(&q.len()),
                "{} has {} due",
                a.login,
                q.len()
            );
            assert!(reasons.len() >= 4, "{}: {reasons:?}", a.login);
            assert!(
                q.iter().any(|i| i.days_overdue > 0),
                "{}: none overdue",
                a.login
            );
            assert!(
                q.iter().all(|i| i.days_overdue <= 5),
                "{}: too overdue",
                a.login
            );
        }
    }
}
