//! The softphone command (`dial_command`): the number is one argument of its
//! own, digits only, and no shell ever reads the line. A number rewritten to
//! `188…; touch X` in the database dials `188`, nothing more.

/// The program and its arguments for dialing `phone`: the template split
/// into words as a shell would quote them (but run by none), `{phone}`
/// replaced by the number's digits; without `{phone}`, the digits come last.
/// `None` for an empty template, unbalanced quotes, or a number without digits.
pub fn argv(template: &str, phone: &str) -> Option<Vec<String>> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let mut words = shlex::split(template)?;
    if words.is_empty() {
        return None;
    }
    if words.iter().any(|w| w.contains("{phone}")) {
        for w in &mut words {
            *w = w.replace("{phone}", &digits);
        }
    } else {
        words.push(digits);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_its_own_argument_of_digits_only() {
        assert_eq!(
            argv("linphonecsh dial {phone}", "138 1234 5678").unwrap(),
            ["linphonecsh", "dial", "13812345678"]
        );
        assert_eq!(
            argv("'/opt/soft phone/call' --to=sip:{phone}@pbx", "138-1234").unwrap(),
            ["/opt/soft phone/call", "--to=sip:1381234@pbx"]
        );
        assert_eq!(argv("softphone", "10086").unwrap(), ["softphone", "10086"]);
    }

    #[test]
    fn a_hostile_number_or_template_runs_no_shell() {
        let a = argv("dial {phone}", "188; touch /tmp/x $(reboot)").unwrap();
        assert_eq!(a, ["dial", "188"]);
        // Shell syntax in the template is just words for the program.
        assert_eq!(
            argv("dial {phone}; rm -rf /", "10086").unwrap(),
            ["dial", "10086;", "rm", "-rf", "/"]
        );
        assert_eq!(argv("dial {phone}", "no digits"), None);
        assert_eq!(argv("dial 'unbalanced", "10086"), None);
        assert_eq!(argv("", "10086"), None);
    }
}
