package index

import (
	"reflect"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

func TestSpansRoundTrip(t *testing.T) {
	text := "AI 泡沫？\n\n华尔街…😀 end\n\nok"
	chars := []model.Span{{Start: 0, End: 6}, {Start: 8, End: 17}, {Start: 19, End: 21}}
	v := formatCharByteSpans(text, chars)
	if want := "c0-6/b0-12 c8-17/b14-34 c19-21/b36-38"; v != want {
		t.Errorf("formatCharByteSpans = %q, want %q", v, want)
	}
	gotChars, gotBytes, err := ParseSpans(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotChars, chars) {
		t.Errorf("chars %v, want %v", gotChars, chars)
	}
	for i, b := range gotBytes {
		if got, want := text[b.Start:b.End], string([]rune(text)[chars[i].Start:chars[i].End]); got != want {
			t.Errorf("span %d: bytes give %q, characters %q", i, got, want)
		}
	}
	for _, bad := range []string{"0-6", "c0-6", "c0-6/x0-12", "c6-0/b0-12", "c0-6/b0-"} {
		if _, _, err := ParseSpans(bad); err == nil {
			t.Errorf("ParseSpans(%q): no error", bad)
		}
	}
}
