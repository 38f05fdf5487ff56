package search

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/huashu/huashu/pipeline/codebook"
)

// schemaForTest is a schema with made-up field names over the default codebook, for tests
// that compile queries without an index.
func schemaForTest(t testing.TB) *Schema {
	t.Helper()
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	return &Schema{
		Text: "text", Exact: "exact", Date: "date",
		Keywords: map[string]string{"title": "title", "source": "source", "author": "author"},
		Meta:     "meta.",
		Numbers:  map[string]string{"chars": "chars", "tokens": "tokens"},
		Marker:   "marker", MarkerNeg: "marker_neg",
		Category: "cat", CategoryNeg: "cat_neg",
		FrameNumber: func(id string) string { return "per1k." + id },
		StanceLabel: func(id string) string { return "stance." + id },
		StanceScore: func(id string) string { return "score." + id },
		Codebook:    cb,
	}
}

func compileString(t *testing.T, s *Schema, q string) (*Plan, error) {
	t.Helper()
	n, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return s.Compile(q, n)
}

func TestCompile(t *testing.T) {
	s := schemaForTest(t)
	tests := []struct {
		name, query string
		want        string // the bleve query as JSON
		needles     []string
	}{
		{"word", "泡沫", `{"match":"泡沫","field":"text","prefix_length":0,"fuzziness":0,"operator":"and"}`, nil},
		{"phrase goes to exact", `"遥遥领先"`, `{"exact_phrase":"遥遥领先","field":"exact"}`, []string{"遥遥领先"}},
		{"text phrase stays", `text:"遥遥领先"`, `{"match_phrase":"遥遥领先","field":"text","fuzziness":0}`, nil},
		{"frame asserted", "frame:bubble", `{"term":"bubble","field":"cat"}`, nil},
		{"frame negated", "frame.neg:bubble", `{"term":"bubble","field":"cat_neg"}`, nil},
		{"frame any", "frame.any:bubble", `{"disjuncts":[{"term":"bubble","field":"cat"},{"term":"bubble","field":"cat_neg"}],"min":1}`, nil},
		{"frame wildcard", "frame:c*", `{"disjuncts":[{"term":"competition","field":"cat"},{"term":"compute","field":"cat"}],"min":1}`, nil},
		{"marker", "marker:遥遥领先", `{"term":"遥遥领先","field":"marker"}`, nil},
		{"marker lower-cased", "marker:Sora", `{"term":"sora","field":"marker"}`, nil},
		{"frame number", "frame.bubble:>2", `{"field":"per1k.bubble","min":2}`, nil},
		{"stance label", "stance.us_ai:against", `{"term":"against","field":"stance.us_ai"}`, nil},
		{"stance score", "stance.us_ai:<=-0.3", `{"field":"score.us_ai","max":-0.3,"inclusive_max":true}`, nil},
		{"keyword", `source:"潮汐 评论"`, `{"term":"潮汐 评论","field":"source"}`, nil},
		{"meta", `meta.lang:zh`, `{"term":"zh","field":"meta.lang"}`, nil},
		{"number equal", `chars:3000`, `{"field":"chars","min":3000,"max":3000,"inclusive_min":true,"inclusive_max":true}`, nil},
		{"not under and", `"泡沫" -"泡沫箱"`, `{"must":{"conjuncts":[{"exact_phrase":"泡沫","field":"exact"}]},"must_not":{"disjuncts":[{"exact_phrase":"泡沫箱","field":"exact"}],"min":0}}`, []string{"泡沫"}},
		{"lone not", `NOT frame:bubble`, `{"must":{"conjuncts":[{"boost":null,"match_all":{}}]},"must_not":{"disjuncts":[{"term":"bubble","field":"cat"}],"min":0}}`, nil},
		{"double not shows needles", `NOT NOT "泡沫"`, `{"must":{"conjuncts":[{"boost":null,"match_all":{}}]},"must_not":{"disjuncts":[{"must":{"conjuncts":[{"boost":null,"match_all":{}}]},"must_not":{"disjuncts":[{"exact_phrase":"泡沫","field":"exact"}],"min":0}}],"min":0}}`, []string{"泡沫"}},
		{"boost", `泡沫^2`, `{"match":"泡沫","field":"text","boost":2,"prefix_length":0,"fuzziness":0,"operator":"and"}`, nil},
		{"all", ``, `{"boost":null,"match_all":{}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := compileString(t, s, tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(p.Query)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Compile(%q)\n got %s\nwant %s", tt.query, got, tt.want)
			}
			if strings.Join(p.Needles, "|") != strings.Join(tt.needles, "|") {
				t.Errorf("Compile(%q): needles %q, want %q", tt.query, p.Needles, tt.needles)
			}
		})
	}
}

func TestCompileDate(t *testing.T) {
	s := schemaForTest(t)
	day := func(y, m, d int) string {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	}
	open := "0001-01-01T00:00:00Z" // the zero time: no bound
	tests := []struct {
		query, start, end string
	}{
		{`date:2024`, day(2024, 1, 1), day(2025, 1, 1)},
		{`date:2024-02`, day(2024, 2, 1), day(2024, 3, 1)},
		{`date:2024-02-18`, day(2024, 2, 18), day(2024, 2, 19)},
		{`date:>="2024-02-01"`, day(2024, 2, 1), open},
		{`date:>2024-02`, day(2024, 3, 1), open},
		{`date:<2024-02`, open, day(2024, 2, 1)},
		{`date:<=2024`, open, day(2025, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			p, err := compileString(t, s, tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Start string `json:"start"`
				End   string `json:"end"`
			}
			b, _ := json.Marshal(p.Query)
			json.Unmarshal(b, &got)
			if got.Start != tt.start || got.End != tt.end {
				t.Errorf("Compile(%q) = %s, want start %q end %q", tt.query, b, tt.start, tt.end)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	s := schemaForTest(t)
	tests := []struct {
		name, query, want string
	}{
		{"unknown field near", "泡沫 fram:bubble", `query:1:4: unknown field "fram" (did you mean "frame"?)`},
		{"unknown field far", "xyzzyq:1", `query:1:1: unknown field "xyzzyq" (fields: author, category,`},
		{"unknown frame", "frame:bubbel", `query:1:7: unknown frame "bubbel" (frames: competition, bubble,`},
		{"rhetoric is no frame", "frame:triumphalism", `query:1:7: unknown frame "triumphalism"`},
		{"frame is no rhetoric", "rhetoric:bubble", `query:1:10: unknown rhetoric "bubble" (rhetorics: triumphalism,`},
		{"no frame matches", "frame:zz*", `query:1:7: no frame matches "zz*"`},
		{"unknown frame number", "frame.bubbel:>2", `query:1:1: unknown frame "bubbel" in frame.bubbel`},
		{"frame range", "frame:>2", `query:1:1: frame: takes an ID; for a number of hits per 1,000 characters write frame.ID:>2`},
		{"not a number", "frame.bubble:>lots", `query:1:15: frame.bubble: is numeric: "lots" is not a number`},
		{"bad date", `date:>="2024-13-01"`, `query:1:8: date: "2024-13-01" is not a date`},
		{"unknown target", "stance.eu_ai:favor", `query:1:1: unknown stance target "eu_ai" (targets: us_ai, china_ai)`},
		{"bad label", "stance.us_ai:pro", `query:1:14: stance.us_ai: wants favor, against or none`},
		{"range on words", "泡沫 >2", ``},
		{"range on keyword", "source:>2", `query:1:1: source: is a keyword field`},
		{"range without field", "text:>2", `query:1:7: a range (>) needs a numeric or date field`},
		{"bad regexp", "/a(/", `query:1:1: invalid regular expression`},
		{"exact wildcard", "exact:泡*", `query:1:7: exact: takes a word or a "phrase", not a wildcard`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileString(t, s, tt.query)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Compile(%q): %v", tt.query, err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Compile(%q) error\n got %v\nwant %s…", tt.query, err, tt.want)
			}
		})
	}
}

// FuzzCompile checks that whatever parses compiles or fails with a positioned *Error, for
// essays and for passages, without a panic.
func FuzzCompile(f *testing.F) {
	for _, q := range []string{"frame:bubble", `"泡沫" -marker.neg:泡沫`, "frame:c*", "stance.us_ai:<-0.3",
		`date:>="2024-02-01"`, "frame.labor:>=1", "category.any:/s.*/", "meta.x:y", "fram:x", "text:>2"} {
		f.Add(q)
	}
	s := schemaForTest(f)
	f.Fuzz(func(t *testing.T, q string) {
		n, err := Parse(q)
		if err != nil {
			return
		}
		for _, passages := range []bool{false, true} {
			p, err := s.CompileWith(q, n, CompileOptions{Passages: passages})
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(q) {
					t.Fatalf("Compile(%q): %v, want a positioned *Error", q, err)
				}
				continue
			}
			if p.Query == nil {
				t.Fatalf("Compile(%q): no query", q)
			}
		}
	})
}
