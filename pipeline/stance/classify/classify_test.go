package classify

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
	"github.com/huashu/huashu/pipeline/stance"
)

var (
	envOnce  sync.Once
	envSeg   *segment.Segmenter
	envRules *stance.Rules
	envErr   error
)

// testEnv returns the real segmenter and rules, built once per test binary.
func testEnv(t testing.TB) (*segment.Segmenter, *stance.Rules) {
	t.Helper()
	envOnce.Do(func() {
		cb, err := codebook.Default()
		if err != nil {
			envErr = err
			return
		}
		if envRules, envErr = stance.NewRules(cb, stance.RulesOptions{}); envErr != nil {
			return
		}
		envSeg, envErr = segment.New(segment.Options{Words: envRules.Words()})
	})
	if envErr != nil {
		t.Fatal(envErr)
	}
	return envSeg, envRules
}

func testOptions(t testing.TB) Options {
	seg, rules := testEnv(t)
	o := DefaultOptions()
	o.Tokenize = seg.Tokenize
	o.Rules = rules
	o.TuneFolds = 0
	return o
}

func TestReadFormats(t *testing.T) {
	want := []struct{ id, target, label string }{
		{"1", "开源模型", model.Favor},
		{"2", "开源模型", model.Against},
		{"3", "开源模型", model.None},
	}
	for _, name := range []string{"small.tsv", "small.csv", "small.jsonl"} {
		t.Run(name, func(t *testing.T) {
			rows, err := ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 12 {
				t.Fatalf("got %d rows, want 12", len(rows))
			}
			for i, w := range want {
				if rows[i].ID != w.id || rows[i].Target != w.target || rows[i].Label != w.label {
					t.Errorf("row %d: got %q %q %q, want %q %q %q", i, rows[i].ID, rows[i].Target, rows[i].Label, w.id, w.target, w.label)
				}
			}
			if got := rows[6].Target; got != "无人驾驶出租车" {
				t.Errorf("row 7 target %q", got)
			}
		})
	}
}

func TestReadNLPCCQuotedMultiline(t *testing.T) {
	rows, err := ReadFile("testdata/small.tsv")
	if err != nil {
		t.Fatal(err)
	}
	r := rows[4]
	if r.ID != "5" || !strings.Contains(r.Text, "\n核心数据") || !strings.Contains(r.Text, "“开放”") {
		t.Errorf("quoted text spanning lines read as %q (id %q)", r.Text, r.ID)
	}
	if r.Line != 6 || rows[5].Line != 8 {
		t.Errorf("lines: got %d and %d, want 6 and 8", r.Line, rows[5].Line)
	}
	if strings.HasPrefix(rows[0].ID, "\ufeff") {
		t.Error("BOM not removed")
	}
}

