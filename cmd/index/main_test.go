package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/huashu/huashu/pipeline/index"
)

// runIndex runs the command in-process and returns its error and standard error.
func runIndex(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := Run(context.Background(), args, &stdout, &stderr)
	return stderr.String(), err
}

// dump describes an index for comparisons: every document's ID and stored fields, in ID
// order, and the hits of a few queries.
func dump(t *testing.T, dir string) string {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	n, _ := ix.DocCount()
	fmt.Fprintf(&b, "documents %d\n", n)
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n)+10, 0, false)
	req.Fields = []string{"*"}
	req.SortBy([]string{"_id"})
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		keys := make([]string, 0, len(h.Fields))
		for k := range h.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "%s", h.ID)
		for _, k := range keys {
			v := fmt.Sprint(h.Fields[k])
			if k == index.FieldText {
				v = fmt.Sprintf("%d bytes", len(v))
			}
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
		b.WriteByte('\n')
	}
	for _, q := range []string{`exact:"泡沫"`, `exact:"遥遥领先"`, `marker:泡沫`, `marker_neg:泡沫`, `frame.bubble:>1`, `text:芯片`, `date:>="2024-01-01"`} {
		r, err := ix.Search(bleve.NewSearchRequest(bleve.NewQueryStringQuery(q)))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s → %d\n", q, r.Total)
	}
	return b.String()
}

func TestRunSampleCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "huashu.bleve")
	stderr, err := runIndex(t, "-index", dir, "../../corpora")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "index: ") || !strings.Contains(stderr, "skipped 0") {
		t.Errorf("no summary: %q", stderr)
	}
	first := dump(t, dir)
	if !strings.Contains(first, "documents ") || strings.HasPrefix(first, "documents 0\n") {
		t.Fatalf("empty index:\n%.300s", first)
	}
	stderr, err = runIndex(t, "-index", dir, "../../corpora")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "index: 0 documents") || !strings.Contains(stderr, " unchanged") {
		t.Errorf("second run did not find everything unchanged: %q", stderr)
	}
	if again := dump(t, dir); again != first {
		t.Errorf("the second run changed the index")
	}
}

func TestSkippedInput(t *testing.T) {
	corpus := t.TempDir()
	os.WriteFile(filepath.Join(corpus, "good.txt"), []byte("所谓遥遥领先，不过是炒作。"), 0o644)
	os.WriteFile(filepath.Join(corpus, "posts.jsonl"), []byte(`{"id":"p1","text":"泡沫终会破裂"}`+"\n"+`{"id":"p2","text":`+"\n"), 0o644)
	os.WriteFile(filepath.Join(corpus, "image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00"), 0o644)
	dir := filepath.Join(t.TempDir(), "huashu.bleve")
	stderr, err := runIndex(t, "-index", dir, corpus)
	if !errors.Is(err, errSkipped) || exitCode(err) != 1 {
		t.Fatalf("got %v (exit %d), want errSkipped (exit 1)\n%s", err, exitCode(err), stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, SkippedFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || lines[0] != "path\tline\treason" {
		t.Fatalf("skipped.tsv:\n%s", data)
	}
	for _, want := range []string{"posts.jsonl\t2\t", "image.txt\t"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("skipped.tsv does not list %q:\n%s", want, data)
		}
		if !strings.Contains(stderr, strings.SplitN(want, "\t", 2)[0]) {
			t.Errorf("stderr does not report %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "skipped 2") {
		t.Errorf("summary does not count 2 skipped:\n%s", stderr)
	}
	if got := dump(t, dir); !strings.HasPrefix(got, "documents 2\n") {
		t.Errorf("want the 2 good documents indexed:\n%s", got)
	}
}

// TestMaxDocSize: a document longer than -max-doc-mb is reported and left out, a JSONL
// record as well as a file; the documents around it are indexed.
func TestMaxDocSize(t *testing.T) {
	corpus := t.TempDir()
	long := strings.Repeat("所谓遥遥领先，不过是炒作。", 100) // 3,900 bytes
	os.WriteFile(filepath.Join(corpus, "good.txt"), []byte("所谓遥遥领先，不过是炒作。"), 0o644)
	os.WriteFile(filepath.Join(corpus, "long.txt"), []byte(long), 0o644)
	os.WriteFile(filepath.Join(corpus, "posts.jsonl"), []byte(`{"id":"p1","text":"泡沫终会破裂"}`+"\n"+`{"id":"p2","text":"`+long+`"}`+"\n"), 0o644)
	dir := filepath.Join(t.TempDir(), "huashu.bleve")
	stderr, err := runIndex(t, "-index", dir, "-max-doc-mb", "0.003", corpus) // 3,145 bytes
	if !errors.Is(err, errSkipped) {
		t.Fatalf("got %v, want errSkipped\n%s", err, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, SkippedFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"long.txt\t0\t0.0 MB of text, over -max-doc-mb 0.003", "posts.jsonl\t2\t0.0 MB of text, over -max-doc-mb 0.003"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("skipped.tsv does not list %q:\n%s", want, data)
		}
	}
	if !strings.Contains(stderr, "skipped 2 (2 too-large") {
		t.Errorf("summary does not count 2 too large:\n%s", stderr)
	}
	if got := dump(t, dir); !strings.HasPrefix(got, "documents 2\n") {
		t.Errorf("want the 2 short documents indexed:\n%s", got)
	}
	// With the default limit the same corpus is indexed whole.
	dir2 := filepath.Join(t.TempDir(), "huashu.bleve")
	if stderr, err := runIndex(t, "-index", dir2, corpus); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if got := dump(t, dir2); !strings.HasPrefix(got, "documents 4\n") {
		t.Errorf("default limit: want 4 documents:\n%s", got)
	}
}

func TestCodebookChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "huashu.bleve")
	if _, err := runIndex(t, "-q", "-index", dir, "../../corpora/weibo.jsonl"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../pipeline/codebook/default.yml")
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "edited.yml")
	os.WriteFile(edited, append(data, "\n# edited\n"...), 0o644)
	_, err = runIndex(t, "-q", "-codebook", edited, "-index", dir, "../../corpora/weibo.jsonl")
	if err == nil || !strings.Contains(err.Error(), "-rebuild") {
		t.Fatalf("got %v, want a refusal that names -rebuild", err)
	}
	if _, err := runIndex(t, "-q", "-rebuild", "-codebook", edited, "-index", dir, "../../corpora/weibo.jsonl"); err != nil {
		t.Fatal(err)
	}
}

// crashCorpus writes copies of the sample essays into n folders: enough text that indexing
// it takes a few seconds, in small batches.
func crashCorpus(t *testing.T, n int) string {
	t.Helper()
	files, err := filepath.Glob("../../corpora/essays/*.md")
	if err != nil || len(files) == 0 {
		t.Skip("no sample essays")
	}
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("copy%02d", i))
		os.MkdirAll(sub, 0o755)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Each copy differs a little, so that no two essays are the same text.
			data = append(data, fmt.Sprintf("\n\n第%d份。\n", i)...)
			os.WriteFile(filepath.Join(sub, filepath.Base(f)), data, 0o644)
		}
	}
	return dir
}

