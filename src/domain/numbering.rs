//! China's numbering plan, as far as it decides whether a number can exist:
//! which mobile prefixes an operator is assigned, which area codes exist,
//! and how many digits a local number has in each.
//!
//! Data, not logic. Origin: Google libphonenumber's metadata for the
//! territory CN (`resources/PhoneNumberMetadata.xml`, the `mobile` and
//! `fixedLine` national number patterns), as published in late 2025 and
//! read on 2026-11-29. The patterns were:
//!
//! ```text
//! mobile:    1740[0-5]\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}
//! fixedLine: 10 and 21 + 8 digits; 433, 435, 754, 851 + 7 or 8 digits;
//!            8078 + 7 digits; the 8-digit areas
//!            (?:2[02-57-9]|3(?:11|7[179])|4(?:[15]1|3[12])|5(?:1\d|2[37]|3[12]|51|7[13-79]|9[15])
//!             |7(?:[39]1|5[57]|6[09])|8(?:71|98))
//!            and the 7-digit areas
//!            (?:3(?:1[02-9]|35|49|5\d|7[02-68]|9[1-68])|4(?:1[02-9]|2[179]|3[46-9]|5[2-9]|6[47-9]|7\d|8[23])
//!             |5(?:3[03-9]|4[36]|5[02-9]|6[1-46]|7[028]|80|9[2-46-9])|6(?:3[1-5]|6[0238]|9[12])
//!             |7(?:01|[17]\d|2[248]|3[04-9]|4[3-6]|5[0-3689]|6[2368]|9[02-9])
//!             |8(?:1[236-8]|2[5-7]|3\d|5[2-9]|7[02-9]|8[36-8]|9[1-7])
//!             |9(?:0[1-3689]|1[1-79]|[379]\d|4[13]|5[1-5]))
//! ```
//!
//! The tables below are those patterns written out as ranges. To update,
//! compare with the current metadata and edit the ranges; the tests name
//! the examples that must keep their answer.

/// Mobile prefixes (the first three digits) an operator is assigned.
const MOBILE: &[(u16, u16)] = &[
    (130, 139),
    (145, 145),
    (147, 147),
    (150, 153),
    (155, 159),
    (162, 162),
    (165, 167),
    (170, 173),
    (175, 178),
    (180, 189),
    (190, 193),
    (195, 199),
];

/// 174 is assigned only as 17400 to 17405 (satellite).
const MOBILE_174: (u32, u32) = (17400, 17405);

/// Area codes (without the trunk 0) whose local numbers have 8 digits.
const EIGHT_DIGITS: &[(u16, u16)] = &[
    (10, 10),
    (20, 25),
    (27, 29),
    (311, 311),
    (371, 371),
    (377, 377),
    (379, 379),
    (411, 411),
    (431, 432),
    (451, 451),
    (510, 519),
    (523, 523),
    (527, 527),
    (531, 532),
    (551, 551),
    (571, 571),
    (573, 577),
    (579, 579),
    (591, 591),
    (595, 595),
    (731, 731),
    (755, 755),
    (757, 757),
    (760, 760),
    (769, 769),
    (791, 791),
    (807, 807),
    (871, 871),
    (898, 898),
];

/// Area codes whose local numbers have 7 or 8 digits.
const SEVEN_OR_EIGHT: &[(u16, u16)] = &[(433, 433), (435, 435), (754, 754), (851, 851)];

