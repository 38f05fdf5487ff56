package classify

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// nlpccDir holds the NLPCC 2016 Task 4A files (outside the repository; the test skips when
// they are absent).
const nlpccDir = "../../../../shared/eval/nlpcc2016"

// nlpccFAvg is the F_avg measured on test-gold.tsv with DefaultOptions (docs/accuracy.md);
// the test fails more than nlpccMargin below it.
const (
	nlpccFAvg   = 0.7066
	nlpccMargin = 0.01
)

// TestNLPCC2016 trains on the official training set with the default options and scores the
// gold test set: the benchmark of docs/accuracy.md. About a minute; skipped with -short.
func TestNLPCC2016(t *testing.T) {
	if testing.Short() {
		t.Skip("benchmark run skipped with -short")
	}
	train, err := ReadFile(filepath.Join(nlpccDir, "train.tsv"))
	if os.IsNotExist(err) {
		t.Skipf("NLPCC 2016 data not available: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	test, err := ReadFile(filepath.Join(nlpccDir, "test-gold.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(labelled(train)); n != 2986 {
		t.Fatalf("train.tsv: %d labelled rows, want 2986", n)
	}
	if n := len(labelled(test)); n != 1000 {
		t.Fatalf("test-gold.tsv: %d labelled rows, want 1000", n)
	}
	opts := DefaultOptions()
	seg, rules := testEnv(t)
	opts.Tokenize, opts.Rules = seg.Tokenize, rules
	start := time.Now()
	m, err := Train(train, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("trained in %.1fs: %d features, none offset %+.1f", time.Since(start).Seconds(), len(m.Vocab), m.NoneOffset)
	got := m.Evaluate(test)
	t.Logf("test-gold: F1 favor %.4f, F1 against %.4f, F_avg %.4f", got.Labels[0].F1, got.Labels[1].F1, got.FAvg)
	if got.FAvg < nlpccFAvg-nlpccMargin {
		t.Errorf("F_avg %.4f, want at least %.4f", got.FAvg, nlpccFAvg-nlpccMargin)
	}
}
