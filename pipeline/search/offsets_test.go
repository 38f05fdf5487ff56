package search

import (
	"testing"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/model"
)

// TestOffsets checks the byte and character offsets of texts, valid UTF-8 or not, against
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
		var spans []model.Span
		for c := range starts {
			spans = append(spans, model.Span{Start: c, End: len(starts) - 1})
		}
		got := byteOffsets(text, spans)
		for i, sp := range spans {
			if got[2*i] != starts[sp.Start] || got[2*i+1] != starts[sp.End] {
				t.Errorf("%q: span %v at bytes %d-%d, want %d-%d", text, sp, got[2*i], got[2*i+1], starts[sp.Start], starts[sp.End])
			}
		}
	}
}
