//! The one Unicode normalisation primitive the matching rules need: a whole string to NFC,
//! NFKC or NFKD. With the default feature `unicode-tables` it is the unicode-normalization
//! crate's; without it (the npm package, where those tables cost ~100 KB of .wasm) it is a
//! function the host binding installs once, e.g. JavaScript's `String.prototype.normalize`.
//! What is folded and when a pass is skipped (the quick checks) stays in `normalize.rs`.

/// A Unicode normalisation form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Canonical composition.
    Nfc,
    /// Compatibility decomposition, then canonical composition.
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl Form {
    /// The form's name as `String.prototype.normalize` and ICU spell it (`"NFKC"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Nfc => "NFC",
            Form::Nfkc => "NFKC",
            Form::Nfkd => "NFKD",
        }
    }
}

/// A host's normaliser: `text` in the given form, exactly as Unicode defines it.
pub type HostNormalizer = fn(text: &str, form: Form) -> String;

#[cfg(not(feature = "unicode-tables"))]
static HOST: std::sync::OnceLock<HostNormalizer> = std::sync::OnceLock::new();

/// Installs the host's normaliser, used when the core is built without `unicode-tables`;
/// returns whether it will be used (false with the tables, or when one is already installed).
/// Bindings built without the tables install it before any matching call: until then text is
/// compared as given, without a normalisation pass.
pub fn install_host_normalizer(f: HostNormalizer) -> bool {
    #[cfg(not(feature = "unicode-tables"))]
    {
        HOST.set(f).is_ok()
    }
    #[cfg(feature = "unicode-tables")]
    {
        let _ = f;
        false
    }
}

/// Whether [`normalize`] will really normalise: always with `unicode-tables`, otherwise once a
/// host normaliser is installed.
pub fn has_normalizer() -> bool {
    #[cfg(feature = "unicode-tables")]
    {
        true
    }
    #[cfg(not(feature = "unicode-tables"))]
    {
        HOST.get().is_some()
    }
}

/// `text` in `form`.
#[cfg(feature = "unicode-tables")]
pub fn normalize(text: &str, form: Form) -> String {
    use unicode_normalization::UnicodeNormalization;
    match form {
        Form::Nfc => text.nfc().collect(),
        Form::Nfkc => text.nfkc().collect(),
        Form::Nfkd => text.nfkd().collect(),
    }
}

/// `text` in `form`, from the installed host normaliser (`text` itself if none is installed).
#[cfg(not(feature = "unicode-tables"))]
pub fn normalize(text: &str, form: Form) -> String {
    match HOST.get() {
        Some(f) => f(text, form),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_normalise_as_unicode_defines() {
        assert!(has_normalizer());
        assert_eq!(normalize("e\u{301}", Form::Nfc), "\u{e9}");
        assert_eq!(normalize("\u{fb01}", Form::Nfc), "\u{fb01}");
        assert_eq!(normalize("\u{fb01}Ｚ", Form::Nfkc), "fiZ");
        assert_eq!(normalize("\u{e9}\u{fb01}", Form::Nfkd), "e\u{301}fi");
        assert_eq!(Form::Nfkd.as_str(), "NFKD");
    }
}
