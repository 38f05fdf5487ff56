package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
)

// run runs the command and returns its standard output and error.
func run(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

const tiny = "testdata/tiny.jsonl"

// records parses CSV output and returns its records as maps keyed by the header.
func records(t *testing.T, data string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, data)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestGroupsBySource(t *testing.T) {
	out, _, err := run(t, "", "-annotations", tiny, "-by", "source")
	if err != nil {
		t.Fatal(err)
	}
	recs := records(t, out)
	if len(recs) != 2 {
		t.Fatalf("%d groups, want 2:\n%s", len(recs), out)
	}
	// 博客 (b) sorts before 微博 (a, c) by code point: 博 U+535A < 微 U+5FAE.
	b, w := recs[0], recs[1]
	want := map[string]string{"source": "博客", "documents": "1", "labor_hits": "1", "labor_per_1k": "2", "china_ai_favor": "1"}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("博客 %s = %q, want %q", k, b[k], v)
		}
	}
	// 微博: a and c, 1250 characters; bubble 2 hits → 1.6 per 1,000; shares 2/3 and 1/3.
	want = map[string]string{"source": "微博", "documents": "2", "chars": "1250", "bubble_hits": "2", "bubble_per_1k": "1.6",
		"bubble_share": "0.666666666667", "compute_share": "0.333333333333", "bubble_docs": "1", "bubble_doc_share": "0.5",
		"us_ai_against": "1", "us_ai_none": "0", "us_ai_score_mean": "-0.5"}
	for k, v := range want {
		if w[k] != v {
			t.Errorf("微博 %s = %q, want %q", k, w[k], v)
		}
	}
}

func TestFormats(t *testing.T) {
	dir := t.TempDir()
	t.Run("excel", func(t *testing.T) {
		out, _, err := run(t, "", "-annotations", tiny, "-table", "markers", "-excel")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "\ufeffterm,pattern,categories,count,documents,negated_share,quoted_share,question_share\r\n") {
			t.Errorf("no BOM and header with CRLF: %q", out[:min(len(out), 120)])
		}
	})
	t.Run("tsv from the file name", func(t *testing.T) {
		file := filepath.Join(dir, "docs.tsv")
		if _, _, err := run(t, "", "-annotations", tiny, "-table", "docs", "-o", file); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "id\ttitle\tauthor") {
			t.Errorf("not a TSV of 3 documents:\n%s", data)
		}
	})
	t.Run("json long from stdin", func(t *testing.T) {
		in, err := os.ReadFile(tiny)
		if err != nil {
			t.Fatal(err)
		}
		out, _, err := run(t, string(in), "-annotations", "-", "-by", "month", "-long", "-format", "json")
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]any
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r["month"] == "2024-02" && r["category"] == "labor" && r["measure"] == "per_1k" {
				found = true
				// b and c: 750 characters, 1 labor hit: 1000/750.
				if v, _ := r["value"].(float64); v < 1.3333 || v > 1.3334 {
					t.Errorf("2024-02 labor per_1k = %v", r["value"])
				}
			}
		}
		if !found {
			t.Errorf("no 2024-02 labor per_1k row in %d rows", len(rows))
		}
	})
}

func TestChart(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, by, want string
	}{
		{"shares by source", "source", "微博"},
		{"rates by month", "month", "2024-02"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, c.by+".svg")
			out, _, err := run(t, "", "-annotations", tiny, "-by", c.by, "-chart", file)
			if err != nil {
				t.Fatal(err)
			}
			if out != "" {
				t.Errorf("-chart alone wrote a table: %q", out)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.Unmarshal(data, new(struct{})); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			for _, want := range []string{c.want, "泡沫与资本", "就业冲击"} {
				if !bytes.Contains(data, []byte(">"+want+"<")) {
					t.Errorf("no text %q", want)
				}
			}
		})
	}
}

