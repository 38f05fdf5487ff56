package diag

import (
	"bytes"
	"errors"
	"testing"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"file only", Diagnostic{Path: "a.png", Reason: "binary file (PNG image)", Skipped: true}, "a.png: binary file (PNG image)"},
		{"line", Diagnostic{Path: "p.jsonl", Line: 3, Reason: "invalid JSON", Skipped: true}, "p.jsonl:3: invalid JSON"},
		{"line and column", Diagnostic{Path: "p.jsonl", Line: 3, Col: 14, Reason: "invalid JSON", Skipped: true}, "p.jsonl:3:14: invalid JSON"},
		{"column without line is left out", Diagnostic{Path: "x", Col: 2, Reason: "r", Skipped: true}, "x: r"},
		{"warning", Diagnostic{Path: "a.md", Line: 2, Reason: "date not understood"}, "a.md:2: warning: date not understood"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLog(t *testing.T) {
	var out bytes.Buffer
	log := NewLog(&out, 3)
	reports := []Diagnostic{
		{Path: "a", Kind: KindBinary, Reason: "binary", Skipped: true},
		{Path: "b", Kind: KindFrontMat, Reason: "bad front matter"}, // a warning: not counted
		{Path: "c", Line: 2, Kind: KindJSON, Reason: "bad json", Skipped: true},
	}
	for _, d := range reports {
		if err := log.Report(d); err != nil {
			t.Fatalf("Report(%v) = %v before the limit", d, err)
		}
	}
	if got := log.Skipped(); got != 2 {
		t.Errorf("Skipped() = %d, want 2 (warnings are not skips)", got)
	}
	if got, want := log.Summary(), "1 bad-json, 1 binary"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	if got := out.String(); got != "a: binary\nb: warning: bad front matter\nc:2: bad json\n" {
		t.Errorf("printed %q", got)
	}
	err := log.Report(Diagnostic{Path: "d", Kind: KindJSON, Reason: "bad json", Skipped: true})
	if !errors.Is(err, ErrTooMany) {
		t.Errorf("third skip: Report = %v, want ErrTooMany", err)
	}
	if got := log.ByKind()[KindJSON]; got != 2 {
		t.Errorf("ByKind()[bad-json] = %d, want 2", got)
	}
	if got := len(log.All()); got != 4 {
		t.Errorf("All() has %d diagnostics, want 4", got)
	}
	if NewLog(nil, 0).Summary() != "" {
		t.Error("empty log has a summary")
	}
}
