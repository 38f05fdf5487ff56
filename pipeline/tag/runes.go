package tag

import "unicode/utf8"

// decodeRune decodes the first character of s and its length in bytes exactly as
// utf8.DecodeRuneInString does, but without a call for ASCII and for the three-byte
// sequences that make up Chinese text (Han, CJK and full-width punctuation).
func decodeRune[T string | []byte](s T) (rune, int) {
	if len(s) > 0 && s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	// A lead byte E1–EC or EE–EF followed by two continuation bytes is always a valid
	// sequence: E0 (overlong forms) and ED (surrogates) are left to the library.
	if len(s) < 3 || s[0] < 0xE1 || s[0] > 0xEF || s[0] == 0xED || s[1]&0xC0 != 0x80 || s[2]&0xC0 != 0x80 {
		return utf8.DecodeRuneInString(string(s[:min(len(s), utf8.UTFMax)]))
	}
	return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
}

// runeSet is a set of characters of the Basic Multilingual Plane, one bit each: it tells
// in one load whether a character begins a cue, where a map lookup costs ten times more.
type runeSet [(1 << 16) / 64]uint64

// add puts r in the set; r must be below U+10000.
func (s *runeSet) add(r rune) {
	if r < 0 || r >= 1<<16 {
		panic("tag: runeSet holds only the Basic Multilingual Plane")
	}
	s[r/64] |= 1 << (r % 64)
}

// has reports whether r is in the set.
func (s *runeSet) has(r rune) bool {
	return 0 <= r && r < 1<<16 && s[r/64]&(1<<(r%64)) != 0
}
