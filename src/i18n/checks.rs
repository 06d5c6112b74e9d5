//! Why a typed or read value was refused, in the user's language: a phone
//! number, a date or time, a text, a time too far away, a file read or
//! written. The errors carry data (which character, which field, which
//! path); the sentences live here, and each error's `Display` is the
//! English one.

use std::fmt;

use super::{Lang, Localize};
use crate::domain::limits::{TimeKind, TimeRangeError};
use crate::domain::phone::PhoneError;
use crate::domain::text::{visible, Field, Problem, TextError};
use crate::domain::when::WhenError;
use crate::infile::{InFileError, NotRegular};
use crate::outfile::OutFileError;

/// Why a typed phone number was refused.
pub fn phone_error(e: &PhoneError, lang: Lang) -> String {
    use PhoneError as E;
    match e {
        E::Empty => tr!(lang, "电话号码为空", "the phone number is empty"),
        E::Letter(c) => tr!(
            lang,
            "电话号码中含有字母“{c}”，只能输入数字",
            "the phone number contains the letter '{c}'; only digits are allowed"
        ),
        E::InvalidCharacter(c) => tr!(
            lang,
            "电话号码中含有字符“{c}”，只能输入数字",
            "the phone number contains the character '{c}'; only digits are allowed"
        ),
        E::ForeignCountryCode => tr!(
            lang,
            "只支持中国号码（国家代码 +86）",
            "only Chinese numbers (country code +86) are supported"
        ),
        E::TooShort { found, expected } => tr!(
            lang,
            "电话号码太短：只有 {found} 位数字，应为 {expected} 位",
            "the phone number is too short: found {found} digits, expected {expected}"
        ),
        E::TooLong { found, expected } => tr!(
            lang,
            "电话号码太长：有 {found} 位数字，应为 {expected} 位",
            "the phone number is too long: found {found} digits, expected {expected}"
        ),
        E::InvalidMobilePrefix { prefix } => tr!(
            lang,
            "“{prefix}”不是手机号段：手机号应以 13 至 19 开头",
            "'{prefix}' is not a mobile prefix: Chinese mobile numbers start with 13 to 19"
        ),
        E::UnassignedMobilePrefix { prefix } => tr!(
            lang,
            "{prefix} 号段没有分配给任何运营商，不是有效的手机号",
            "no operator is assigned mobile numbers starting with {prefix}"
        ),
        E::ElevenDigitsNotMobile { first } => tr!(
            lang,
            "11 位号码应为以 1 开头的手机号，但该号码以 {first} 开头",
            "an 11-digit number must be a mobile number starting with 1, but this one starts with {first}"
        ),
        E::MissingAreaCode { found } => tr!(
            lang,
            "只有 {found} 位数字：固定电话需要加区号，例如 010 或 0755",
            "found {found} digits: a local landline number needs its area code, e.g. 010 or 0755"
        ),
        E::BadAreaCode { area_code } => tr!(
            lang,
            "“{area_code}”不是中国的区号（区号如 010、021、0755）",
            "'{area_code}' is not an area code in China (area codes are like 010, 021 or 0755)"
        ),
        E::BadLandlineLength { area_code, found } => tr!(
            lang,
            "区号 {area_code} 之后的固话号码有 {found} 位，应为 7 或 8 位",
            "the landline number after area code {area_code} has {found} digits, expected 7 or 8"
        ),
        E::WrongLocalLength {
            area_code,
            found,
            expected,
        } => tr!(
            lang,
            "区号 {area_code} 的固话号码为 {expected} 位，该号码有 {found} 位",
            "numbers in area {area_code} have {expected} digits after the area code; this one has {found}"
        ),
        E::BadLocalNumber { area_code, first } => tr!(
            lang,
            "区号 {area_code} 之后的固话号码不能以 {first} 开头",
            "the landline number after area code {area_code} cannot start with {first}"
        ),
    }
}

