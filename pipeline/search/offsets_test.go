package search

import (
	"testing"
	"unicode/utf8"
)

// TestOffsets checks the character offset of every byte of texts, valid UTF-8 or not, against
// a rune-by-rune count.
func TestOffsets(t *testing.T) {
	for _, text := range []string{"", "a", "遥遥领先", "AI 泡沫？\n\n华尔街…😀 end", "bad \xff byte 泡\xe6沫", "\x80\x80中"} {
		// Rune by rune: the byte offset where each character starts.
		var starts []int
		for i := 0; i < len(text); {
			starts = append(starts, i)
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		starts = append(starts, len(text))
		chars := byteToChar(text)
		for c, b := range starts {
			if int(chars[b]) != c {
				t.Errorf("%q: byteToChar[%d] = %d, want %d", text, b, chars[b], c)
			}
		}
	}
}
