//! Call scripts in the database: the defaults a new database starts with,
//! and reading the script for a kind of call in the agent's language.
//! Supervisors edit the scripts afterwards; the defaults are only a start.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

/// (kind code, language, title, body). Bodies use the variables of
/// `crate::domain::script` and are read aloud by the agent; lines in
/// 【brackets】 name the question being asked, text in （parentheses） is a
/// note for the agent or a blank for the dealer to fill in.
pub const DEFAULT_SCRIPTS: &[(&str, &str, &str, &str)] = &[
    (
        "inbound",
        "zh-CN",
        "来电（老客户再次来电）",
        "您好，{dealer}，我是{agent}。{customer}您好，感谢您再次来电！
请问您这次是想了解{model}的哪方面？价格、配置、试驾，还是到店时间？
【预计购车时间】您现在大概打算什么时候购车？
【预算/贷款】预算和付款方式有没有变化？全款还是贷款？
【到店】您看哪天方便来店里？我帮您约好顾问和试驾车，最近正好在做{campaign}。
您之前的记录我这边都有，有问题随时打这个电话找我，我是{agent}。感谢您的来电！",
    ),
    (
        "inbound",
        "en",
        "Inbound (a known customer calls again)",
        "Hello, {dealer}, this is {agent}. Hello {customer}, thank you for calling us again!
What would you like to know about the {model} this time: price, equipment, a test drive, or a visit?
[Purchase time] When are you thinking of buying now?
[Budget / loan] Has your budget or way of paying changed? Cash or a loan?
[Visit] Which day suits you to come in? I'll book a consultant and a test car; we're running {campaign} at the moment.
I have your earlier calls here; call me, {agent}, on this number whenever you need. Thank you for calling!",
    ),
    (
        "first_callback",
        "zh-CN",
        "首次回访（新线索）",
        "您好，请问是{customer}吗？我是{dealer}的客服专员{agent}。
您之前在{source}上留言咨询了{model}，我来给您回个电话，想简单了解一下您的需求，耽误您两分钟可以吗？
【用途】这台车主要是家用代步、上下班通勤，还是跑长途、商务接待用？平时几个人坐？
【首购/换购/增购】您现在有车吗？这次是第一台车、换车，还是家里再添一台？（换购：现在开的是什么车、开了几年？我们可以免费评估置换。）
【预算】您的购车预算大概在什么范围？
【贷款/全款】您打算全款还是贷款？我们店有低首付的金融方案，可以帮您算一下月供。
【预计购车时间】您大概打算什么时候提车？一周内、一个月内，还是再晚一些？
{model}店里有展车和试驾车，最近正好在做{campaign}。
您看这周哪天方便来店里看看、试驾一下？我帮您提前安排好顾问。
我的电话就是这个号码，我是{agent}，有问题随时找我。感谢您的接听，祝您生活愉快！",
    ),
    (
        "first_callback",
        "en",
        "First callback (new lead)",
        "Hello, am I speaking with {customer}? This is {agent} from {dealer}.
You asked about the {model} on {source}, so I'm calling back to understand what you need. Do you have two minutes?
[Use] Will the car be mainly for the family, for commuting, or for long trips and business? How many people usually ride?
[Trade-in] Do you have a car now? Is this your first car, a replacement, or an additional car? (Replacement: which car, how old? We value trade-ins for free.)
[Budget] What budget do you have in mind?
[Loan or cash] Will you pay in full or take a loan? We have low down-payment plans; I can work out a monthly payment for you.
[Purchase time] When would you like to have the car: within a week, within a month, or later?
We have the {model} on display and ready for test drives, and right now we are running {campaign}.
Which day this week suits you to come in and try it? I'll have a sales consultant ready for you.
This number is my direct line; I'm {agent}, call me any time. Thank you for your time!",
    ),
    (
        "follow_up",
        "zh-CN",
        "定期回访",
        "您好，{customer}，我是{dealer}的{agent}，之前跟您聊过{model}，现在方便说话吗？
上次联系之后，您对{model}还有什么想了解的吗？配置、颜色、价格或者提车时间都可以问我。
【预计购车时间】您的购车计划有没有变化？现在大概打算什么时候提车？
【用途】用车需求还是和之前说的一样吗？
【预算】预算还是在之前说的范围吗？
【贷款/全款】付款方式考虑好了吗？需要的话我请金融专员给您出一份贷款方案。
【首购/换购/增购】有旧车要置换的话，我们可以先帮您免费估个价。
您最近有在看其他品牌或者其他店吗？有对比的话，我可以把配置差异整理给您。
店里现在有{campaign}，您方便的时候可以来店里实际看看、试驾一下。
那我先不打扰您了，过几天再跟您联系。有问题随时找我{agent}，谢谢您！",
    ),
    (
        "follow_up",
        "en",
        "Regular follow-up",
        "Hello {customer}, this is {agent} from {dealer}. We spoke about the {model}; is now a good time?
Since we last talked, is there anything more you'd like to know about the {model}: equipment, colours, price or delivery time?
[Purchase time] Have your plans changed? When are you thinking of getting the car now?
[Use] Are you still looking for the same kind of use as before?
[Budget] Is your budget still in the same range?
[Loan or cash] Have you decided how to pay? I can ask our finance specialist to prepare a loan plan.
[Trade-in] If you have a car to trade in, we can value it for free first.
Are you looking at other brands or other dealers? I can put together a comparison for you.
We are running {campaign} at the moment; come and see the car and take a test drive whenever it suits you.
I won't keep you any longer; I'll be in touch in a few days. Call me, {agent}, any time. Thank you!",
    ),
    (
        "invitation",
        "zh-CN",
        "邀约到店",
        "您好，{customer}，我是{dealer}的{agent}。
您一直关注的{model}，我们店现在正在做{campaign}，名额有限，所以第一时间打电话告诉您。
活动期间到店看车、试驾都有专属顾问接待，还可以现场给您出详细报价和贷款方案。
您看是这周六上午还是周日下午方便？我给您预约好时间，提前把{model}试驾车准备好。
（客户确认时间后复述一遍：日期、几点，并记录在系统里。）
来的时候请带上驾驶证，方便安排试驾；有旧车置换的话，可以把旧车开过来现场评估。
到店前一天我会再给您打电话确认。谢谢您，{customer}，到时候见！",
    ),
    (
        "invitation",
        "en",
        "Invitation to the showroom",
        "Hello {customer}, this is {agent} from {dealer}.
You've been interested in the {model}, and we are now running {campaign} with limited places, so I wanted to tell you first.
During the campaign a dedicated consultant will show you the car and the test drive, and prepare a detailed quote and loan plan on the spot.
Would Saturday morning or Sunday afternoon suit you better? I'll book the time and have a {model} ready for your test drive.
(Once the customer agrees, repeat the date and time and record them.)
Please bring your driving licence for the test drive; if you have a car to trade in, drive it over and we'll value it there.
I'll call you the day before to confirm. Thank you, {customer}, see you then!",
    ),
    (
        "confirmation",
        "zh-CN",
        "到店前一日确认",
        "您好，{customer}，我是{dealer}的{agent}。
跟您确认一下，您预约了{visit_time}到店看{model}，时间上没有变化吧？
我们店的地址是（门店地址），导航搜索“{dealer}”就能找到，店里有免费停车位。
要试驾的话，请记得带上您本人的驾驶证；打算贷款的话，可以带上身份证，顾问可以帮您先做预审。
有旧车置换的话，可以把旧车和行驶证一起带过来，现场免费评估。
到店后报我的名字{agent}，或者直接找前台，顾问会提前为您准备好{model}。
正好赶上{campaign}，到店还有礼品。
如果时间有变化，随时打这个电话告诉我，我帮您改时间。明天见！",
    ),
    (
        "confirmation",
        "en",
        "Day-before confirmation",
        "Hello {customer}, this is {agent} from {dealer}.
I'm calling to confirm your visit at {visit_time} to see the {model}. Is that time still good for you?
Our address is (showroom address); search for \"{dealer}\" in your map app. Parking is free.
For the test drive, please bring your own driving licence; if you plan a loan, bring your ID card and we can pre-check it.
If you want to trade in your car, bring it with its registration certificate and we'll value it for free.
When you arrive, ask for me, {agent}, or at the front desk; a consultant will have the {model} ready.
Your visit falls during {campaign}, and there is a gift for you.
If anything changes, call me on this number and I'll move the appointment. See you tomorrow!",
    ),
    (
        "no_show",
        "zh-CN",
        "未到店回访",
        "您好，{customer}，我是{dealer}的{agent}。
您原来约在{visit_time}来店里看{model}，我们一直给您留着试驾车，看您没过来，是不是临时有事耽误了？
没关系，时间可以重新安排。
（了解原因：临时有事、路远不方便、已在别处看车、计划有变，如实记录。）
您看这周哪天方便？工作日晚上和周末我们都营业。
好的，那我帮您改约到（新的日期和时间），前一天我再跟您确认。
{campaign}还在进行中，改约过来同样可以享受。
打扰您了，祝您生活愉快！",
    ),
    (
        "no_show",
        "en",
        "Missed visit",
        "Hello {customer}, this is {agent} from {dealer}.
You had a visit booked at {visit_time} to see the {model}. We kept a test-drive car for you and missed you; did something come up?
That's no problem at all, we can find another time.
(Find out why: something came up, too far, looked at a car elsewhere, plans changed; note it as said.)
Which day this week would suit you? We are open on weekday evenings and at weekends.
Fine, I'll move your visit to (new date and time) and call you the day before to confirm.
{campaign} is still on, so you won't miss out.
Sorry to have disturbed you, and have a nice day!",
    ),
    (
        "verification",
        "zh-CN",
        "战败核实",
        "您好，{customer}，我是{dealer}客户服务中心的{agent}，这是一个服务回访电话，耽误您一分钟。
您之前在{source}上咨询过{model}，我们的同事记录您暂时不考虑了，想跟您核实一下情况。
请问您是已经买车了，还是购车计划推迟了？
（已购车）请问买的是哪个品牌、哪款车？在哪里买的？主要是哪一点打动了您？
（未购车）是价格、配置，还是我们的服务让您不满意？您最在意的是哪一点？
如果是价格或者贷款的问题，我可以请销售经理再帮您核一次方案，现在还有{campaign}。
之前的服务有做得不好的地方，也请您直接告诉我，我们一定改进。
非常感谢您的反馈。以后有用车、购车需要，欢迎随时联系{dealer}。",
    ),
    (
        "verification",
        "en",
        "Defeat verification",
        "Hello {customer}, this is {agent} from the customer service centre of {dealer}. This is a short service call; do you have a minute?
You asked about the {model} on {source}, and our colleague noted that you are not considering it for now. I'd like to check that with you.
Have you already bought a car, or have you postponed the purchase?
(Bought) Which brand and model did you choose, and where? What made the difference for you?
(Not bought) Was it the price, the equipment or our service that did not suit you? What matters most to you?
If it is the price or the loan, I can ask our sales manager to look at your offer again; we also have {campaign} now.
If anything in our service was not good enough, please tell me; we will put it right.
Thank you very much for your feedback. Whenever you need a car or a service, {dealer} is here for you.",
    ),
    (
        "lost_verification",
        "zh-CN",
        "失联核实",
        "您好，请问是{customer}吗？我是{dealer}客户服务中心的{agent}，耽误您一分钟。
您之前在{source}上咨询过{model}，我们的同事这几天一直没能联系上您，所以再打一次确认一下。
请问您现在还在考虑买车吗？是已经买了，还是暂时不考虑了？
（仍在考虑）请问您大概什么时候方便来店里看看车？我帮您预约，现在还有{campaign}。
（已购车/不考虑）好的，谢谢您告诉我们。以后有用车、购车需要，欢迎随时联系{dealer}。
（号码有误/不是本人）不好意思打扰了，祝您生活愉快。",
    ),
    (
        "lost_verification",
        "en",
        "Lost contact verification",
        "Hello, is that {customer}? This is {agent} from the customer service centre of {dealer}; do you have a minute?
You asked about the {model} on {source}, and my colleague could not reach you these last days, so I am calling once more to check.
Are you still thinking of buying a car? Have you already bought one, or put it off for now?
(Still thinking) When would suit you to come and see the car? I can book it for you; we have {campaign} now.
(Bought / not interested) Thank you for letting us know. Whenever you need a car or a service, {dealer} is here for you.
(Wrong number / someone else) Sorry to have disturbed you; have a nice day.",
    ),
    (
        "reactivation",
        "zh-CN",
        "老客户激活",
        "您好，{customer}，我是{dealer}的{agent}。
您之前关注过我们的{model}，有段时间没跟您联系了，想问问您现在还有购车的打算吗？
最近店里在做{campaign}，比您之前了解的时候优惠力度更大，还有新的贷款方案。
【预计购车时间】您现在还考虑买车吗？大概什么时候？
【预算】预算有变化吗？除了{model}，我也可以给您推荐其他合适的车型。
【首购/换购/增购】现在家里的车情况有变化吗？需要置换的话可以先免费估价。
您要是感兴趣，这周末可以来店里看看，我帮您预约试驾。
不打扰您了，有需要随时联系我{agent}，就是这个号码。谢谢您！",
    ),
    (
        "reactivation",
        "en",
        "Reactivating an old lead",
        "Hello {customer}, this is {agent} from {dealer}.
Some time ago you were interested in our {model}. We haven't been in touch for a while; are you still thinking of buying a car?
We are currently running {campaign}, with better terms than when you last looked, and new loan plans.
[Purchase time] Are you still considering a car? Roughly when?
[Budget] Has your budget changed? Besides the {model}, I can suggest other models that may suit you.
[Trade-in] Has anything changed with your current car? If you want to trade it in, we can value it for free.
If you're interested, come and have a look this weekend; I'll book a test drive for you.
I won't keep you; call me, {agent}, on this number whenever you need. Thank you!",
    ),
];

