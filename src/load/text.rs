//! What a file is before it is CSV: sniffing binary formats and decoding text.

/// Describes a file that is not text, from its first bytes, or `None` when it looks like text.
pub fn not_text(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"PK\x03\x04") {
        return Some(
            "it is an Excel workbook (.xlsx) or another zip file with a .csv name: open it in Excel and save it as \"CSV UTF-8 (comma delimited)\"",
        );
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(
            "it is an old Excel workbook (.xls) with a .csv name: open it in Excel and save it as \"CSV UTF-8 (comma delimited)\"",
        );
    }
    if head.starts_with(b"%PDF") {
        return Some("it is a PDF document, not a CSV extract");
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || looks_like_utf16(head) {
        return Some("it is UTF-16 text (Excel's \"Unicode Text\"): save it as \"CSV UTF-8 (comma delimited)\"");
    }
    if head.contains(&0) {
        return Some("it contains binary data, not text");
    }
    None
}

/// UTF-16 without a byte-order mark: ASCII text with a zero byte beside every character.
fn looks_like_utf16(head: &[u8]) -> bool {
    let n = head.len().min(200) / 2 * 2;
    if n < 8 {
        return false;
    }
    let zeros_even = head[..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = head[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let half = n / 2;
    zeros_even * 10 >= half * 9 || zeros_odd * 10 >= half * 9
}

pub const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// How a field's bytes were decoded.
pub enum Decoded<'a> {
    Utf8(&'a str),
    Windows1252(String),
    /// Bytes that are neither UTF-8 nor Windows-1252 (five byte values are unassigned there).
    Undecodable,
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded::Utf8(s),
        Err(_) => windows_1252(bytes).map_or(Decoded::Undecodable, Decoded::Windows1252),
    }
}

/// Windows-1252 is Latin-1 except for 0x80–0x9F, which hold typographic characters.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => Some(HIGH[(b - 0x80) as usize]).filter(|&c| c != '\0'),
            _ => Some(b as char),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_punctuation_and_pound_signs_decode() {
        // "£5 – Children’s" as Excel's Windows-1252 writes it.
        let bytes = b"\xA35 \x96 Children\x92s";
        match decode(bytes) {
            Decoded::Windows1252(s) => assert_eq!(s, "£5 – Children’s"),
            _ => panic!("expected Windows-1252"),
        }
        assert!(matches!(decode("£5".as_bytes()), Decoded::Utf8("£5")));
        assert!(matches!(decode(b"\x81"), Decoded::Undecodable));
    }

    #[test]
    fn spreadsheets_pdfs_and_utf16_are_recognised() {
        assert!(not_text(b"PK\x03\x04rest").unwrap().contains(".xlsx"));
        assert!(not_text(&[0xD0, 0xCF, 0x11, 0xE0, 1, 2]).unwrap().contains(".xls"));
        assert!(not_text(b"%PDF-1.4").unwrap().contains("PDF"));
        assert!(not_text(&[0xFF, 0xFE, b'a', 0]).unwrap().contains("UTF-16"));
        let utf16: Vec<u8> = "ContactID,LAchildID".bytes().flat_map(|b| [b, 0]).collect();
        assert!(not_text(&utf16).unwrap().contains("UTF-16"));
        assert!(not_text(b"a,b\x00c").unwrap().contains("binary"));
        assert_eq!(not_text(b"ContactID,LAchildID\n1,2\n"), None);
    }
}