/// Area codes whose local numbers have 7 digits.
const SEVEN_DIGITS: &[(u16, u16)] = &[
    (310, 310),
    (312, 319),
    (335, 335),
    (349, 349),
    (350, 359),
    (370, 370),
    (372, 376),
    (378, 378),
    (391, 396),
    (398, 398),
    (410, 410),
    (412, 419),
    (421, 421),
    (427, 427),
    (429, 429),
    (434, 434),
    (436, 439),
    (452, 459),
    (464, 464),
    (467, 479),
    (482, 483),
    (530, 530),
    (533, 539),
    (543, 543),
    (546, 546),
    (550, 550),
    (552, 559),
    (561, 564),
    (566, 566),
    (570, 570),
    (572, 572),
    (578, 578),
    (580, 580),
    (592, 594),
    (596, 599),
    (631, 635),
    (660, 660),
    (662, 663),
    (668, 668),
    (691, 692),
    (701, 701),
    (710, 719),
    (722, 722),
    (724, 724),
    (728, 728),
    (730, 730),
    (734, 739),
    (743, 746),
    (750, 753),
    (756, 756),
    (758, 759),
    (762, 763),
    (766, 766),
    (768, 768),
    (770, 779),
    (790, 790),
    (792, 799),
    (812, 813),
    (816, 818),
    (825, 827),
    (830, 839),
    (852, 859),
    (870, 870),
    (872, 879),
    (883, 883),
    (886, 888),
    (891, 897),
    (901, 903),
    (906, 906),
    (908, 909),
    (911, 917),
    (919, 919),
    (930, 939),
    (941, 941),
    (943, 943),
    (951, 955),
    (970, 979),
    (990, 999),
];

fn within(table: &[(u16, u16)], v: u16) -> bool {
    table.iter().any(|(lo, hi)| (*lo..=*hi).contains(&v))
}

/// Whether an 11-digit mobile number's prefix is assigned to an operator.
pub fn mobile_assigned(digits: &str) -> bool {
    let Some(p3) = digits.get(..3).and_then(|p| p.parse::<u16>().ok()) else {
        return false;
    };
    if p3 == 174 {
        return digits
            .get(..5)
            .and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|p| (MOBILE_174.0..=MOBILE_174.1).contains(&p));
    }
    within(MOBILE, p3)
}

/// How many digits local numbers have in an area, by its code with the
/// trunk 0 (`010`, `0755`): `None` for a code no area has.
pub fn local_lengths(area_code: &str) -> Option<&'static [usize]> {
    let code: u16 = area_code.strip_prefix('0')?.parse().ok()?;
    if within(EIGHT_DIGITS, code) {
        Some(&[8])
    } else if within(SEVEN_OR_EIGHT, code) {
        Some(&[7, 8])
    } else if within(SEVEN_DIGITS, code) {
        Some(&[7])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigned_and_unassigned_mobile_prefixes() {
        for ok in [
            "13012345678",
            "13912345678",
            "14512345678",
            "14712345678",
            "15012345678",
            "15912345678",
            "16212345678",
            "16612345678",
            "17012345678",
            "17812345678",
            "17400123456",
            "18412345678",
            "19112345678",
            "19212345678",
            "19812345678",
        ] {
            assert!(mobile_assigned(ok), "{ok}");
        }
        for unassigned in [
            "14012345678",
            "14112345678",
            "14212345678",
            "14312345678",
            "14412345678",
            "14612345678",
            "15412345678",
            "16012345678",
            "16112345678",
            "16812345678",
            "17412345678",
            "17406123456",
            "17912345678",
            "19412345678",
        ] {
            assert!(!mobile_assigned(unassigned), "{unassigned}");
        }
    }

    #[test]
    fn local_number_lengths_by_area() {
        for eight in [
            "010", "020", "021", "022", "023", "024", "025", "027", "028", "029",
        ] {
            assert_eq!(local_lengths(eight), Some(&[8][..]), "{eight}");
        }
        // Hangzhou, Shenzhen, Suzhou, Dongguan, Zhengzhou, Wuhan's neighbours...
        for eight in ["0571", "0755", "0512", "0769", "0371", "0532", "0898"] {
            assert_eq!(local_lengths(eight), Some(&[8][..]), "{eight}");
        }
        for seven in ["0310", "0391", "0631", "0701", "0873", "0991", "0459"] {
            assert_eq!(local_lengths(seven), Some(&[7][..]), "{seven}");
        }
        for both in ["0433", "0435", "0754", "0851"] {
            assert_eq!(local_lengths(both), Some(&[7, 8][..]), "{both}");
        }
        for none in ["026", "0300", "0600", "0888x", "0", "10"] {
            assert_eq!(local_lengths(none), None, "{none}");
        }
    }
}
