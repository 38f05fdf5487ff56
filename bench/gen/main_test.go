package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// corpusDir is the sample corpus, relative to this package.
const corpusDir = "../../corpora"

// run calls Run with the sample corpus and returns its standard output.
func run(t testing.TB, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"-corpus", corpusDir}, args...)
	if err := Run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("Run %q: %v\nstderr:\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

var dateRE = regexp.MustCompile(`^20(23|24|25)-\d\d-\d\d$`)

// checkDoc checks one generated document's metadata and text.
func checkDoc(t *testing.T, where string, d doc) {
	t.Helper()
	if d.ID == "" || d.Title == "" || d.Author == "" || d.Source == "" {
		t.Errorf("%s: missing metadata: %+v", where, d)
	}
	if !dateRE.MatchString(d.Date) || d.Date < "2023-03-01" || d.Date > "2025-12-31" {
		t.Errorf("%s: date %q outside 2023-03-01 … 2025-12-31", where, d.Date)
	}
	if !utf8.ValidString(d.Text) {
		t.Errorf("%s: text is not valid UTF-8", where)
	}
	if n := utf8.RuneCountInString(d.Text); n < minChars || n > maxChars {
		t.Errorf("%s: text has %d characters, want %d … %d", where, n, minChars, maxChars)
	}
}

// readMarkdown parses a generated .md file back into a doc.
func readMarkdown(t *testing.T, path string) doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(data) {
		t.Fatalf("%s: not valid UTF-8", path)
	}
	front, body, ok := splitFrontMatter(string(data))
	if !ok {
		t.Fatalf("%s: no front matter", path)
	}
	var d doc
	if err := yaml.Unmarshal([]byte(front), &d); err != nil {
		t.Fatalf("%s: front matter: %v", path, err)
	}
	d.ID = strings.TrimSuffix(filepath.Base(path), ".md")
	d.Text = strings.TrimSuffix(strings.TrimPrefix(body, "\n"), "\n")
	return d
}

