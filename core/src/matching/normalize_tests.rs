//! Unit tests of name, loyalty-number and email normalisation (kept apart from the rules).
use super::*;

#[test]
fn folds_the_documented_cases() {
    assert_eq!(normalize_name("Zoë", false), "zoe");
    assert_eq!(
        normalize_name("Zoe\u{0308}", false),
        "zoe",
        "combining diaeresis"
    );
    assert_eq!(normalize_name("Müller", false), "muller");
    assert_eq!(normalize_name("Müller", true), "mueller");
    assert_eq!(normalize_name("Mu\u{0308}ller", true), "mueller");
    assert_eq!(
        normalize_name("O'Brien", false),
        normalize_name("OBrien", false)
    );
    assert_eq!(normalize_name("O’Brien", false), "obrien");
    assert_eq!(
        normalize_name("Smith-Jones", false),
        normalize_name("Smith Jones", false)
    );
    assert_eq!(normalize_name("St. John", false), "stjohn");
    assert_eq!(normalize_name("ＡＢＣ", false), "abc", "full-width");
    assert_eq!(normalize_name("李", false), "李");
    assert_eq!(normalize_name("Ольга", false), "ольга");
    assert_eq!(normalize_name("  ", false), "");
    // Letters that decomposition brings out are folded too: `Ǽ` is `Æ` with an acute.
    assert_eq!(normalize_name("Ǽsa", false), "aesa");
    assert_eq!(normalize_name("Ǿle", false), "ole");
}

#[test]
fn loyalty_email_and_masks() {
    assert_eq!(normalize_loyalty(" ab-12 34 ", false), "AB1234");
    assert_eq!(normalize_loyalty("000123", true), "123");
    assert_eq!(normalize_loyalty("000", true), "0");
    assert_eq!(
        normalize_email("  Pat.Doe@Example.COM "),
        "pat.doe@example.com"
    );
    assert_eq!(mask("123456789"), "•••••6789");
    assert_eq!(mask("pat@example.com"), "p•••@example.com");
    assert_eq!(mask("12"), "••");
}

#[test]
fn surname_core_drops_particles() {
    let w = name_words("van der Berg", false);
    assert_eq!(surname_core(&w), vec!["berg"]);
    let w = name_words("De La", false);
    assert_eq!(surname_core(&w), vec!["de", "la"]);
}

#[test]
#[cfg(feature = "unicode-tables")]
fn simple_path_equals_the_general_one() {
    let simple: Vec<char> = (0..0x9FFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| is_simple(c))
        .collect();
    for &c in &simple {
        for u in [false, true] {
            for s in [format!("{c}"), format!("a{c} {c}e"), format!("{c}{c}")] {
                assert_eq!(simple_words(&s, u), general_words(&s, u), "{s:?} {u}");
            }
        }
    }
    let small: Vec<char> = simple
        .iter()
        .copied()
        .filter(|&c| (c as u32) < 0x4E00 && !c.is_ascii_punctuation())
        .collect();
    for &a in &small {
        for &b in &small {
            let s = format!("{a}{b}");
            assert_eq!(simple_words(&s, false), general_words(&s, false), "{s:?}");
        }
    }
    assert_eq!(name_words("García Márquez", false), ["garcia", "marquez"]);
    assert_eq!(
        name_words(" O'Brien-Smith,  jr.\x0b/x ", false),
        ["obrien", "smith", "jr", "x"]
    );
    assert_eq!(name_words("'- .", false), Vec::<String>::new());
    for c in (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| common_letter(c))
    {
        assert!(c.is_alphanumeric() && !is_combining_mark(c), "{c:?}");
    }
    for raw in [
        "  Pat@Example.COM ",
        "pat@example.com",
        "pät@example.com",
        "",
        " ",
    ] {
        let key = normalize_email("pat@example.com");
        assert_eq!(
            email_matches(&key, raw),
            normalize_email(raw) == key,
            "{raw:?}"
        );
    }
    assert_eq!(name_words("Йосиф ЁЛКИН", false), ["иосиф", "елкин"]);
}

/// The names of `tests/fixtures/matching/unicode_names.tsv`, which the npm package's tests
/// check too (there the normalisation pass is the host's).
#[test]
fn names_needing_a_normalisation_pass_fold_as_the_shared_table_says() {
    let table = include_str!("../../../tests/fixtures/matching/unicode_names.tsv");
    let mut n = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line:?}");
        assert_eq!(
            normalize_name(cols[0], cols[1] == "true"),
            cols[2],
            "{line:?}"
        );
        n += 1;
    }
    assert!(n >= 10);
    assert_eq!(normalize_loyalty("ＡＢ１２-３", false), "AB123");
    assert_eq!(normalize_email(" Ｐat@Ｅxample.com "), "pat@example.com");
}
