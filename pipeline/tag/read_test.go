package tag

import (
	"reflect"
	"testing"
)

// TestRead checks the one pass over a sentence against what the scans it replaced found:
// offsets in bytes, invalid UTF-8 read as utf8.DecodeRuneInString reads it.
func TestRead(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		folded   string
		marks    []mark
		quotes   []quoteMark
		strong   bool
		weak     bool
		negative bool
	}{
		{
			name:   "Latin folded, Han kept, marks and quotes at their bytes",
			text:   "GPT-4O与Sora，“泡沫”。",
			folded: "gpt-4o与sora，“泡沫”。",
			marks:  []mark{{13, 16}, {28, 31}},
			quotes: []quoteMark{{16, '“'}, {25, '”'}},
		},
		{
			name:   "Greek folded in place, dotted I kept (its lower case is shorter)",
			text:   "ΩİA",
			folded: "ωİa",
		},
		{
			name:   "a Han lead byte without its continuation bytes is one bad byte",
			text:   "\xe4A\xe4\xb8“B",
			folded: "\xe4a\xe4\xb8“b",
			quotes: []quoteMark{{4, '“'}},
		},
		{
			name:   "a surrogate and a truncated mark are no marks",
			text:   "\xed\xa0\x80,\xef\xbc",
			folded: "\xed\xa0\x80,\xef\xbc",
			marks:  []mark{{3, 4}},
		},
		{
			name:     "rhetorical and negative question cues",
			text:     "难道不是吗？",
			folded:   "难道不是吗？",
			marks:    []mark{{15, 18}},
			strong:   true,
			negative: true,
		},
		{
			name:   "a cue that only a question makes rhetorical",
			text:   "果真如此吗",
			folded: "果真如此吗",
			weak:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rd reading
			rd.read(tt.text)
			if string(rd.folded) != tt.folded {
				t.Errorf("folded %q, want %q", rd.folded, tt.folded)
			}
			if len(rd.marks) > 0 || len(tt.marks) > 0 {
				if !reflect.DeepEqual(rd.marks, tt.marks) {
					t.Errorf("marks %v, want %v", rd.marks, tt.marks)
				}
			}
			if len(rd.quotes) > 0 || len(tt.quotes) > 0 {
				if !reflect.DeepEqual(rd.quotes, tt.quotes) {
					t.Errorf("quotes %v, want %v", rd.quotes, tt.quotes)
				}
			}
			if rd.strong != tt.strong || rd.weak != tt.weak || rd.negative != tt.negative {
				t.Errorf("cues strong, weak, negative = %v, %v, %v, want %v, %v, %v",
					rd.strong, rd.weak, rd.negative, tt.strong, tt.weak, tt.negative)
			}
		})
	}
}
