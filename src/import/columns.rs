//! Which column holds what: headers matched in Chinese or English, as the
//! platforms write them, plus the user's own `--map 'HEADER=FIELD'`.

use super::read::Row;
use super::ImportError;

/// A field of a lead that an import can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Phone,
    Channel,
    Model,
    PurchaseBy,
    Grade,
    VisitBy,
    City,
    Gender,
    Note,
    Consent,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::Phone,
        Field::Channel,
        Field::Model,
        Field::PurchaseBy,
        Field::Grade,
        Field::VisitBy,
        Field::City,
        Field::Gender,
        Field::Note,
        Field::Consent,
    ];

    /// The name used by `--map` and in messages.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Channel => "channel",
            Field::Model => "model",
            Field::PurchaseBy => "purchase_by",
            Field::Grade => "grade",
            Field::VisitBy => "visit_by",
            Field::City => "city",
            Field::Gender => "gender",
            Field::Note => "note",
            Field::Consent => "consent",
        }
    }

    /// Headers the platforms use for the field (compared after [`normalize`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "姓名",
                "客户姓名",
                "客户名称",
                "客户名",
                "联系人",
                "name",
                "customer",
                "customer name",
                "contact",
            ],
            Field::Phone => &[
                "电话",
                "手机",
                "手机号",
                "手机号码",
                "联系电话",
                "电话号码",
                "联系方式",
                "号码",
                "客户电话",
                "phone",
                "mobile",
                "tel",
                "telephone",
                "phone number",
                "mobile phone",
            ],
            Field::Channel => &[
                "渠道",
                "来源",
                "线索来源",
                "信息来源",
                "来源渠道",
                "渠道来源",
                "source",
                "channel",
                "lead source",
            ],
            Field::Model => &[
                "车型",
                "意向车型",
                "关注车型",
                "咨询车型",
                "车系",
                "意向车系",
                "model",
                "car",
                "car model",
                "vehicle",
            ],
            Field::PurchaseBy => &[
                "预计购车时间",
                "预计购车",
                "购车时间",
                "计划购车时间",
                "预购时间",
                "purchase",
                "purchase_by",
                "purchase by",
                "expected purchase",
            ],
            Field::Grade => &["级别", "等级", "意向级别", "客户级别", "grade", "level"],
            Field::VisitBy => &[
                "预计到店时间",
                "预计到店",
                "到店时间",
                "计划到店时间",
                "visit",
                "visit_by",
                "visit by",
                "expected visit",
            ],
            Field::City => &[
                "城市",
                "地区",
                "所在城市",
                "所在地区",
                "区域",
                "city",
                "district",
            ],
            Field::Gender => &["性别", "gender", "sex"],
            Field::Note => &[
                "备注",
                "留言",
                "客户留言",
                "note",
                "notes",
                "remark",
                "remarks",
            ],
            Field::Consent => &["授权", "同意回访", "回访授权", "consent"],
        }
    }

    /// The field a header names (a code such as `purchase_by`, or any alias).
    pub fn from_header(header: &str) -> Option<Field> {
        let h = normalize(header);
        if h.is_empty() {
            return None;
        }
        let find = |h: &str| {
            Field::ALL
                .into_iter()
                .find(|f| f.aliases().iter().any(|a| normalize(a) == h))
        };
        find(&h).or_else(|| {
            // "手机号码（必填）", "Phone (mobile)"
            let cut = h.find(['(', '（', '[', '【']).unwrap_or(h.len());
            (cut > 0 && cut < h.len())
                .then(|| find(&h[..cut]))
                .flatten()
        })
    }
}

/// A header as compared: lower case, without spaces (ASCII or full-width),
/// underscores, dashes, a required-field star or a trailing colon.
pub fn normalize(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*' | '＊'))
        .collect::<String>()
        .trim_end_matches([':', '：'])
        .to_lowercase()
}

/// `--map 'HEADER=ignore'` leaves a column out (as when a file has two
/// columns for one field).
pub const IGNORE: &[&str] = &["ignore", "忽略"];

/// What is wrong with a `--map` entry (named by `i18n::map_problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapProblem {
    /// Not `HEADER=FIELD`.
    NoEquals,
    EmptyHeader,
    /// No field has that name; the fields there are.
    NotAField {
        given: String,
        fields: String,
    },
}

impl std::fmt::Display for MapProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::map_problem(self, crate::i18n::Lang::En))
    }
}

