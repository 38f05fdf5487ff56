package index

import (
	"reflect"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

func TestSpansRoundTrip(t *testing.T) {
	long := strings.Repeat("泡沫", 20000) // lengths past one and two base-127 digits
	tests := []struct {
		text  string
		chars []model.Span
	}{
		{"AI 泡沫？\n\n华尔街…😀 end\n\nok", []model.Span{{Start: 0, End: 6}, {Start: 8, End: 17}, {Start: 19, End: 21}}},
		{"", nil},
		{"x", []model.Span{{Start: 0, End: 1}}},
		{long + "\n\n" + long, []model.Span{{Start: 0, End: 40000}, {Start: 40002, End: 80002}}},
		{"abc", []model.Span{{Start: 1, End: 3}, {Start: 0, End: 1}}}, // out of order
	}
	for _, tt := range tests {
		v := formatCharByteSpans(tt.text, tt.chars)
		if strings.IndexByte(v, 0xFF) >= 0 {
			t.Errorf("%.20q: value holds 0xFF", tt.text)
		}
		gotChars, gotBytes, err := ParseSpans(v)
		if err != nil {
			t.Fatalf("%.20q: %v", tt.text, err)
		}
		if !reflect.DeepEqual(gotChars, tt.chars) {
			t.Errorf("%.20q: chars %v, want %v", tt.text, gotChars, tt.chars)
		}
		for i, b := range gotBytes {
			if got, want := tt.text[b.Start:b.End], string([]rune(tt.text)[tt.chars[i].Start:tt.chars[i].End]); got != want {
				t.Errorf("%.20q: span %d: bytes give %.20q, characters %.20q", tt.text, i, got, want)
			}
		}
	}
	if v := formatCharByteSpans("AI 泡沫？\n\nok", []model.Span{{Start: 0, End: 6}, {Start: 8, End: 10}}); len(v) != 8 {
		t.Errorf("two short paragraphs take %d bytes, want 8", len(v))
	}
	for _, bad := range []string{"\x80", "\x01\x02\x03", "\xff\x01\x01\x01", "\x7f\x01\x01\x01", "\x03\x01\x01\x01"} {
		if _, _, err := ParseSpans(bad); err == nil {
			t.Errorf("ParseSpans(%q): no error", bad)
		}
	}
}