func TestReadErrors(t *testing.T) {
	rows, err := ReadFile("testdata/bad.tsv")
	if err == nil {
		t.Fatal("no error for bad rows")
	}
	for _, want := range []string{"testdata/bad.tsv:3: no text", `testdata/bad.tsv:4: label "MAYBE"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if len(rows) != 2 {
		t.Errorf("got %d good rows, want 2", len(rows))
	}
	if _, err := FormatOf("data.xlsx"); err == nil {
		t.Error("no error for .xlsx")
	}
}

func TestReadUnlabelled(t *testing.T) {
	rows, err := ReadFile("testdata/unlabelled.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Label != "" {
			t.Errorf("row %s: label %q, want none", r.ID, r.Label)
		}
	}
}

func TestParseLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"FAVOR", model.Favor}, {"favour", model.Favor}, {"Against", model.Against},
		{"NONE", model.None}, {"neutral", model.None}, {"", ""}, {"UNKNOWN", ""},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseLabel(c.in)
			if err != nil || got != c.want {
				t.Errorf("ParseLabel(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	gold := []Example{{Label: "favor"}, {Label: "favor"}, {Label: "against"}, {Label: "against"}, {Label: "none"}, {Label: ""}}
	pred := []string{"favor", "against", "against", "none", "none", "favor"}
	m := Score(gold, pred)
	// favor: P 1/1, R 1/2, F1 2/3; against: P 1/2, R 1/2, F1 1/2.
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"F1 favor", m.Labels[0].F1, 2.0 / 3},
		{"F1 against", m.Labels[1].F1, 0.5},
		{"F_avg", m.FAvg, (2.0/3 + 0.5) / 2},
		{"accuracy", m.Accuracy, 3.0 / 5},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
	if m.N != 5 {
		t.Errorf("N = %d, want 5 (the unlabelled row left out)", m.N)
	}
}

func TestFoldsStratified(t *testing.T) {
	rows, err := ReadFile("testdata/small.tsv")
	if err != nil {
		t.Fatal(err)
	}
	folds := Folds(rows, 2, 7)
	per := map[string][2]int{}
	for i, r := range rows {
		k := r.Target + r.Label
		c := per[k]
		c[folds[i]]++
		per[k] = c
	}
	for k, c := range per {
		if c[0] != c[1] {
			t.Errorf("%s: folds hold %d and %d rows, want an even split", k, c[0], c[1])
		}
	}
}

func TestTargetMatch(t *testing.T) {
	m := &Model{Targets: []string{"iphonese", "俄罗斯在叙利亚的反恐行动", "开放二胎"}}
	for _, c := range []struct{ in, want string }{
		{"iPhone SE", "iphonese"},
		{"IphoneSE", "iphonese"},
		{"俄罗斯叙利亚反恐行动", "俄罗斯在叙利亚的反恐行动"},
		{"开放二胎", "开放二胎"},
		{"春节放鞭炮", ""},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := m.matchTarget(c.in); got != c.want {
				t.Errorf("matchTarget(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTrainPredictSaveLoad(t *testing.T) {
	rows, err := ReadFile("testdata/small.tsv")
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t)
	opts.Features.MinCount = 1
	m, err := Train(rows, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A linear model with this many features fits its own training rows.
	if got := m.Evaluate(rows); got.Accuracy < 1 {
		t.Errorf("training accuracy %.3f, want 1", got.Accuracy)
	}
	path := filepath.Join(t.TempDir(), "m.json.gz")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	seg, rules := testEnv(t)
	l.SetTokenizer(seg.Tokenize)
	l.SetRules(rules)
	for _, r := range rows {
		a, b := m.PredictText(r.Target, r.Text, nil), l.PredictText(r.Target, r.Text, nil)
		if a.Label != b.Label || math.Abs(a.Score-b.Score) > 1e-12 {
			t.Errorf("row %s: saved model says %s %.4f, original %s %.4f", r.ID, b.Label, b.Score, a.Label, a.Score)
		}
	}
	if _, err := Load("testdata/small.csv"); err == nil {
		t.Error("Load of a CSV file: no error")
	}
}

func TestCrossValidateSmall(t *testing.T) {
	rows, err := ReadFile("testdata/small.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(t)
	opts.Features.MinCount = 1
	m, pred, err := CrossValidate(rows, opts, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(pred) != len(rows) || m.N != len(rows) {
		t.Fatalf("got %d predictions for %d rows", len(pred), len(rows))
	}
	if _, _, err := CrossValidate(rows, opts, 1, 1); err == nil {
		t.Error("k = 1: no error")
	}
}

func TestBestNoneOffset(t *testing.T) {
	// Two rows the model calls none by a little though they are favor and against: a
	// negative offset on none gets both right.
	probs := [][]float64{{0.4, 0.1, 0.5}, {0.1, 0.4, 0.5}, {0.1, 0.1, 0.8}}
	y := []int{0, 1, 2}
	off := bestNoneOffset(probs, y)
	if off >= 0 || off < -1.4 {
		t.Errorf("offset %.1f, want one in [-1.4, 0)", off)
	}
	for i, p := range probs {
		if got := argmaxOffset(p, off); got != y[i] {
			t.Errorf("row %d: label %d with offset %.1f, want %d", i, got, off, y[i])
		}
	}
}

// TestModelScorer trains on a few sentences about the default targets and checks that the
// model fills an annotation as a stance.Scorer: only sentences that name a target, every
// target at the document level.
func TestModelScorer(t *testing.T) {
	var rows []Example
	for i, r := range []struct{ target, text, label string }{
		{"us_ai", "Sora的视频太惊艳了，强大", "favor"},
		{"us_ai", "ChatGPT很好用，强大", "favor"},
		{"us_ai", "OpenAI就是泡沫，炒作", "against"},
		{"us_ai", "GPT-4又在胡说八道，炒作", "against"},
		{"china_ai", "DeepSeek太强大了", "favor"},
		{"china_ai", "华为遥遥领先，强大", "favor"},
		{"china_ai", "文心一言是炒作，泡沫", "against"},
		{"china_ai", "Kimi又翻车了，炒作", "against"},
		{"us_ai", "谷歌今天开会", "none"},
		{"china_ai", "百度今天开会", "none"},
	} {
		rows = append(rows, Example{ID: fmt.Sprint(i), Target: r.target, Text: r.text, Label: r.label})
	}
	opts := testOptions(t)
	opts.Features.MinCount = 1
	m, err := Train(rows, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Saved and loaded without SetRules, as annotate -stance-model does: Score falls back on
	// the default codebook's rules.
	path := filepath.Join(t.TempDir(), "m.json.gz")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if m, err = Load(path); err != nil {
		t.Fatal(err)
	}
	seg, _ := testEnv(t)
	texts := []string{"Sora真的很强大。", "今天天气不错。", "文心一言纯属炒作。"}
	ann := &model.Annotation{}
	var ins []stance.Input
	for i, s := range texts {
		ann.Sentences = append(ann.Sentences, model.Sentence{Start: i * 10, End: i*10 + len([]rune(s)), Paragraph: i})
		ins = append(ins, stance.Input{Text: s, Tokens: seg.Tokenize(s)})
	}
	var sc stance.Scorer = m
	sc.Score(ann, ins)
	if got := ann.Sentences[0].Stance; got["us_ai"] != model.Favor || len(got) != 1 {
		t.Errorf("sentence 0: %v, want us_ai favor only", got)
	}
	if got := ann.Sentences[1].Stance; got != nil {
		t.Errorf("sentence 1 names no target, got %v", got)
	}
	if got := ann.Sentences[2].Stance; got["china_ai"] != model.Against {
		t.Errorf("sentence 2: %v, want china_ai against", got)
	}
	if len(ann.Sentences[0].Evidence["us_ai"]) == 0 {
		t.Error("no evidence features for sentence 0")
	}
	if ann.Stance["us_ai"].Label != model.Favor || ann.Stance["china_ai"].Label != model.Against {
		t.Errorf("document stance %+v", ann.Stance)
	}
}

func BenchmarkPredictText(b *testing.B) {
	rows, err := ReadFile("testdata/small.tsv")
	if err != nil {
		b.Fatal(err)
	}
	opts := testOptions(b)
	opts.Features.MinCount = 1
	m, err := Train(rows, opts)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		n += len(r.Text)
	}
	b.SetBytes(int64(n))
	b.ResetTimer()
	for range b.N {
		for _, r := range rows {
			m.PredictText(r.Target, r.Text, nil)
		}
	}
}
