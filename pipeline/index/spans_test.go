package index

import (
	"fmt"
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

func TestLatinTerms(t *testing.T) {
	text := "ＤｅｅｐSeek-V3 与gpt4o！\u212A é \xff z"
	var got []string
	for _, tm := range LatinTerms([]byte(text)) {
		got = append(got, fmt.Sprintf("%s@%d", tm.text, tm.pos))
	}
	// Positions count characters from 1 (an invalid byte is one), as FieldExact's do; the
	// Kelvin sign folds to k; é is not a–z.
	want := []string{"deepseek@1", "v3@10", "gpt4o@14", "k@20", "z@26"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LatinTerms = %v, want %v", got, want)
	}
	// Each run's characters are FieldExact's terms at the same positions.
	exact := map[int]string{}
	for _, tm := range exactTerms([]byte(text)) {
		exact[tm.pos] = tm.text
	}
	for _, tm := range LatinTerms([]byte(text)) {
		for i, c := range tm.text {
			if exact[tm.pos+i] != string(c) {
				t.Errorf("run %q: position %d holds %q in the exact field", tm.text, tm.pos+i, exact[tm.pos+i])
			}
		}
	}
}
