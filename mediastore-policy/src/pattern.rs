//! Glob matching as IAM (`*` and `?`) and MediaStore lifecycle paths (`*` only) define it; CloudFront
//! path patterns use IAM's wildcards too.
//!
//! They run for every request the local drill serves, so they work on bytes in place and never allocate.
//!
//! ```
//! use mediastore_policy::pattern::Glob;
//!
//! assert!(Glob::IAM.matches("demo/?ndex.m3u8", "demo/index.m3u8"));
//! assert!(!Glob::LIFECYCLE.matches("demo/?ndex.m3u8", "demo/index.m3u8"));
//! assert!(Glob::IAM_ACTION.matches("MediaStore:Get*", "mediastore:GetObject"));
//! ```

/// Which characters of a pattern are wildcards, and whether letters compare case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glob {
    /// `?` matches exactly one character (IAM); otherwise it is literal (lifecycle paths).
    question_mark: bool,
    /// ASCII letters compare case-insensitively (IAM action names).
    ignore_case: bool,
}

impl Glob {
    /// IAM string and resource matching, and CloudFront path patterns: `*` and `?`, case-sensitive.
    pub const IAM: Self = Self {
        question_mark: true,
        ignore_case: false,
    };
    /// IAM action matching: `*` and `?`, case-insensitive.
    pub const IAM_ACTION: Self = Self {
        question_mark: true,
        ignore_case: true,
    };
    /// MediaStore lifecycle `wildcard` paths: `*` only, case-sensitive.
    pub const LIFECYCLE: Self = Self {
        question_mark: false,
        ignore_case: false,
    };

    /// Whether `text` matches `pattern`, where `*` matches any run of characters (including none).
    ///
    /// Greedy matching with one backtrack point: linear in practice, `O(pattern x text)` at worst.
    pub fn matches(self, pattern: &str, text: &str) -> bool {
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        let (mut pi, mut ti) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while ti < t.len() {
            if pi < p.len() && p[pi] == b'*' {
                star = Some((pi, ti));
                pi += 1;
            } else if pi < p.len() && self.single(p[pi], t, ti) {
                pi += 1;
                ti += self.width(p[pi - 1], t, ti);
            } else if let Some((star_p, star_t)) = star {
                // Let the last `*` swallow one more character (a whole UTF-8 character) and retry.
                let next = star_t + utf8_width(t[star_t]);
                star = Some((star_p, next));
                pi = star_p + 1;
                ti = next;
            } else {
                return false;
            }
        }
        p[pi.min(p.len())..].iter().all(|&b| b == b'*')
    }

    /// Whether pattern byte `pb` matches the character starting at `t[ti]`.
    fn single(self, pb: u8, t: &[u8], ti: usize) -> bool {
        if self.question_mark && pb == b'?' {
            return true;
        }
        let tb = t[ti];
        if self.ignore_case {
            pb.eq_ignore_ascii_case(&tb)
        } else {
            pb == tb
        }
    }

    /// How many text bytes the pattern byte `pb` consumed: a whole character for `?`, one byte otherwise.
    fn width(self, pb: u8, t: &[u8], ti: usize) -> usize {
        if self.question_mark && pb == b'?' {
            utf8_width(t[ti]).min(t.len() - ti)
        } else {
            1
        }
    }
}

/// The byte length of the UTF-8 character that starts with `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn iam_wildcards() {
        let m = |p: &str, t: &str| Glob::IAM.matches(p, t);
        assert!(m("*", ""));
        assert!(m("*", "anything"));
        assert!(m("a*c", "abc"));
        assert!(m("a*c", "ac"));
        assert!(!m("a*c", "ab"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("a?c", "aéc"));
        assert!(m("*x*y", "axbxcy"));
        assert!(!m("Abc", "abc"));
        assert!(m(
            "arn:aws:mediastore:*:*:container/demo/*",
            "arn:aws:mediastore:us-west-2:000011112222:container/demo/a/b.ts"
        ));
    }

    #[test]
    fn actions_ignore_case_and_lifecycle_question_mark_is_literal() {
        assert!(Glob::IAM_ACTION.matches("MediaStore:get*", "mediastore:GetObject"));
        assert!(Glob::LIFECYCLE.matches("demo/primary_*.m3u8", "demo/primary_720p.m3u8"));
        assert!(!Glob::LIFECYCLE.matches("demo/?.m3u8", "demo/a.m3u8"));
        assert!(Glob::LIFECYCLE.matches("demo/?.m3u8", "demo/?.m3u8"));
        assert!(!Glob::LIFECYCLE.matches("demo/primary_*.m3u8", "demo/primary.m3u8"));
    }
}
