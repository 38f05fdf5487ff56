package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stance/classify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// run calls Run and returns its outputs.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestGolden(t *testing.T) {
	got, stderr, err := run(t, "", "-workers", "3", "-no-stance", "testdata/in")
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, stderr)
	}
	golden := filepath.Join("testdata", "golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/annotate -update to accept):\n got:\n%s\nwant:\n%s", golden, got, want)
	}
	// The output is JSON Lines that follow the contract.
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3 documents", len(lines))
	}
	for i, line := range lines {
		var a model.Annotation
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if a.ID == "" || a.Chars == 0 || len(a.Sentences) == 0 {
			t.Errorf("line %d: incomplete annotation %+v", i+1, a)
		}
	}
	if !strings.Contains(stderr, "3 documents") {
		t.Errorf("summary %q lacks the document count", stderr)
	}
}

func TestOutputOrderDoesNotDependOnWorkers(t *testing.T) {
	one, _, err := run(t, "", "-workers", "1", "testdata/in", "../../corpora")
	if err != nil {
		t.Fatal(err)
	}
	many, _, err := run(t, "", "-workers", "8", "testdata/in", "../../corpora")
	if err != nil {
		t.Fatal(err)
	}
	if one != many {
		t.Error("output with 8 workers differs from output with 1")
	}
	checkEncodingJSON(t, one)
}

// checkEncodingJSON checks that each line of out is what encoding/json writes for the
// annotation it holds: annotate writes with model.AppendJSON.
func checkEncodingJSON(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, line := range lines {
		var a model.Annotation
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&a); err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimSuffix(buf.String(), "\n"); line != want {
			t.Fatalf("%s: annotate wrote\n%s\nencoding/json writes\n%s", a.ID, line, want)
		}
	}
	if len(lines) < 200 {
		t.Fatalf("only %d annotations", len(lines))
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		ids   []string
	}{
		{"plain text is one document", nil, "所谓“遥遥领先”，不过如此。\n", []string{"-"}},
		{"jsonl", []string{"-format", "jsonl"}, `{"id":"a","text":"泡沫"}` + "\n" + `{"text":"芯片"}` + "\n", []string{"a", "-#L2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := run(t, tc.stdin, tc.args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			var ids []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				var a model.Annotation
				if err := json.Unmarshal([]byte(line), &a); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, a.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.ids, ",") {
				t.Errorf("ids %v, want %v", ids, tc.ids)
			}
		})
	}
}

func TestBadInputIsReportedAndSkipped(t *testing.T) {
	out, stderr, err := run(t, "", "testdata/bad")
	if !errors.Is(err, errSkipped) || exitCode(err) != 1 {
		t.Fatalf("err = %v, want errSkipped (exit 1)", err)
	}
	for _, want := range []string{
		"testdata/bad/picture.txt: binary file",
		"posts.jsonl:2",
		"posts.jsonl:3",
		"skipped 3",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("%d documents written, want the 1 good one:\n%s", n, out)
	}
}

func TestMaxErrorsStopsEarly(t *testing.T) {
	_, stderr, err := run(t, "", "-max-errors", "1", "testdata/bad")
	if err == nil || !strings.Contains(err.Error(), "too many errors") {
		t.Fatalf("err = %v, want too many errors\n%s", err, stderr)
	}
}

func TestPretty(t *testing.T) {
	out, _, err := run(t, "我并不认为这是泡沫。难道这不是炒作吗？", "-pretty", "-color", "never")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"【泡沫 bubble", "negated", "反问", "【炒作"} {
		if !strings.Contains(out, want) {
			t.Errorf("pretty view lacks %q:\n%s", want, out)
		}
	}
	// A stance that only the title carries says so.
	titled, _, err := run(t, `{"title": "DeepSeek真的很强", "text": "今天我去公园散步。天气很好。"}`+"\n", "-pretty", "-format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(titled, "china_ai favor") || !strings.Contains(titled, "decided by the title") {
		t.Errorf("pretty view of a stance that only the title carries:\n%s", titled)
	}
	colored, _, err := run(t, "泡沫。", "-pretty", "-color", "always")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colored, "\x1b[") {
		t.Error("-color always gave no ANSI colour")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-no-such-flag"}, {"-color", "pink"}, {"-max-size", "0"}} {
		_, _, err := run(t, "", args...)
		if exitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, exitCode(err), err)
		}
	}
	_, _, err := run(t, "", "-codebook", "testdata/none.yml", "testdata/in")
	if err == nil || !strings.Contains(err.Error(), "none.yml") {
		t.Errorf("missing codebook: %v", err)
	}
}

func TestStanceModel(t *testing.T) {
	var examples []classify.Example
	for i, row := range []struct{ text, label string }{
		{"Sora真厉害，美国AI确实强大", model.Favor},
		{"ChatGPT很好用，OpenAI值得佩服", model.Favor},
		{"OpenAI的产品令人惊艳", model.Favor},
		{"Sora不过是炒作，华尔街的泡沫", model.Against},
		{"ChatGPT胡说八道，根本不靠谱", model.Against},
		{"OpenAI在割韭菜，全是噱头", model.Against},
		{"今天OpenAI发布了新模型", model.None},
		{"ChatGPT有了新版本", model.None},
	} {
		for k := 0; k < 3; k++ { // repeated so that MinCount keeps the n-grams
			examples = append(examples, classify.Example{ID: fmt.Sprint(i, k), Target: "us_ai", Text: row.text, Label: row.label})
		}
	}
	opts := classify.DefaultOptions()
	opts.Features.WordMax, opts.Features.Rules = 0, false
	m, err := classify.Train(examples, opts)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.model.gz")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := run(t, "OpenAI在割韭菜，Sora是泡沫。", "-stance-model", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var a model.Annotation
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if got := a.Stance["us_ai"].Label; got != model.Against {
		t.Errorf("us_ai stance with the model = %q, want against (%+v)", got, a.Stance)
	}
	if _, ok := a.Stance["china_ai"]; !ok {
		t.Errorf("document stance lacks the codebook's other target: %+v", a.Stance)
	}
	// With a user codebook, the model judges that codebook's targets.
	out, stderr, err = run(t, "Mistral在割韭菜，不过如此。", "-stance-model", path, "-codebook", "testdata/eu.yml")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	a = model.Annotation{}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Stance["eu_ai"]; !ok || len(a.Stance) != 1 {
		t.Errorf("stance with a user codebook = %+v, want its one target eu_ai", a.Stance)
	}
	if _, _, err := run(t, "x", "-stance-model", filepath.Join(t.TempDir(), "none.gz")); err == nil {
		t.Error("a missing model file gave no error")
	}
}