// readJSONL parses a generated .jsonl file.
func readJSONL(t *testing.T, path string) []doc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if !utf8.Valid(sc.Bytes()) {
			t.Fatalf("%s:%d: not valid UTF-8", path, line)
		}
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// tree lists the files under dir (slash paths relative to dir) with their sizes.
func tree(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	files := map[string]int64{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// digest hashes every file under dir with its path.
func digest(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	for name := range tree(t, dir) {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestRunMarkdown(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	summary := run(t, "-docs", "1001", "-out", out)
	files := tree(t, out)
	if len(files) != 1001 {
		t.Fatalf("%d files, want 1001", len(files))
	}
	perDir := map[string]int{}
	ids := map[string]bool{}
	var total int64
	for name, size := range files {
		if !strings.HasPrefix(name, "md/") || !strings.HasSuffix(name, ".md") {
			t.Errorf("unexpected file %s", name)
			continue
		}
		perDir[filepath.Dir(name)]++
		total += size
		d := readMarkdown(t, filepath.Join(out, name))
		checkDoc(t, name, d)
		if ids[d.ID] {
			t.Errorf("%s: id %s twice", name, d.ID)
		}
		ids[d.ID] = true
	}
	want := map[string]int{"md/0000": 1000, "md/0001": 1}
	if fmt.Sprint(perDir) != fmt.Sprint(want) {
		t.Errorf("files per folder %v, want %v", perDir, want)
	}
	wantSummary := fmt.Sprintf("gen: 1001 docs, 1001 files, %.2f MB (md, seed 1) in %s\n", float64(total)/bytesPerMB, out)
	if summary != wantSummary {
		t.Errorf("summary %q, want %q", summary, wantSummary)
	}
}

func TestRunJSONL(t *testing.T) {
	out := t.TempDir()
	run(t, "-docs", "120", "-out", out, "-format", "jsonl", "-file-records", "50")
	files := tree(t, out)
	want := []int{50, 50, 20}
	if len(files) != len(want) {
		t.Fatalf("files %v, want %d", files, len(want))
	}
	var lengths []int
	for i, n := range want {
		name := fmt.Sprintf("jsonl/part-%04d.jsonl", i)
		docs := readJSONL(t, filepath.Join(out, name))
		if len(docs) != n {
			t.Errorf("%s: %d records, want %d", name, len(docs), n)
		}
		for k, d := range docs {
			checkDoc(t, fmt.Sprintf("%s:%d", name, k+1), d)
			lengths = append(lengths, utf8.RuneCountInString(d.Text))
		}
	}
	// The lengths must spread over the range, not sit at one value.
	sort.Ints(lengths)
	if lo, hi := lengths[len(lengths)/10], lengths[len(lengths)*9/10]; hi < 3*lo {
		t.Errorf("lengths barely vary: 10th percentile %d, 90th %d characters", lo, hi)
	}
}

func TestRunMixed(t *testing.T) {
	out := t.TempDir()
	summary := run(t, "-docs", "200", "-out", out, "-format", "mixed", "-seed", "7")
	mdFiles, records := 0, 0
	for name := range tree(t, out) {
		switch {
		case strings.HasPrefix(name, "md/"):
			checkDoc(t, name, readMarkdown(t, filepath.Join(out, name)))
			mdFiles++
		case strings.HasPrefix(name, "jsonl/"):
			docs := readJSONL(t, filepath.Join(out, name))
			for k, d := range docs {
				checkDoc(t, fmt.Sprintf("%s:%d", name, k+1), d)
			}
			records += len(docs)
		default:
			t.Errorf("unexpected file %s", name)
		}
	}
	if mdFiles+records != 200 || mdFiles < 50 || records < 50 {
		t.Errorf("%d Markdown files and %d JSONL records, want 200 in all, both well represented", mdFiles, records)
	}
	if want := fmt.Sprintf("gen: 200 docs, %d files,", mdFiles+1); !strings.HasPrefix(summary, want) {
		t.Errorf("summary %q, want it to start %q", summary, want)
	}
}

func TestRunDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{FormatMarkdown, FormatJSONL, FormatMixed} {
		t.Run(format, func(t *testing.T) {
			a, b, c := filepath.Join(dir, format+"-a"), filepath.Join(dir, format+"-b"), filepath.Join(dir, format+"-c")
			run(t, "-docs", "60", "-out", a, "-format", format, "-seed", "42")
			run(t, "-docs", "60", "-out", b, "-format", format, "-seed", "42")
			run(t, "-docs", "60", "-out", c, "-format", format, "-seed", "43")
			if digest(t, a) != digest(t, b) {
				t.Error("two runs with seed 42 differ")
			}
			if digest(t, a) == digest(t, c) {
				t.Error("seeds 42 and 43 give the same corpus")
			}
		})
	}
}

func TestRunMegabytes(t *testing.T) {
	out := t.TempDir()
	run(t, "-docs", "1", "-mb", "0.5", "-out", out, "-format", "jsonl")
	var total int64
	for _, size := range tree(t, out) {
		total += size
	}
	if total < bytesPerMB/2 {
		t.Errorf("wrote %d bytes, want at least %d", total, bytesPerMB/2)
	}
	docs := readJSONL(t, filepath.Join(out, "jsonl", "part-0000.jsonl"))
	if len(docs) < 2 {
		t.Errorf("%d docs: -mb did not extend the run past -docs 1", len(docs))
	}
	// It stops as soon as the size is reached: one document less would fall short.
	last, _ := json.Marshal(docs[len(docs)-1])
	if total-int64(len(last))-1 >= bytesPerMB/2 {
		t.Errorf("wrote %d bytes: more documents than needed for 0.5 MB", total)
	}
}

func TestRunErrors(t *testing.T) {
	nonEmpty := t.TempDir()
	if err := os.WriteFile(filepath.Join(nonEmpty, "old.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	badCorpus := t.TempDir()
	if err := os.MkdirAll(filepath.Join(badCorpus, "essays"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(badCorpus, "essays", "a.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // a part of the error message
	}{
		{"no out", []string{"-docs", "5"}, "-out is required"},
		{"bad format", []string{"-out", t.TempDir(), "-format", "xml"}, `-format "xml"`},
		{"negative docs", []string{"-out", t.TempDir(), "-docs", "-3"}, "must not be negative"},
		{"nothing to write", []string{"-out", t.TempDir(), "-docs", "0"}, "nothing to write"},
		{"stray argument", []string{"-out", t.TempDir(), "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"-out", t.TempDir(), "-fast"}, "flag provided but not defined"},
		{"output not empty", []string{"-out", nonEmpty, "-docs", "2"}, "is not empty"},
		{"corpus missing", []string{"-out", t.TempDir(), "-corpus", filepath.Join(badCorpus, "nope")}, "no essay paragraphs"},
		{"essay without front matter", []string{"-out", t.TempDir(), "-corpus", badCorpus}, "a.md:1:1: no front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"-corpus", corpusDir}, tt.args...)
			err := Run(context.Background(), args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run %q: error %v, want one containing %q", tt.args, err, tt.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("printed a summary on error: %q", stdout.String())
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := Run(context.Background(), []string{"-h"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("Run -h: %v, want flag.ErrHelp", err)
	}
	if !strings.Contains(stderr.String(), "usage: gen -docs N -out DIR") {
		t.Errorf("usage not printed: %q", stderr.String())
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := Run(ctx, []string{"-corpus", corpusDir, "-docs", "10", "-out", t.TempDir()}, &stdout, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestCutAtSentence(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"whole fits", "甲乙。丙丁！", 6, "甲乙。丙丁！"},
		{"cut after first sentence", "甲乙。丙丁！", 5, "甲乙。"},
		{"closing quote kept", "他说：“好。”然后走了。", 8, "他说：“好。”"},
		{"no sentence end", "甲乙丙丁", 3, ""},
		{"limit zero", "甲。", 0, ""},
		{"latin marks", "Is it? Yes!", 8, "Is it?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cutAtSentence(tt.in, tt.limit); got != tt.want {
				t.Errorf("cutAtSentence(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	s, err := loadSample(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	g := newGenerator(s, 1)
	var bytes int64
	b.ResetTimer()
	for i := range b.N {
		bytes += int64(len(g.next(i).Text))
	}
	b.SetBytes(bytes / int64(b.N))
}