/// The user's `--map` entries: normalized header and field (none: ignored).
pub fn parse_maps(given: &[String]) -> Result<Vec<(String, Option<Field>)>, ImportError> {
    let fields = || {
        Field::ALL
            .iter()
            .map(|f| f.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    given
        .iter()
        .map(|m| {
            let bad = |why: MapProblem| ImportError::BadMap {
                given: m.clone(),
                why,
            };
            let (header, field) = m
                .rsplit_once('=')
                .ok_or_else(|| bad(MapProblem::NoEquals))?;
            if normalize(header).is_empty() {
                return Err(bad(MapProblem::EmptyHeader));
            }
            if IGNORE.contains(&normalize(field).as_str()) {
                return Ok((normalize(header), None));
            }
            let field = Field::from_header(field).ok_or_else(|| {
                bad(MapProblem::NotAField {
                    given: field.to_string(),
                    fields: fields(),
                })
            })?;
            Ok((normalize(header), Some(field)))
        })
        .collect()
}

/// The columns of each field, in file order, and the header row they were
/// found on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    of: Vec<(Field, usize)>,
}

impl Columns {
    /// Matches a header row against the fields; `--map` entries win.
    pub fn match_header(header: &[String], maps: &[(String, Option<Field>)]) -> Columns {
        let of = header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let n = normalize(h);
                maps.iter()
                    .find(|(m, _)| *m == n)
                    .map(|(_, f)| *f)
                    .unwrap_or_else(|| Field::from_header(h))
                    .map(|f| (f, i))
            })
            .collect();
        Columns { of }
    }

    /// The header row: the first of the first ten rows that names at least
    /// two fields (exports often start with a title line), else the first row.
    pub fn find(rows: &[Row], maps: &[(String, Option<Field>)]) -> (usize, Columns) {
        rows.iter()
            .take(10)
            .enumerate()
            .map(|(i, r)| (i, Columns::match_header(&r.cells, maps)))
            .find(|(_, c)| c.of.len() >= 2)
            .unwrap_or_else(|| {
                let first = rows.first().map(|r| r.cells.as_slice()).unwrap_or(&[]);
                (0, Columns::match_header(first, maps))
            })
    }

    pub fn has(&self, field: Field) -> bool {
        self.of.iter().any(|(f, _)| *f == field)
    }

    pub fn first(&self, field: Field) -> Option<usize> {
        self.of.iter().find(|(f, _)| *f == field).map(|(_, i)| *i)
    }

    /// Refuses two columns for one field (`手机` and `电话`, a second `姓名`):
    /// which one holds the customer's value cannot be guessed.
    pub fn refuse_twins(&self, file: &str, header: &[String]) -> Result<(), ImportError> {
        for (k, (field, second)) in self.of.iter().enumerate() {
            if let Some((_, first)) = self.of[..k].iter().find(|(f, _)| f == field) {
                let name = |i: usize| {
                    let h = header.get(i).map(|h| h.trim()).unwrap_or("");
                    format!(
                        "{h} ({})",
                        super::workbook::column_name(u32::try_from(i).unwrap_or(u32::MAX))
                    )
                };
                return Err(ImportError::TwoColumns {
                    file: file.to_string(),
                    field: field.code(),
                    first: name(*first),
                    second: name(*second),
                    ignore: header
                        .get(*second)
                        .map(|h| h.trim())
                        .unwrap_or("")
                        .to_string(),
                });
            }
        }
        Ok(())
    }

    /// The field's value in a row: the first non-empty cell of its columns,
    /// trimmed.
    pub fn get<'r>(&self, row: &'r Row, field: Field) -> Option<&'r str> {
        self.of
            .iter()
            .filter(|(f, _)| *f == field)
            .filter_map(|(_, i)| row.cells.get(*i))
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
    }

    /// Refuses a file without a column the import needs.
    pub fn require(
        &self,
        file: &str,
        header: &[String],
        channel_given: bool,
    ) -> Result<(), ImportError> {
        let mut needed = vec![Field::Name, Field::Phone, Field::Model];
        if !channel_given {
            needed.push(Field::Channel);
        }
        let missing: Vec<&str> = needed
            .into_iter()
            .filter(|f| !self.has(*f))
            .map(Field::code)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let found: Vec<&str> = header
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
            .collect();
        Err(ImportError::MissingColumns {
            file: file.to_string(),
            missing: missing.join(", "),
            found: if found.is_empty() {
                "none".into()
            } else {
                found.join(", ")
            },
            channel_hint: if missing.contains(&"channel") {
                ", or give the channel of every row with --channel"
            } else {
                ""
            },
        })
    }

    /// Headers matched to no field.
    pub fn ignored(&self, header: &[String]) -> Vec<String> {
        header
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.trim().is_empty() && !self.of.iter().any(|(_, c)| c == i))
            .map(|(_, h)| h.trim().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_match_in_either_language_ignoring_case_and_spaces() {
        assert_eq!(Field::from_header(" 手机号码 "), Some(Field::Phone));
        assert_eq!(Field::from_header("Mobile"), Some(Field::Phone));
        assert_eq!(Field::from_header("*客户姓名："), Some(Field::Name));
        assert_eq!(Field::from_header("Purchase By"), Some(Field::PurchaseBy));
        assert_eq!(Field::from_header("意向 车型"), Some(Field::Model));
        assert_eq!(Field::from_header("手机号码（必填）"), Some(Field::Phone));
        assert_eq!(Field::from_header("线索来源"), Some(Field::Channel));
        assert_eq!(Field::from_header("推广计划"), None);
        assert_eq!(Field::from_header(""), None);
    }

    #[test]
    fn the_workstations_own_labels_name_their_columns() {
        // The card and the capture form call these 预计购车 / 预计到店.
        assert_eq!(Field::from_header("预计购车"), Some(Field::PurchaseBy));
        assert_eq!(Field::from_header("预计到店"), Some(Field::VisitBy));
        assert_eq!(Field::from_header("Expected visit"), Some(Field::VisitBy));
    }

    #[test]
    fn maps_win_and_unknown_headers_are_listed() {
        let maps = parse_maps(&["客户手机=phone".into(), "Car Wanted=model".into()]).unwrap();
        let h = header(&["客户", "客户手机", "car wanted", "渠道", "推广计划"]);
        let c = Columns::match_header(&h, &maps);
        assert_eq!(c.first(Field::Phone), Some(1));
        assert_eq!(c.first(Field::Model), Some(2));
        assert_eq!(c.first(Field::Channel), Some(3));
        assert_eq!(
            c.ignored(&h),
            vec!["客户".to_string(), "推广计划".to_string()]
        );
        let err = c.require("f.csv", &h, false).unwrap_err().to_string();
        assert!(err.contains("no column for name"), "{err}");
        assert!(err.contains("客户, 客户手机"), "{err}");
    }

    #[test]
    fn a_bad_map_says_how_to_write_one() {
        let err = parse_maps(&["客户手机".into()]).unwrap_err().to_string();
        assert!(err.contains("HEADER=FIELD"), "{err}");
        let err = parse_maps(&["客户手机=telephone number".into()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("fields: name, phone"), "{err}");
    }

    #[test]
    fn two_columns_for_one_field_are_refused_naming_both_unless_one_is_ignored() {
        let h = header(&["姓名", "手机", "渠道", "电话", "车型"]);
        let c = Columns::match_header(&h, &[]);
        let err = c.refuse_twins("f.csv", &h).unwrap_err();
        let en = err.to_string();
        assert!(
            en.contains("手机 (B) and 电话 (D) both name the phone"),
            "{en}"
        );
        assert!(en.contains("--map '电话=ignore'"), "{en}");
        assert!(err
            .message(crate::i18n::Lang::Zh)
            .contains("手机 (B) 和 电话 (D)"));
        let maps = parse_maps(&["电话=ignore".into()]).unwrap();
        let c = Columns::match_header(&h, &maps);
        assert!(c.refuse_twins("f.csv", &h).is_ok());
        assert_eq!(c.first(Field::Phone), Some(1));
        assert_eq!(c.ignored(&h), vec!["电话".to_string()]);
    }

    #[test]
    fn a_title_line_above_the_header_is_skipped() {
        let rows = vec![
            Row {
                line: 1,
                cells: header(&["汽车之家线索导出 2026-11-20"]),
            },
            Row {
                line: 2,
                cells: header(&["姓名", "电话", "车型"]),
            },
        ];
        let (at, c) = Columns::find(&rows, &[]);
        assert_eq!(at, 1);
        assert_eq!(c.first(Field::Model), Some(2));
    }
}