// TestCrashSafe kills a real index process with SIGKILL at several moments, runs the same
// command again, and compares the index with one built without interruption.
func TestCrashSafe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and indexes a corpus several times")
	}
	bin := filepath.Join(t.TempDir(), "index")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpus := crashCorpus(t, 12)
	args := func(dir string) []string {
		return []string{"-q", "-batch-mb", "0.05", "-workers", "2", "-index", dir, corpus}
	}
	runCmd := func(dir string) {
		t.Helper()
		cmd := exec.Command(bin, args(dir)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("index: %v\n%s", err, out)
		}
	}
	ref := filepath.Join(t.TempDir(), "ref.bleve")
	start := time.Now()
	runCmd(ref)
	whole := time.Since(start)
	want := dump(t, ref)

	total := strings.SplitN(want, "\n", 2)[0]
	midway := 0 // kills that left a partial index
	for _, frac := range []float64{0.05, 0.3, 0.5, 0.7, 0.9} {
		t.Run(fmt.Sprintf("killed at %.0f%%", frac*100), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "huashu.bleve")
			cmd := exec.Command(bin, args(dir)...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(frac * float64(whole)))
			cmd.Process.Signal(syscall.SIGKILL)
			killed := cmd.Wait() != nil
			partial := "no index"
			if _, err := os.Stat(filepath.Join(dir, index.MetaFile)); err == nil {
				partial = strings.SplitN(dump(t, dir), "\n", 2)[0]
			}
			t.Logf("killed: %v; left %s of %s", killed, partial, total)
			if killed && partial != total && partial != "no index" && partial != "documents 0" {
				midway++
			}
			runCmd(dir)
			if got := dump(t, dir); got != want {
				t.Errorf("after a kill and a second run the index differs from an uninterrupted one:\n%s", diffLines(got, want))
			}
		})
	}
	if midway == 0 {
		t.Errorf("no kill left a partial index: the test proved nothing (the run took %v)", whole)
	}
}

// diffLines returns the first lines that differ between got and want.
func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(g), len(w)) && shown < 5; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			fmt.Fprintf(&b, "line %d:\n  got  %.200s\n  want %.200s\n", i+1, gl, wl)
			shown++
		}
	}
	return b.String()
}
