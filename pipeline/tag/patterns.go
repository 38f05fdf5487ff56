package tag

import (
	"unicode"
	"unicode/utf8"
)

// foldCase returns s with each letter lower-cased where its lower case has the same UTF-8
// length (every ASCII letter, most others); every other byte is kept, so an offset into the
// result is an offset into s.
func foldCase(s string) string {
	var b []byte
	for i, r := range s {
		l := unicode.ToLower(r)
		if l == r || utf8.RuneLen(l) != utf8.RuneLen(r) {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		utf8.EncodeRune(b[i:], l)
	}
	if b == nil {
		return s
	}
	return string(b)
}
