//! The dealer's model list: each model with its Chinese name, an optional
//! English name and other spellings agents and platforms use (`凯美瑞`,
//! `Camry`, `凯美瑞 Camry` are one model). A typed model is matched without
//! case or spaces; what a lead keeps is the model's one name.

/// A model on the dealer's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarModel {
    pub name_zh: String,
    pub name_en: Option<String>,
    pub aliases: Vec<String>,
}

impl CarModel {
    /// The one name leads keep: `凯美瑞 Camry`, or the Chinese name alone.
    pub fn name(&self) -> String {
        match &self.name_en {
            Some(en) if !en.trim().is_empty() => format!("{} {}", self.name_zh, en),
            _ => self.name_zh.clone(),
        }
    }

    /// Every spelling that means this model, normalized.
    fn spellings(&self) -> Vec<String> {
        let mut out = vec![normalize(&self.name()), normalize(&self.name_zh)];
        out.extend(self.name_en.iter().map(|e| normalize(e)));
        out.extend(self.aliases.iter().map(|a| normalize(a)));
        out.retain(|s| !s.is_empty());
        out
    }
}

/// Without case, spaces, dashes or dots: `RAV4 荣放` is `rav4荣放`.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '·'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The model a typed text names exactly (in any spelling), if any.
pub fn resolve<'a>(models: &'a [CarModel], typed: &str) -> Option<&'a CarModel> {
    let t = normalize(typed);
    if t.is_empty() {
        return None;
    }
    models.iter().find(|m| m.spellings().contains(&t))
}

/// The models a typed beginning may mean, as the agent types: those with a
/// spelling starting with it first, then those containing it.
pub fn complete<'a>(models: &'a [CarModel], typed: &str) -> Vec<&'a CarModel> {
    let t = normalize(typed);
    if t.is_empty() {
        return Vec::new();
    }
    let starts: Vec<&CarModel> = models
        .iter()
        .filter(|m| m.spellings().iter().any(|s| s.starts_with(&t)))
        .collect();
    let contains = models.iter().filter(|m| {
        !starts.iter().any(|s| std::ptr::eq(*s, *m)) && m.spellings().iter().any(|s| s.contains(&t))
    });
    starts.iter().copied().chain(contains).collect()
}

/// The `n` models nearest to a typed text that names none (by edit
/// distance over their spellings, in characters).
pub fn closest<'a>(models: &'a [CarModel], typed: &str, n: usize) -> Vec<&'a CarModel> {
    let t: Vec<char> = normalize(typed).chars().collect();
    let mut scored: Vec<(usize, usize, &CarModel)> = models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let d = m
                .spellings()
                .iter()
                .map(|s| distance(&t, &s.chars().collect::<Vec<_>>()))
                .min()
                .unwrap_or(usize::MAX);
            (d, i, m)
        })
        .collect();
    scored.sort_by_key(|(d, i, _)| (*d, *i));
    scored.into_iter().take(n).map(|(_, _, m)| m).collect()
}

/// What a typed model becomes: the list's model, or (with an empty list,
/// a dealer who keeps none) the text itself; an unknown model is refused
/// with the closest names.
pub fn check(models: &[CarModel], typed: &str) -> Result<String, Vec<String>> {
    if models.is_empty() {
        return Ok(typed.trim().to_string());
    }
    match resolve(models, typed) {
        Some(m) => Ok(m.name()),
        None => Err(closest(models, typed, 3).iter().map(|m| m.name()).collect()),
    }
}

/// Levenshtein distance between two runs of characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<CarModel> {
        let m = |zh: &str, en: Option<&str>, aliases: &[&str]| CarModel {
            name_zh: zh.into(),
            name_en: en.map(String::from),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        vec![
            m("卡罗拉", Some("Corolla"), &[]),
            m("凯美瑞", Some("Camry"), &["凯美瑞双擎"]),
            m("RAV4荣放", None, &["RAV4", "荣放"]),
        ]
    }

    #[test]
    fn every_spelling_is_one_model() {
        let l = list();
        for typed in [
            "凯美瑞",
            "凯美瑞 Camry",
            "camry",
            " CAMRY ",
            "凯美瑞双擎",
            "凯美瑞Camry",
        ] {
            assert_eq!(check(&l, typed), Ok("凯美瑞 Camry".to_string()), "{typed}");
        }
        assert_eq!(check(&l, "rav4"), Ok("RAV4荣放".to_string()));
        assert_eq!(check(&l, "RAV4 荣放"), Ok("RAV4荣放".to_string()));
    }

    #[test]
    fn completion_and_the_closest_for_an_unknown_model() {
        let l = list();
        let names = |v: Vec<&CarModel>| v.iter().map(|m| m.name()).collect::<Vec<_>>();
        assert_eq!(names(complete(&l, "凯")), ["凯美瑞 Camry"]);
        assert_eq!(names(complete(&l, "co")), ["卡罗拉 Corolla"]);
        assert_eq!(names(complete(&l, "荣")), ["RAV4荣放"], "a substring too");
        assert!(complete(&l, "").is_empty());
        let refused = check(&l, "凯美锐").unwrap_err();
        assert_eq!(refused[0], "凯美瑞 Camry", "{refused:?}");
        assert_eq!(check(&l, "Carola").unwrap_err()[0], "卡罗拉 Corolla");
        // A dealer without a list types freely.
        assert_eq!(check(&[], " 凯美瑞 "), Ok("凯美瑞".to_string()));
    }
}
