//! Small, panic-free string helpers.
//!
//! The standard `str` search APIs (`contains("…")`, `split`, `split_at`) carry panic paths whose
//! message formatting would otherwise be linked into the wasm module; these byte-level helpers
//! keep it out (see README "Performance"). Delimiters searched for are ASCII, so every index they
//! return is a char boundary.

/// Does `haystack` contain `needle` (plain byte comparison)?
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Byte offset of the first occurrence of `needle`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..h.len()).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Byte offset of the first byte that is one of the ASCII `set`.
pub fn find_any(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|b| in_set(set, b))
}

/// Is `b` one of `set`? (A plain loop: `<[u8]>::contains` links a memchr-style search, ~350 B of
/// wasm, for sets of a few bytes.)
#[allow(clippy::manual_contains)] // on purpose: see above
pub fn in_set(set: &[u8], b: u8) -> bool {
    set.iter().any(|&x| x == b)
}

/// Splits at byte `at`; `(s, "")` if `at` is not a char boundary inside `s`.
pub fn split_at(s: &str, at: usize) -> (&str, &str) {
    match (s.get(..at), s.get(at..)) {
        (Some(head), Some(tail)) => (head, tail),
        _ => (s, ""),
    }
}

/// Splits at the first ASCII `delimiter`, dropping it.
pub fn split_once(s: &str, delimiter: u8) -> Option<(&str, &str)> {
    let at = find_any(s, &[delimiter])?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// Concatenates string pieces. (Used instead of `format!`, whose machinery would add several
/// kilobytes to the wasm module.)
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Appends the decimal form of `n`.
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut value = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b'0' + (value % 10) as u8;
        }
        len += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &d in digits.iter().take(len).rev() {
        out.push(char::from(d));
    }
}

/// Appends `n` as lower-case hexadecimal, zero-padded to `width` digits.
pub fn push_hex(out: &mut String, n: u32, width: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits = (1..8)
        .rev()
        .find(|&i| n >> (4 * i) != 0)
        .map_or(1, |i| i + 1);
    for _ in digits..width {
        out.push('0');
    }
    for i in (0..digits).rev() {
        let digit = HEX
            .get(((n >> (4 * i)) & 0xf) as usize)
            .copied()
            .unwrap_or(b'0');
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let mut s = String::new();
        for n in [0, 7, -7, 10, 1234567890, i64::MIN, i64::MAX] {
            s.clear();
            push_int(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        for (n, w, want) in [
            (0, 1, "0"),
            (0xa, 4, "000a"),
            (0x1f, 1, "1f"),
            (0xfeff, 4, "feff"),
            (0x10ffff, 1, "10ffff"),
        ] {
            s.clear();
            push_hex(&mut s, n, w);
            assert_eq!(s, want);
        }
        assert_eq!(cat(&["a", "", "bc"]), "abc");
    }

    #[test]
    fn helpers() {
        assert!(contains("Mozilla (Android 14)", "Android"));
        assert!(!contains("And", "Android"));
        assert_eq!(find("a://b", "://"), Some(1));
        assert_eq!(find("abc", ""), Some(0));
        assert_eq!(find_any("a/b?c", b"?/"), Some(1));
        assert_eq!(split_at("héllo", 2), ("héllo", ""));
        assert_eq!(split_at("hello", 2), ("he", "llo"));
        assert_eq!(split_once("a:b:c", b':'), Some(("a", "b:c")));
        assert_eq!(split_once("abc", b':'), None);
    }

    /// `find_any` finds what a plain search finds, for every ASCII byte and a few sets.
    #[test]
    fn find_any_matches_a_plain_search() {
        let all: String = (0u8..128).rev().map(char::from).collect();
        for b in 0u8..128 {
            for set in [vec![b], vec![b, b'/'], vec![b'?', b, b'#']] {
                let plain = all.bytes().position(|x| set.contains(&x));
                assert_eq!(find_any(&all, &set), plain, "{set:?}");
                assert_eq!(find_any("카카오톡🙂", &set), None, "{set:?}");
            }
        }
    }
}