func TestPNGFont(t *testing.T) {
	dir := t.TempDir()
	notFont := filepath.Join(dir, "fake.ttf")
	os.WriteFile(notFont, []byte("no font here"), 0o644)
	_, _, err := run(t, "", "-annotations", tiny, "-chart", filepath.Join(dir, "x.png"), "-font", notFont)
	if err == nil || !strings.Contains(err.Error(), "fake.ttf") {
		t.Errorf("err = %v, want an error naming the font file", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.png")); err == nil {
		t.Error("a PNG was written without a font")
	}
}

func TestCodebookInterchange(t *testing.T) {
	dir := t.TempDir()
	dic := filepath.Join(dir, "huashu.dic")
	if _, _, err := run(t, "", "-export-codebook", "liwc", "-o", dic); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "-codebook-import", dic)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := codebook.Parse([]byte(out), "imported.yml")
	if err != nil {
		t.Fatalf("the imported codebook does not parse: %v", err)
	}
	def, _ := codebook.Default()
	if got, want := strings.Join(cb.FrameIDs(), ","), strings.Join(def.FrameIDs(), ","); got != want {
		t.Errorf("imported frames %s, want %s", got, want)
	}
	t.Run("quanteda", func(t *testing.T) {
		out, _, err := run(t, "", "-export-codebook", "quanteda")
		if err != nil {
			t.Skipf("no jieba here: %v", err)
		}
		if !strings.Contains(out, "bubble:") || !strings.Contains(out, `"中美 竞争"`) {
			t.Errorf("not a jieba-split quanteda dictionary:\n%.300s", out)
		}
		yml := filepath.Join(dir, "q.yml")
		os.WriteFile(yml, []byte(out), 0o644)
		back, _, err := run(t, "", "-codebook-import", yml)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(back, "中美竞争") {
			t.Error("the quanteda import did not rejoin 中美 竞争")
		}
	})
}

func TestUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown table", []string{"-annotations", tiny, "-table", "frames"}, "-table"},
		{"keyness without compare", []string{"-annotations", tiny, "-table", "keyness"}, "-compare"},
		{"compare with one query", []string{"-annotations", tiny, "-compare", "frame:bubble"}, "two queries"},
		{"compare over annotations", []string{"-annotations", tiny, "-compare", "frame:bubble", "source:weibo"}, "give one or the other"},
		{"query over annotations", []string{"-annotations", tiny, "-query", "frame:bubble"}, "give one or the other"},
		{"codebook with an index", []string{"-codebook", "x.yml"}, "an index carries"},
		{"compare with another table", []string{"-compare", "frame:bubble", "source:weibo", "-table", "docs"}, "not -table docs"},
		{"compare with a chart", []string{"-compare", "frame:bubble", "source:weibo", "-chart", "x.svg"}, "does not go with -compare"},
		{"collocates without term", []string{"-annotations", tiny, "-table", "collocates"}, "-term"},
		{"bad chart file", []string{"-annotations", tiny, "-chart", "x.pdf"}, ".svg or .png"},
		{"stray argument", []string{"-annotations", tiny, "extra"}, "unexpected argument"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := run(t, "", c.args...)
			if !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not say %q", stderr, c.want)
			}
		})
	}
	t.Run("compare then flags", func(t *testing.T) {
		c, err := parseFlags([]string{"-compare", "frame:bubble", "source:微博 AND year:2024", "-min", "3", "-long"}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		if c.table != "keyness" || len(c.compare) != 2 || c.compare[1] != "source:微博 AND year:2024" || c.min != 3 || !c.long {
			t.Errorf("parsed %+v", c)
		}
	})
	t.Run("bad annotation line", func(t *testing.T) {
		_, _, err := run(t, "{\"id\":\"x\"}\nnot json\n", "-annotations", "-")
		if err == nil || !strings.Contains(err.Error(), "standard input:2:") {
			t.Errorf("err = %v, want standard input:2", err)
		}
	})
	t.Run("unknown group key", func(t *testing.T) {
		_, _, err := run(t, "", "-annotations", tiny, "-by", "province")
		if err == nil || !strings.Contains(err.Error(), "province") {
			t.Errorf("err = %v", err)
		}
	})
}
