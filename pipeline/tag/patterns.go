package tag

import (
	"unicode"
	"unicode/utf8"
)

// foldCase returns a copy of s with each letter lower-cased where its lower case has the same
// UTF-8 length (every ASCII letter, most others); every other byte is kept, so an offset into
// the result is an offset into s.
func foldCase(s string) []byte {
	return appendFoldCase(nil, s)
}

// appendFoldCase appends foldCase(s) to dst.
func appendFoldCase(dst []byte, s string) []byte {
	dst = append(dst, s...)
	b := dst[len(dst)-len(s):]
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		// CJK punctuation, kana and Han (U+3000–U+9FFF: lead bytes E3–E9, every one of which
		// with two continuation bytes is valid) have no case: skip them without decoding.
		if 0xE3 <= c && c <= 0xE9 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			utf8.EncodeRune(b[i:], l)
		}
		i += size
	}
	return dst
}