/// Why a typed date or time was refused.
pub fn when_error(e: &WhenError, lang: Lang) -> String {
    use WhenError as E;
    match e {
        E::Empty => tr!(lang, "没有填写日期或时间", "no date or time given"),
        E::NotUnderstood(s) => tr!(
            lang,
            "无法识别的日期/时间“{s}”（例如：2026-11-25 14:00、明天下午3点、周五 10点、+3）",
            "could not understand the date/time \"{s}\" (examples: 2026-11-25 14:00, tomorrow 3pm, 明天下午3点, 周五 10点, +3)"
        ),
        E::NotAHorizon(s) => tr!(
            lang,
            "无法识别的预计购车时间“{s}”（例如：一周内、1个月内、半年内、下个月、2027-01、2026-12-20）",
            "could not understand \"{s}\" as an expected purchase (examples: 一周内, 1个月内, 半年内, next month, 2027-01, 2026-12-20)"
        ),
        E::InvalidDate(s) => tr!(lang, "日期不存在：{s}", "there is no such date: {s}"),
        E::InvalidTime(s) => tr!(lang, "时间不存在：{s}", "there is no such time: {s}"),
        E::OutOfRange(s) => tr!(lang, "日期超出范围：{s}", "the date is out of range: {s}"),
    }
}

/// The name of a kind of text, as a refusal names it.
pub fn field(f: Field, lang: Lang) -> &'static str {
    let (zh, en) = match f {
        Field::Name => ("姓名", "the name"),
        Field::Model => ("车型", "the model"),
        Field::City => ("城市", "the city"),
        Field::CurrentCar => ("现有车辆", "the current car"),
        Field::Consent => ("回访授权", "the consent"),
        Field::Note => ("备注", "the note"),
        Field::Script => ("话术", "the script"),
        Field::ScriptTitle => ("话术标题", "the script's title"),
        Field::ReasonName => ("原因名称", "the reason's name"),
        Field::ReasonCode => ("原因代码", "the reason code"),
        Field::Setting => ("设置", "the setting"),
        Field::Login => ("登录名", "the login"),
        Field::AgentName => ("坐席姓名", "the agent's name"),
        Field::Channel => ("渠道", "the channel"),
        Field::Origin => ("来源", "the origin"),
    };
    super::pick(lang, zh, en)
}

/// Why a text was refused.
pub fn text_error(e: &TextError, lang: Lang) -> String {
    let what = field(e.field, lang);
    match &e.problem {
        Problem::Control(c) => {
            let c = visible(*c);
            tr!(
                lang,
                "{what}含有控制字符（{c}），终端会执行它；未保存",
                "{what} holds a control character ({c}), which a terminal would obey; nothing was saved"
            )
        }
        Problem::Bidi(c) => {
            let c = visible(*c);
            tr!(
                lang,
                "{what}含有文字方向控制符（{c}），会让文字显示得与实际不同；未保存",
                "{what} holds a text-direction control ({c}), which makes text read other than it is; nothing was saved"
            )
        }
        Problem::Invisible(c) => {
            let c = visible(*c);
            tr!(
                lang,
                "{what}含有不可见字符（{c}）；未保存",
                "{what} holds an invisible character ({c}); nothing was saved"
            )
        }
        Problem::TooLong { limit, length } => tr!(
            lang,
            "{what}长 {length} 个字符，上限为 {limit}；未保存",
            "{what} is {length} characters long; the limit is {limit}; nothing was saved"
        ),
    }
}

/// Why a time too far away was refused.
pub fn time_range_error(e: &TimeRangeError, lang: Lang) -> String {
    let (what, span) = match (e.kind, lang) {
        (TimeKind::Callback, Lang::Zh) => ("回访时间", "今天起一年之内"),
        (TimeKind::Visit, Lang::Zh) => ("到店时间", "今天起 90 天之内"),
        (TimeKind::Purchase, Lang::Zh) => ("预计购车时间", "今天起三年之内"),
        (TimeKind::Callback, Lang::En) => ("a callback", "a year"),
        (TimeKind::Visit, Lang::En) => ("a visit", "90 days"),
        (TimeKind::Purchase, Lang::En) => ("an expected purchase", "three years"),
    };
    let latest = e.latest.format("%Y-%m-%d");
    let given = e.given_shown();
    tr!(
        lang,
        "{what}须在{span}（最晚 {latest}），{given} 超出范围",
        "{what} must be within {span} from today (by {latest}); {given} is not"
    )
}

