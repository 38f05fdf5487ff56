package main

// Checks of the sample corpus itself (corpora/): sizes, metadata and coverage of the codebook.
// The generator recombines these texts, and the other packages test against them, so a sample
// that drifts out of shape should fail here, by name.

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
)

// essay is one sample essay as read for the checks.
type essay struct {
	path string
	meta essayMeta
	body string
}

func readEssays(t *testing.T) []essay {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "essays", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var out []essay
	for _, p := range paths {
		meta, body, err := readEssay(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, essay{path: p, meta: meta, body: body})
	}
	return out
}

// countChars returns the Han characters and all characters but white space of s.
func countChars(s string) (han, nonSpace int) {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
		if !unicode.IsSpace(r) {
			nonSpace++
		}
	}
	return han, nonSpace
}

// inPeriod reports whether date (YYYY-MM-DD) is a real day from 2023-03-01 to 2025-12-31.
func inPeriod(date string) bool {
	d, err := time.Parse(time.DateOnly, date)
	return err == nil && !d.Before(firstDay) && !d.After(lastDay)
}

func TestSampleEssays(t *testing.T) {
	essays := readEssays(t)
	if len(essays) < 42 {
		t.Errorf("%d essays, want at least 42", len(essays))
	}
	bySource := map[string]int{}
	byYear := map[string]int{}
	short, long := 0, 0
	slug := regexp.MustCompile(`^(\d{4}-\d{2})-[a-z0-9-]+\.md$`)
	for _, e := range essays {
		name := filepath.Base(e.path)
		t.Run(name, func(t *testing.T) {
			han, all := countChars(e.body)
			if han < 400 || all > 2500 {
				t.Errorf("body has %d Han characters and %d characters in all, want at least 400 Han and at most 2,500 in all", han, all)
			}
			if !inPeriod(e.meta.Date) {
				t.Errorf("date %q outside 2023-03-01 … 2025-12-31", e.meta.Date)
			}
			if m := slug.FindStringSubmatch(name); m == nil || m[1] != e.meta.Date[:7] {
				t.Errorf("file name does not start with the month of its date %s", e.meta.Date)
			}
			if len(e.meta.Tags) == 0 {
				t.Error("no tags")
			}
			if !utf8.ValidString(e.body) {
				t.Error("body is not valid UTF-8")
			}
		})
		bySource[e.meta.Source]++
		byYear[e.meta.Date[:4]]++
		_, all := countChars(e.body)
		switch {
		case all < 700:
			short++
		case all > 2000:
			long++
		}
	}
	if len(bySource) < 8 {
		t.Errorf("%d sources %v, want at least 8", len(bySource), bySource)
	}
	for src, n := range bySource {
		if n < 3 {
			t.Errorf("source %s has %d essays, want at least 3 for facets to mean something", src, n)
		}
	}
	for _, y := range []string{"2023", "2024", "2025"} {
		if byYear[y] < 10 {
			t.Errorf("%s has %d essays, want at least 10", y, byYear[y])
		}
	}
	if short < 3 || long < 3 {
		t.Errorf("%d essays under 700 and %d over 2,000 characters, want at least 3 of each", short, long)
	}
}

