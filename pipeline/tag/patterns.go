package tag

import (
	"unicode"
	"unicode/utf8"
)

// foldCase returns a copy of s with each letter lower-cased where its lower case has the same
// UTF-8 length (every ASCII letter, most others); every other byte is kept, so an offset into
// the result is an offset into s.
func foldCase(s string) []byte {
	b := []byte(s)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		// CJK punctuation, kana and Han (U+3000–U+9FFF) have no case: skip the lookup.
		if r < 0x3000 || r > 0x9FFF {
			if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
				utf8.EncodeRune(b[i:], l)
			}
		}
		i += size
	}
	return b
}