/// Why a file was not read.
pub fn infile_error(e: &InFileError, lang: Lang) -> String {
    match e {
        InFileError::NotAFile { path, what } => {
            let what = match (what, lang) {
                (NotRegular::Folder, Lang::Zh) => "文件夹",
                (NotRegular::Pipe, Lang::Zh) => "命名管道（FIFO）",
                (NotRegular::Device, Lang::Zh) => "设备",
                (NotRegular::Socket, Lang::Zh) => "套接字",
                (NotRegular::Special, Lang::Zh) => "特殊文件",
                (NotRegular::Folder, Lang::En) => "a folder",
                (NotRegular::Pipe, Lang::En) => "a named pipe (FIFO)",
                (NotRegular::Device, Lang::En) => "a device",
                (NotRegular::Socket, Lang::En) => "a socket",
                (NotRegular::Special, Lang::En) => "a special file",
            };
            tr!(
                lang,
                "{path} 是{what}，不是普通文件；未读取",
                "{path} is {what}, not a regular file; nothing was read"
            )
        }
        InFileError::TooLarge { path, size, limit } => tr!(
            lang,
            "{path} 有 {size} 字节，上限为 {limit} 字节；未读取",
            "{path} is {size} bytes; the limit is {limit} bytes; nothing was read"
        ),
        InFileError::Io { path, err } => {
            let err = super::io_error(err, lang);
            tr!(lang, "无法读取 {path}：{err}", "cannot read {path}: {err}")
        }
    }
}

/// Why a file was not written.
pub fn outfile_error(e: &OutFileError, lang: Lang) -> String {
    match e {
        OutFileError::Database { path } => tr!(
            lang,
            "{path} 是数据库或其附属文件，未作任何改动。请换一个文件",
            "{path} is the database or one of its files; it was left untouched. Choose another file"
        ),
        OutFileError::Symlink { path } => tr!(
            lang,
            "{path} 是符号链接，没有通过它写入任何内容。请删除它或换一个文件",
            "{path} is a symbolic link; nothing was written through it. Remove it or choose another file"
        ),
        OutFileError::Exists { path } => tr!(
            lang,
            "{path} 已存在，未写入。加 --force 替换它，或换一个文件",
            "{path} already exists; nothing was written. Add --force to replace it, or choose another file"
        ),
        OutFileError::NotAFile { path } => tr!(
            lang,
            "{path} 不是普通文件，未写入",
            "{path} is not a regular file; nothing was written"
        ),
        OutFileError::Io { path, err } => tr!(
            lang,
            "无法写入 {path}：{err}；未写入任何内容",
            "cannot write {path}: {err}; nothing was written"
        ),
    }
}

macro_rules! named_here {
    ($($t:ty => $f:ident),+ $(,)?) => {$(
        impl Localize for $t {
            fn localize(&self, lang: Lang) -> String {
                $f(self, lang)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&$f(self, Lang::En))
            }
        }
    )+};
}

named_here!(
    PhoneError => phone_error,
    WhenError => when_error,
    TextError => text_error,
    TimeRangeError => time_range_error,
    InFileError => infile_error,
    OutFileError => outfile_error,
);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn refused(kind: TimeKind, lang: Lang) -> String {
        let day = |d| NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default();
        let e = TimeRangeError {
            kind,
            given: day(9),
            latest: day(1),
        };
        time_range_error(&e, lang)
    }

    #[test]
    fn a_time_too_far_away_is_worded_as_the_catalog_spaces_numbers() {
        // A number stands between spaces next to Chinese text, as elsewhere
        // in the catalog ("至少 1 天", "长 {length} 个字符").
        assert_eq!(
            refused(TimeKind::Visit, Lang::Zh),
            "到店时间须在今天起 90 天之内（最晚 2027-03-01），2027-03-09 超出范围"
        );
        assert_eq!(
            refused(TimeKind::Callback, Lang::Zh),
            "回访时间须在今天起一年之内（最晚 2027-03-01），2027-03-09 超出范围"
        );
        assert_eq!(
            refused(TimeKind::Visit, Lang::En),
            "a visit must be within 90 days from today (by 2027-03-01); 2027-03-09 is not"
        );
    }
}
