//! What script a character is written in, as far as quire's typesetting
//! cares: whether it is CJK, which Chinese emphasis and line joining treat
//! differently from Latin text.

/// Written in a CJK script, or punctuation made for one: Han ideographs
/// (the unified block, extension A, the compatibility ideographs and the
/// supplementary planes 2 and 3 that hold extensions B to H), radicals and
/// strokes, kana and Bopomofo, Hangul syllables and compatibility jamo, the
/// CJK symbols and punctuation block (`。`, `「`), the vertical compatibility
/// forms (`︰`, `﹁`) and the full-width and half-width forms (`：`, `，`).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The curly quotation marks (`‘’“”`), which Chinese text writes as English
/// does: seen alone, they say nothing of the script around them.
pub fn is_curly_quote(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_reaches_from_the_first_to_the_last_character_of_each_block() {
        let cjk = [
            '\u{2E80}', // the first CJK radical
            '\u{3000}', // the ideographic space
            '。',
            '「',
            'あ',
            'ア',
            'ㄅ',
            'ㄱ',       // a Hangul compatibility jamo
            '\u{3400}', // extension A, first
            '\u{4DBF}', // extension A, last
            '一',       // U+4E00
            '\u{9FFF}',
            '가', // U+AC00
            '\u{D7AF}',
            '\u{F900}', // compatibility ideographs
            '\u{FAFF}',
            '\u{FE30}', // vertical forms
            '\u{FE4F}',
            '\u{FF00}',
            '：',
            '，',
            '（',
            '\u{FFEF}',
            '\u{20000}', // extension B
            '\u{2FFFF}',
            '\u{30000}', // extension G
            '\u{3FFFF}',
        ];
        for c in cjk {
            assert!(is_cjk(c), "{c:?} U+{:04X}", c as u32);
        }
        let not_cjk = [
            'a',
            '1',
            ':',
            '…',
            '\u{2E7F}',
            '\u{A000}', // Yi
            '\u{ABFF}',
            '\u{D7B0}', // Hangul jamo extension B
            '\u{F8FF}', // private use
            '\u{FB00}',
            '\u{FE2F}',
            '\u{FE50}', // small forms
            '\u{FFF0}',
            '\u{1F600}',
            '\u{1FFFF}',
            '\u{40000}',
            '“',
            '”',
        ];
        for c in not_cjk {
            assert!(!is_cjk(c), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn curly_quotes_are_the_four_and_no_straight_or_corner_ones() {
        assert!("‘’“”".chars().all(is_curly_quote));
        assert!(!"'\"「」『』‚„‹›".chars().any(is_curly_quote));
    }
}
