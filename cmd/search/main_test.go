package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/search/searchtest"
)

// indexDir is an index of corpora/essays built once by TestMain; buildErr says why not.
var (
	indexDir string
	root     string
	buildErr error
)

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "huashu-cmd-search-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		indexDir = filepath.Join(dir, "huashu.bleve")
		root, buildErr = searchtest.ModuleRoot()
		if buildErr == nil {
			_, buildErr = searchtest.Build(context.Background(), indexDir, []string{filepath.Join(root, "corpora", "essays")}, false, 0)
		}
		return m.Run()
	}()
	os.Exit(code)
}

func needIndex(t *testing.T) {
	t.Helper()
	if buildErr != nil {
		if errors.Is(buildErr, os.ErrNotExist) {
			t.Skip(buildErr)
		}
		t.Fatal(buildErr)
	}
}

// run runs the command and returns its stdout, stderr and exit status.
func run(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestJSON(t *testing.T) {
	needIndex(t)
	out, errs, code := run("-index", indexDir, "-json", "-n", "2", "-kwic", "6", "-facet", "frame,stance.us_ai,source,month,year", `"泡沫" frame:bubble`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Total int `json:"total"`
		Hits  []struct {
			ID     string             `json:"id"`
			Title  string             `json:"title"`
			Author string             `json:"author"`
			Source string             `json:"source"`
			Date   string             `json:"date"`
			Score  float64            `json:"score"`
			Frames map[string]float64 `json:"frames"`
			Stance map[string]string  `json:"stance"`
			KWIC   []struct {
				Doc                  string
				Left, Keyword, Right string
				Start, End           int
			} `json:"kwic"`
		} `json:"hits"`
		Facets map[string]map[string]int `json:"facets"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var keys map[string]json.RawMessage
	json.Unmarshal([]byte(out), &keys)
	if len(keys) != 3 || keys["total"] == nil || keys["hits"] == nil || keys["facets"] == nil {
		t.Errorf("top-level keys %v, want total, hits, facets", keys)
	}
	if got.Total == 0 || len(got.Hits) != 2 {
		t.Fatalf("total %d, %d hits", got.Total, len(got.Hits))
	}
	for _, h := range got.Hits {
		if h.ID == "" || h.Title == "" || h.Date == "" || h.Frames["bubble"] == 0 || h.Stance["us_ai"] == "" || len(h.KWIC) == 0 {
			t.Errorf("hit %+v lacks a field", h)
		}
		// The phrase and the bubble markers are shown; 泡沫 is among them.
		phrase := false
		for _, l := range h.KWIC {
			phrase = phrase || l.Keyword == "泡沫"
		}
		if !phrase {
			t.Errorf("%s: no KWIC line shows 泡沫: %+v", h.ID, h.KWIC)
		}
	}
	for _, f := range []string{"frame", "stance.us_ai", "source", "month", "year"} {
		if len(got.Facets[f]) == 0 {
			t.Errorf("facet %s empty: %v", f, got.Facets)
		}
	}
	if got.Facets["frame"]["bubble"] != got.Total {
		t.Errorf("facet frame bubble %d, want every hit (%d)", got.Facets["frame"]["bubble"], got.Total)
	}
}

func TestTableAndCSV(t *testing.T) {
	needIndex(t)
	out, errs, code := run("-index", indexDir, "-n", "3", "-color", "never", "-kwic-sort", "left", "-facet", "source", `"遥遥领先"`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"essays match \"遥遥领先\"", "concordance,", "sorted by left context", "[遥遥领先]", "facet source"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("-color never printed an escape")
	}
	out, errs, code = run("-index", indexDir, "-csv", "-n", "5", "frame:compute")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[0][0] != "id" || rows[0][len(rows[0])-1] != "kwic" {
		t.Errorf("CSV: %d rows, head %v", len(rows), rows[0])
	}
}

func TestSaved(t *testing.T) {
	needIndex(t)
	queries := filepath.Join(root, "queries")
	out, errs, code := run("-index", indexDir, "-saved", queries, "-by", "year")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "query") || !strings.Contains(lines[0], "2024") {
		t.Errorf("matrix head %q", lines[0])
	}
	files, _ := filepath.Glob(filepath.Join(queries, "*.yml"))
	if len(lines) != len(files)+1 {
		t.Errorf("%d matrix lines, want %d queries and a head:\n%s", len(lines), len(files), out)
	}
	out, errs, code = run("-index", indexDir, "-saved", filepath.Join(queries, "dismissal.yml"), "-json")
	if code != 0 || !strings.Contains(out, `"facets"`) || !strings.Contains(out, `"stance.us_ai"`) {
		t.Errorf("one saved query: exit %d, %s\n%s", code, errs, out)
	}
}

func TestErrors(t *testing.T) {
	needIndex(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unbalanced", []string{"-index", indexDir, "frame:bubble (泡沫 OR 炒作"}, 2, "search: query:1:14: unbalanced parenthesis: '(' without ')'\n"},
		{"unknown field", []string{"-index", indexDir, "fram:bubble"}, 2, "search: query:1:1: unknown field \"fram\" (did you mean \"frame\"?)\n"},
		{"no index", []string{"-index", filepath.Join(t.TempDir(), "huashu.bleve"), "x"}, 1, "run `go run ./cmd/index` first\n"},
		{"bad flag", []string{"-bogus"}, 2, "flag provided but not defined: -bogus"},
		{"bad sort", []string{"-index", indexDir, "-sort", "title", "x"}, 2, "search: sort \"title\": want score, date, -date or a number of the essay"},
		{"unknown frame to sort by", []string{"-index", indexDir, "-sort", "-frame.colour", "x"}, 2, "search: sort \"-frame.colour\": want"},
		{"json and csv", []string{"-json", "-csv", "x"}, 2, "-json and -csv: choose one"},
		{"by without saved", []string{"-by", "source", "x"}, 2, "-by groups the counts of -saved queries"},
		{"unknown facet", []string{"-index", indexDir, "-facet", "colour", "x"}, 2, "search: facet \"colour\": want month, year"},
		{"unknown group", []string{"-index", indexDir, "-saved", filepath.Join(root, "queries"), "-by", "stance.eu_ai"}, 2, "unknown stance target \"eu_ai\""},
		{"help", []string{"-h"}, 2, "usage: search [flags] QUERY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := run(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr with %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

func TestMatchAll(t *testing.T) {
	needIndex(t)
	all, _, _ := run("-index", indexDir, "-json", "-n", "0", "*")
	empty, _, _ := run("-index", indexDir, "-json", "-n", "0")
	var a, e struct{ Total int }
	json.Unmarshal([]byte(all), &a)
	json.Unmarshal([]byte(empty), &e)
	files, _ := filepath.Glob(filepath.Join(root, "corpora", "essays", "*.md"))
	if a.Total != len(files) || e.Total != len(files) {
		t.Errorf("* finds %d, the empty query %d, want every essay (%d)", a.Total, e.Total, len(files))
	}
}

func TestFlagsAfterQuery(t *testing.T) {
	needIndex(t)
	before, errs, code := run("-index", indexDir, "-n", "2", "-json", "frame:bubble")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	after, errs, code := run("frame:bubble", "-index", indexDir, "-n", "2", "-json")
	if code != 0 {
		t.Fatalf("flags after the query: exit %d: %s", code, errs)
	}
	if before != after {
		t.Errorf("flags after the query give another result:\n%s\nwant:\n%s", after, before)
	}
	if strings.Count(after, `"id"`) > 2 {
		t.Errorf("-n 2 after the query was ignored:\n%s", after)
	}
	// A word that names no flag stays in the query (-泡沫 is NOT 泡沫), and so does all
	// after "--".
	notBubble, errs, code := run("-index", indexDir, "-json", "-n", "0", "frame:bubble", "-泡沫")
	if code != 0 || notBubble == before {
		t.Errorf("-泡沫 as a query term: exit %d, %s", code, errs)
	}
	dash, errs, code := run("-index", indexDir, "-json", "-n", "0", "--", "frame:bubble", "-泡沫")
	if code != 0 || dash != notBubble {
		t.Errorf("query after --: exit %d, %s\n%s\nwant:\n%s", code, errs, dash, notBubble)
	}
}