func TestSampleWeibo(t *testing.T) {
	posts, err := readWeibo(filepath.Join(corpusDir, "weibo.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) < 160 {
		t.Errorf("%d posts, want at least 160", len(posts))
	}
	idRE := regexp.MustCompile(`^wb\d{4}$`)
	ids := map[string]bool{}
	topics := 0
	for _, p := range posts {
		if !idRE.MatchString(p.ID) || ids[p.ID] {
			t.Errorf("post id %q: malformed or repeated", p.ID)
		}
		ids[p.ID] = true
		if n := utf8.RuneCountInString(p.Text); n < 20 || n > 140 {
			t.Errorf("%s: %d characters, want 20 … 140", p.ID, n)
		}
		if p.Source != "weibo" || p.Author == "" || p.Likes < 0 || !inPeriod(p.Date) {
			t.Errorf("%s: bad metadata %+v", p.ID, p)
		}
		if regexp.MustCompile(`#[^#\s]+#`).MatchString(p.Text) {
			topics++
		}
	}
	if topics < 10 {
		t.Errorf("%d posts with a #话题# tag, want at least 10", topics)
	}
}

func TestSampleForum(t *testing.T) {
	rows, err := readForum(filepath.Join(corpusDir, "forum.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 40 {
		t.Errorf("%d rows, want at least 40", len(rows))
	}
	ids := map[string]bool{}
	var comma, quote, newline int
	for _, r := range rows {
		if ids[r[0]] {
			t.Errorf("id %s twice", r[0])
		}
		ids[r[0]] = true
		if !inPeriod(r[2]) || r[1] == "" || r[3] == "" || r[4] == "" || r[5] == "" {
			t.Errorf("%s: bad row %q", r[0], r)
		}
		if strings.Contains(r[5], ",") {
			comma++
		}
		if strings.Contains(r[5], `"`) {
			quote++
		}
		if strings.Contains(r[5], "\n") {
			newline++
		}
	}
	if comma == 0 || quote == 0 || newline == 0 {
		t.Errorf("texts with a comma: %d, a quote: %d, a line break: %d; want each at least once (CSV quoting)", comma, quote, newline)
	}
}

// corpusText returns every sample text (titles included) joined by line breaks.
func corpusText(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, e := range readEssays(t) {
		b.WriteString(e.meta.Title + "\n" + e.body + "\n")
	}
	posts, err := readWeibo(filepath.Join(corpusDir, "weibo.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		b.WriteString(p.Text + "\n")
	}
	rows, err := readForum(filepath.Join(corpusDir, "forum.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		b.WriteString(r[4] + "\n" + r[5] + "\n")
	}
	return b.String()
}

// TestSampleCoversCodebookExamples checks that every example term and alias of the
// CODEBOOK.md tables occurs in the sample corpus. The contract lives outside the repository;
// the test skips when it is not there.
func TestSampleCoversCodebookExamples(t *testing.T) {
	data, err := os.ReadFile("../../../shared/CODEBOOK.md")
	if err != nil {
		t.Skipf("CODEBOOK.md not found: %v", err)
	}
	text := strings.ToLower(corpusText(t))
	rows := 0
	for _, line := range strings.Split(string(data), "\n") {
		cols := strings.Split(strings.Trim(line, "| "), "|")
		if !strings.HasPrefix(line, "| ") || len(cols) < 3 {
			continue
		}
		id := strings.TrimSpace(cols[0])
		if !regexp.MustCompile(`^[a-z_]+$`).MatchString(id) || id == "id" || id == "field" {
			continue
		}
		rows++
		last := strings.TrimSpace(cols[len(cols)-1])
		sep := ", "
		if strings.Contains(last, " · ") { // the modifier table: examples of whole phrases
			sep = " · "
		}
		for _, term := range strings.Split(last, sep) {
			if term = strings.TrimSpace(term); term != "" && !strings.Contains(text, strings.ToLower(term)) {
				t.Errorf("%s: %q does not occur in the sample corpus", id, term)
			}
		}
	}
	if rows < 20 { // 10 frames, 7 rhetoric categories, 2 targets, 3 modifiers
		t.Fatalf("read %d table rows of CODEBOOK.md, want at least 20: has its layout changed?", rows)
	}
}

// TestSampleCoversDefaultCodebook checks that every category and target of the shipped
// codebook is exercised by several distinct terms, so annotate has something to find.
func TestSampleCoversDefaultCodebook(t *testing.T) {
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ToLower(corpusText(t))
	present := func(terms []string) []string {
		var found []string
		for _, term := range terms {
			if s := strings.ToLower(strings.Trim(term, "*")); s != "" && strings.Contains(text, s) {
				found = append(found, term)
			}
		}
		return found
	}
	for _, c := range cb.Categories() {
		t.Run(c.ID, func(t *testing.T) {
			if found := present(c.Terms); len(found) < 5 {
				t.Errorf("%d of %d terms occur (%q), want at least 5", len(found), len(c.Terms), found)
			}
		})
	}
	for _, id := range cb.TargetIDs() {
		tg := cb.Target(id)
		t.Run(id, func(t *testing.T) {
			if found := present(tg.Aliases); len(found) < 6 {
				t.Errorf("%d of %d aliases occur (%q), want at least 6", len(found), len(tg.Aliases), found)
			}
		})
	}
}

// TestSampleFeatures checks the phenomena the sample corpus is meant to exercise, each by a
// pattern that must match somewhere.
func TestSampleFeatures(t *testing.T) {
	text := corpusText(t)
	tests := []struct {
		name    string
		pattern string // a regular expression over the corpus
	}{
		{"negated bubble 并非泡沫", `并非泡沫`},
		{"negated bubble 谈不上泡沫", `谈不上泡沫`},
		{"negated hype 我从不觉得这是炒作", `我从不觉得这是炒作`},
		{"trap 不仅是炒作 or 不是口号", `不是口号|不仅是炒作`},
		{"sincere 遥遥领先", `[^“"]遥遥领先[！!]`},
		{"ironic “遥遥领先”", `“遥遥领先”`},
		{"quoted “零元购”", `“零元购”`},
		{"quoted “赢麻了”", `“赢麻了”`},
		{"rhetorical 难道……吗？", `难道[^。！？]*吗？`},
		{"rhetorical 果真如此吗", `果真如此吗`},
		{"concession 虽然……但是", `虽然[^。]*但是`},
		{"comparison 比……强", `比[^，。]{1,12}强`},
		{"comparison 不如", `不如`},
		{"full-width ＡＩ", `ＡＩ`},
		{"full-width ＧＰＴ－４", `ＧＰＴ－４`},
		{"traditional characters in a quoted line", `“[^”]*(講|機|書|無|會)[^”]*”`},
		{"Markdown heading", `(?m)^## `},
		{"Markdown bold", `\*\*[^*]+\*\*`},
		{"Markdown link", `\[[^\]]+\]\(https?://[^)]+\)`},
		{"exclusion 泡沫箱 (foam)", `泡沫箱`},
		{"exclusion 法国大革命 (history)", `法国大革命`},
		{"misspelt alias 升腾", `升腾`},
		{"lower-case Latin alias", `(^|[^A-Za-z])(sora|kimi|gpt4)([^A-Za-z]|$)`},
		{"motive 华尔街需要", `华尔街需要`},
		{"motive 维持股市", `维持股市`},
		{"job loss 饭碗", `饭碗`},
		{"sanctions 实体清单", `实体清单`},
		{"defeatism 错失了一个时代", `错失了一个时代`},
		{"dismissal 也就那么回事", `也就那么回事`},
		{"data 中文语料", `中文语料`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !regexp.MustCompile(tt.pattern).MatchString(text) {
				t.Errorf("no match for %s in the sample corpus", tt.pattern)
			}
		})
	}
}