/// Inserts the default scripts. Scripts already present (a supervisor's
/// edits) are kept.
pub(crate) fn seed(c: &Connection, now: NaiveDateTime) -> rusqlite::Result<()> {
    let at = now.format("%Y-%m-%d %H:%M:%S").to_string();
    let mut insert = c.prepare(
        "INSERT OR IGNORE INTO scripts (kind, lang, title, body, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
    )?;
    for (kind, lang, title, body) in DEFAULT_SCRIPTS {
        insert.execute(params![kind, lang, title, body, at])?;
    }
    Ok(())
}

/// The script (title, body) for a kind of call in `lang`; when there is none
/// in that language, the script in another language; when the file has none
/// of that kind (a kind added after the file was made), the default.
pub(crate) fn load(
    c: &Connection,
    kind: &str,
    lang: &str,
) -> rusqlite::Result<Option<(String, String)>> {
    let stored = c
        .prepare_cached(
            "SELECT title, body FROM scripts WHERE kind = ?1
             ORDER BY lang = ?2 DESC, lang LIMIT 1",
        )?
        .query_row(params![kind, lang], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(stored.or_else(|| {
        let of_kind = || DEFAULT_SCRIPTS.iter().filter(|s| s.0 == kind);
        of_kind()
            .find(|s| s.1 == lang)
            .or_else(|| of_kind().next())
            .map(|s| (s.2.to_string(), s.3.to_string()))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::script::{render, unknown_placeholders, ScriptKind, ScriptVars};
    use crate::store::MIGRATIONS;

    const LANGS: &[&str] = &["zh-CN", "en"];

    fn db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        for m in MIGRATIONS {
            c.execute_batch(m).unwrap();
        }
        c
    }

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap()
    }

    fn vars() -> ScriptVars {
        ScriptVars {
            customer: "CUSTOMER".into(),
            model: "MODEL".into(),
            source: "SOURCE".into(),
            agent: "AGENT".into(),
            dealer: "DEALER".into(),
            visit_time: "VISIT_TIME".into(),
            campaign: "CAMPAIGN".into(),
        }
    }

    #[test]
    fn every_kind_has_one_default_in_each_language() {
        for kind in ScriptKind::ALL {
            for lang in LANGS {
                let n = DEFAULT_SCRIPTS
                    .iter()
                    .filter(|(k, l, _, _)| *k == kind.code() && l == lang)
                    .count();
                assert_eq!(n, 1, "{kind} {lang}");
            }
        }
        assert_eq!(DEFAULT_SCRIPTS.len(), ScriptKind::ALL.len() * LANGS.len());
        for (kind, _, _, _) in DEFAULT_SCRIPTS {
            assert!(ScriptKind::from_code(kind).is_some(), "{kind}");
        }
    }

    #[test]
    fn every_default_renders_with_no_unknown_placeholder() {
        for (kind, lang, title, body) in DEFAULT_SCRIPTS {
            assert!(unknown_placeholders(title).is_empty(), "{kind} {lang}");
            assert_eq!(
                unknown_placeholders(body),
                Vec::<String>::new(),
                "{kind} {lang}"
            );
            let text = render(body, &vars());
            assert!(
                !text.contains(['{', '}', '｛', '｝']),
                "{kind} {lang}: {text}"
            );
            let lines = body.lines().count();
            assert!((6..=15).contains(&lines), "{kind} {lang}: {lines} lines");
            assert!(body.lines().all(|l| !l.trim().is_empty()), "{kind} {lang}");
            // Every call opens by naming the agent and the dealer.
            let first = render(body.lines().next().unwrap_or(""), &vars());
            assert!(
                first.contains("AGENT") && first.contains("DEALER"),
                "{kind} {lang}"
            );
            assert!(text.contains("CUSTOMER"), "{kind} {lang}");
        }
    }

    fn body(kind: ScriptKind, lang: &str) -> &'static str {
        DEFAULT_SCRIPTS
            .iter()
            .find(|(k, l, _, _)| *k == kind.code() && *l == lang)
            .map(|(_, _, _, b)| *b)
            .unwrap()
    }

    #[test]
    fn defaults_say_what_each_kind_of_call_needs() {
        for kind in [ScriptKind::FirstCallback, ScriptKind::FollowUp] {
            let zh = body(kind, "zh-CN");
            for q in [
                "用途",
                "预算",
                "首购/换购/增购",
                "贷款/全款",
                "预计购车时间",
            ] {
                assert!(zh.contains(q), "{kind} zh-CN lacks {q}");
            }
            let en = body(kind, "en");
            for q in [
                "[Use]",
                "[Budget]",
                "[Trade-in]",
                "[Loan or cash]",
                "[Purchase time]",
            ] {
                assert!(en.contains(q), "{kind} en lacks {q}");
            }
        }
        for lang in LANGS {
            assert!(body(ScriptKind::Invitation, lang).contains("{campaign}"));
            assert!(body(ScriptKind::Reactivation, lang).contains("{campaign}"));
            assert!(body(ScriptKind::Confirmation, lang).contains("{visit_time}"));
            assert!(body(ScriptKind::NoShow, lang).contains("{visit_time}"));
        }
        assert!(body(ScriptKind::Confirmation, "zh-CN").contains("驾驶证"));
        assert!(body(ScriptKind::Confirmation, "en").contains("driving licence"));
        assert!(body(ScriptKind::Invitation, "zh-CN").contains("驾驶证"));
    }

    #[test]
    fn seed_and_load_round_trip() {
        let c = db();
        seed(&c, now()).unwrap();
        for (kind, lang, title, body) in DEFAULT_SCRIPTS {
            let got = load(&c, kind, lang).unwrap();
            assert_eq!(
                got,
                Some((title.to_string(), body.to_string())),
                "{kind} {lang}"
            );
        }
        let (n, at): (i64, String) = c
            .query_row(
                "SELECT count(*), min(updated_at) FROM scripts WHERE updated_by IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(n as usize, DEFAULT_SCRIPTS.len());
        assert_eq!(at, "2024-05-01 09:30:00");
    }

    #[test]
    fn load_falls_back_to_the_other_language() {
        let c = db();
        seed(&c, now()).unwrap();
        c.execute(
            "DELETE FROM scripts WHERE kind = 'no_show' AND lang = 'en'",
            [],
        )
        .unwrap();
        let (title, _) = load(&c, "no_show", "en").unwrap().unwrap();
        assert_eq!(title, "未到店回访");
        let (title, _) = load(&c, "no_show", "fr").unwrap().unwrap();
        assert_eq!(title, "未到店回访");
        assert_eq!(load(&c, "no_such_kind", "en").unwrap(), None);
    }

    #[test]
    fn seeding_again_keeps_a_supervisors_edits() {
        let c = db();
        seed(&c, now()).unwrap();
        c.execute(
            "UPDATE scripts SET body = '本店话术 {customer}' WHERE kind = 'invitation' AND lang = 'zh-CN'",
            [],
        )
        .unwrap();
        seed(&c, now()).unwrap();
        let (_, body) = load(&c, "invitation", "zh-CN").unwrap().unwrap();
        assert_eq!(body, "本店话术 {customer}");
    }
}
