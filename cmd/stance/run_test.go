package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const data = "../../pipeline/stance/classify/testdata/"

func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestTrainEvalPredict(t *testing.T) {
	model := filepath.Join(t.TempDir(), "model.json.gz")
	_, stderr, err := run(t, "train", "-data", data+"small.tsv", "-o", model, "-min-count", "1", "-tune", "0")
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "trained on 12 rows") {
		t.Errorf("train said %q", stderr)
	}
	out, _, err := run(t, "eval", "-model", model, "-data", data+"small.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"favor", "against", "none", "F_avg 1.0000", "rows 12"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = run(t, "predict", "-model", model, data+"small.jsonl", data+"unlabelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 14 {
		t.Fatalf("predict wrote %d lines, want 14:\n%s", len(lines), out)
	}
	if lines[0] != "1\t开源模型\tfavor" {
		t.Errorf("first line %q", lines[0])
	}
	for _, l := range lines {
		if f := strings.Split(l, "\t"); len(f) != 3 {
			t.Errorf("line %q: want id, target, label", l)
		}
	}
}

func TestCV(t *testing.T) {
	out, _, err := run(t, "cv", "-data", data+"small.jsonl", "-k", "3", "-min-count", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "3-fold cross-validation") || !strings.Contains(out, "F_avg") {
		t.Errorf("cv output:\n%s", out)
	}
}

func TestExplain(t *testing.T) {
	f := filepath.Join(t.TempDir(), "essay.txt")
	if err := os.WriteFile(f, []byte("DeepSeek比GPT-4便宜得多。\n总之，Sora不过如此。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "explain", f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"china_ai\tfavor", "rule:comparison", "us_ai: against"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"no command", nil},
		{"unknown command", []string{"fly"}},
		{"train without data", []string{"train", "-o", "x"}},
		{"eval without model", []string{"eval", "-data", "x.tsv"}},
		{"predict without files", []string{"predict", "-model", "m"}},
		{"bad flag", []string{"cv", "-nope"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := run(t, c.args...)
			if !errors.Is(err, errUsage) {
				t.Errorf("got %v, want a usage error", err)
			}
		})
	}
}

func TestMissingFiles(t *testing.T) {
	if _, _, err := run(t, "eval", "-model", "nonexistent.gz", "-data", data+"small.tsv"); err == nil || errors.Is(err, errUsage) {
		t.Errorf("missing model: got %v", err)
	}
	if _, _, err := run(t, "train", "-data", "nonexistent.tsv", "-o", filepath.Join(t.TempDir(), "m")); err == nil {
		t.Error("missing data: no error")
	}
}

func TestLexiconRoundTrip(t *testing.T) {
	out, _, err := run(t, "lexicon")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := filepath.Join(dir, "t.txt")
	if err := os.WriteFile(text, []byte("Sora的细节很粗糙。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, err := run(t, "explain", text)
	if err != nil || !strings.Contains(got, "us_ai: against") {
		t.Fatalf("explain with the embedded lexicon: %v\n%s", err, got)
	}
	// The printed lexicon, less one word, given back with -lexicon.
	edited := strings.Replace(out, "      - 粗糙\n", "", 1)
	if edited == out {
		t.Fatal("粗糙 not in the printed lexicon")
	}
	f := filepath.Join(dir, "lexicon.yml")
	if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, err = run(t, "explain", "-lexicon", f, text)
	if err != nil || !strings.Contains(got, "us_ai: none") {
		t.Errorf("explain with the edited lexicon: %v\n%s", err, got)
	}
}
