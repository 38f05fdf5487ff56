package stats

import (
	"math"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// tinyCodebook has three frames (bubble, compute, labor in that order), one rhetoric category
// and one target: just what the hand-computed tables below need.
const tinyCodebook = `
name: tiny
version: 1
frames:
  - {id: bubble, zh: 泡沫与资本, en: Bubble, definition: hype as finance, terms: [泡沫, 炒作]}
  - {id: compute, zh: 算力与芯片, en: Compute, definition: chips, terms: [芯片, 算力]}
  - {id: labor, zh: 就业冲击, en: Labor, definition: jobs, terms: [失业]}
rhetoric:
  - {id: hype, zh: 吹捧, en: Hype, definition: breathless praise, terms: [炸裂]}
targets:
  - {id: us_ai, zh: 美国AI, en: US AI, aliases: [OpenAI]}
`

func tinyCB(t testing.TB) *codebook.Codebook {
	t.Helper()
	cb, err := codebook.Parse([]byte(tinyCodebook), "tiny.yml")
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// marker is a shorthand for the test corpus.
func marker(term string, sentence int, cats ...string) model.Marker {
	return model.Marker{Term: term, Pattern: term, Sentence: sentence, Categories: cats}
}

func sentence(question bool, frames ...string) model.Sentence {
	if frames == nil {
		frames = []string{}
	}
	return model.Sentence{Question: question, Frames: frames}
}

// tinyDocs is the corpus every expected number below is computed from by hand:
//
//	d1 weibo 2024-01-05  1000 chars  10 words  stance us_ai against −0.5
//	   s0 {bubble, compute}: 泡沫, 芯片
//	   s1 {bubble} question: 泡沫 (negated, question), 炸裂 (hype; quoted, question)
//	   s2 {}
//	d2 weibo 2024-01-20   500 chars   8 words  stance us_ai favor 0.4
//	   s0 {compute}: 芯片, 算力
//	   s1 {labor}: 失业
//	d3 blog  2024-02-03  2000 chars  12 words  stance us_ai none 0; meta platform=x
//	   s0 {bubble, labor}: 泡沫, 失业
//	   s1 {bubble}: 泡沫 (quoted)
//	   s2 {compute}: 芯片
func tinyDocs() []Doc {
	d1 := &model.Annotation{ID: "d1", Source: "weibo", Date: "2024-01-05", Chars: 1000, Tokens: 10,
		Sentences: []model.Sentence{sentence(false, "bubble", "compute"), sentence(true, "bubble"), sentence(false)},
		Markers: []model.Marker{marker("泡沫", 0, "bubble"), marker("芯片", 0, "compute"),
			marker("泡沫", 1, "bubble"), marker("炸裂", 1, "hype")},
		Stance: map[string]model.DocStance{"us_ai": {Label: model.Against, Score: -0.5}},
	}
	d1.Markers[2].Negated, d1.Markers[2].Question = true, true
	d1.Markers[3].Quoted, d1.Markers[3].Question = true, true
	d1.Sentences[1].Rhetorical = true
	d2 := &model.Annotation{ID: "d2", Source: "weibo", Date: "2024-01-20", Chars: 500, Tokens: 8,
		Sentences: []model.Sentence{sentence(false, "compute"), sentence(false, "labor")},
		Markers:   []model.Marker{marker("芯片", 0, "compute"), marker("算力", 0, "compute"), marker("失业", 1, "labor")},
		Stance:    map[string]model.DocStance{"us_ai": {Label: model.Favor, Score: 0.4}},
	}
	d3 := &model.Annotation{ID: "d3", Source: "blog", Date: "2024-02-03", Chars: 2000, Tokens: 12,
		Meta:      map[string]string{"platform": "x"},
		Sentences: []model.Sentence{sentence(false, "bubble", "labor"), sentence(false, "bubble"), sentence(false, "compute")},
		Markers: []model.Marker{marker("泡沫", 0, "bubble"), marker("失业", 0, "labor"),
			marker("泡沫", 1, "bubble"), marker("芯片", 2, "compute")},
		Stance: map[string]model.DocStance{"us_ai": {Label: model.None, Score: 0}},
	}
	d3.Markers[2].Quoted = true
	return []Doc{
		{Ann: d1, Words: []string{"ai", "泡沫", "是", "真的", "泡沫", "吗", "芯片", "很", "贵", "AI"}},
		{Ann: d2, Words: []string{"芯片", "算力", "不足", "导致", "失业", "AI", "很", "难"}},
		{Ann: d3, Words: []string{"泡沫", "与", "失业", "AI", "泡沫", "炒作", "芯片", "是", "关键", "很", "重要", "了"}},
	}
}

// want is an expected cell: a string, an int, a float64 (compared to 1e-9 relative), or nan.
type nanT struct{}

var nan nanT

// checkRow compares the named cells of row r with the expected values.
func checkRow(t *testing.T, tab *Table, r int, want map[string]any) {
	t.Helper()
	if r >= len(tab.Rows) {
		t.Fatalf("table %s has %d rows, want row %d", tab.Name, len(tab.Rows), r)
	}
	for name, w := range want {
		i := tab.Col(name)
		if i < 0 {
			t.Errorf("table %s: no column %q", tab.Name, name)
			continue
		}
		got := tab.Rows[r][i]
		switch w := w.(type) {
		case nanT:
			if f, ok := got.(float64); !ok || !math.IsNaN(f) {
				t.Errorf("row %d %s = %v, want NaN", r, name, got)
			}
		case float64:
			f, ok := got.(float64)
			if !ok || math.Abs(f-w) > 1e-9*math.Max(1, math.Abs(w)) {
				t.Errorf("row %d %s = %v, want %v", r, name, got, w)
			}
		default:
			if got != w {
				t.Errorf("row %d %s = %#v, want %#v", r, name, got, w)
			}
		}
	}
}

func TestDocsTiny(t *testing.T) {
	tab := Docs(tinyCB(t), tinyDocs())
	if len(tab.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(tab.Rows))
	}
	// Rates are hits × 1000 / chars: d1 bubble 2 × 1000 / 1000 = 2; d2 compute 2 × 1000 / 500
	// = 4; d3 labor 1 × 1000 / 2000 = 0.5.
	checkRow(t, tab, 0, map[string]any{"id": "d1", "source": "weibo", "meta_platform": "", "chars": 1000,
		"markers": 4, "questions": 1, "rhetorical_questions": 1,
		"bubble_hits": 2, "bubble_per_1k": 2.0, "compute_hits": 1, "compute_per_1k": 1.0, "labor_hits": 0,
		"labor_per_1k": 0.0, "hype_hits": 1, "hype_per_1k": 1.0, "dominant_frame": "bubble",
		"us_ai_stance": "against", "us_ai_score": -0.5})
	checkRow(t, tab, 1, map[string]any{"id": "d2", "compute_hits": 2, "compute_per_1k": 4.0, "labor_per_1k": 2.0,
		"dominant_frame": "compute", "us_ai_stance": "favor", "us_ai_score": 0.4})
	// d3: bubble 2, labor 1, compute 1 → bubble dominates.
	checkRow(t, tab, 2, map[string]any{"id": "d3", "meta_platform": "x", "bubble_per_1k": 1.0, "labor_per_1k": 0.5,
		"compute_per_1k": 0.5, "dominant_frame": "bubble", "us_ai_stance": "none", "us_ai_score": 0.0})

	t.Run("no stance", func(t *testing.T) {
		docs := []Doc{{Ann: &model.Annotation{ID: "x"}}}
		tab := Docs(tinyCB(t), docs)
		checkRow(t, tab, 0, map[string]any{"us_ai_stance": "", "us_ai_score": nan, "dominant_frame": "", "bubble_per_1k": 0.0})
	})
}

func TestGroupsTiny(t *testing.T) {
	cb := tinyCB(t)
	// weibo = d1 + d2: 1500 chars; bubble 2, compute 1 + 2 = 3, labor 1: 6 frame hits.
	weibo := map[string]any{"source": "weibo", "documents": 2, "chars": 1500, "tokens": 18, "markers": 7,
		"bubble_hits": 2, "bubble_per_1k": 2000.0 / 1500, "bubble_share": 2.0 / 6, "bubble_docs": 1, "bubble_doc_share": 0.5,
		"compute_hits": 3, "compute_per_1k": 2.0, "compute_share": 0.5, "compute_docs": 2, "compute_doc_share": 1.0,
		"labor_hits": 1, "labor_per_1k": 1000.0 / 1500, "labor_share": 1.0 / 6, "labor_docs": 1, "labor_doc_share": 0.5,
		"hype_hits": 1, "hype_docs": 1,
		"us_ai_favor": 1, "us_ai_against": 1, "us_ai_none": 0, "us_ai_score_mean": (-0.5 + 0.4) / 2}
	// blog = d3: 2000 chars; bubble 2, compute 1, labor 1: 4 frame hits.
	blog := map[string]any{"source": "blog", "documents": 1, "chars": 2000,
		"bubble_hits": 2, "bubble_per_1k": 1.0, "bubble_share": 0.5, "compute_share": 0.25, "labor_share": 0.25,
		"hype_hits": 0, "hype_doc_share": 0.0, "us_ai_none": 1, "us_ai_score_mean": 0.0}
	t.Run("by source", func(t *testing.T) {
		tab, err := Groups(cb, tinyDocs(), []string{"source"})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) != 2 {
			t.Fatalf("%d rows, want 2", len(tab.Rows))
		}
		checkRow(t, tab, 0, blog)
		checkRow(t, tab, 1, weibo)
	})
	t.Run("by month", func(t *testing.T) {
		tab, err := Groups(cb, tinyDocs(), []string{"month"})
		if err != nil {
			t.Fatal(err)
		}
		checkRow(t, tab, 0, map[string]any{"month": "2024-01", "documents": 2, "bubble_share": 2.0 / 6})
		checkRow(t, tab, 1, map[string]any{"month": "2024-02", "documents": 1, "bubble_share": 0.5})
	})
	t.Run("by source and month, missing metadata last", func(t *testing.T) {
		tab, err := Groups(cb, tinyDocs(), []string{"platform", "month"})
		if err != nil {
			t.Fatal(err)
		}
		checkRow(t, tab, 0, map[string]any{"platform": "x", "month": "2024-02", "documents": 1})
		checkRow(t, tab, 1, map[string]any{"platform": "", "month": "2024-01", "documents": 2})
	})
	t.Run("all", func(t *testing.T) {
		tab, err := Groups(cb, tinyDocs(), nil)
		if err != nil {
			t.Fatal(err)
		}
		// 3500 chars; frame hits: bubble 4, compute 4, labor 2 = 10.
		checkRow(t, tab, 0, map[string]any{"group": "all", "documents": 3, "chars": 3500, "bubble_hits": 4,
			"bubble_share": 0.4, "labor_share": 0.2, "bubble_per_1k": 4000.0 / 3500, "us_ai_score_mean": (-0.5 + 0.4 + 0) / 3})
	})
	t.Run("unknown key", func(t *testing.T) {
		if _, err := Groups(cb, tinyDocs(), []string{"province"}); err == nil {
			t.Error("no error for a key no document has")
		}
	})
	t.Run("no frame hit", func(t *testing.T) {
		tab, err := Groups(cb, []Doc{{Ann: &model.Annotation{ID: "x", Chars: 10}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkRow(t, tab, 0, map[string]any{"bubble_share": nan, "us_ai_score_mean": nan, "bubble_doc_share": 0.0})
	})
}

func TestMarkersTiny(t *testing.T) {
	tab := Markers(tinyCB(t), tinyDocs())
	if len(tab.Rows) != 5 {
		t.Fatalf("%d rows, want 5", len(tab.Rows))
	}
	// 泡沫: d1 ×2 (one negated in a question), d3 ×2 (one quoted): 4 in 2 documents.
	checkRow(t, tab, 0, map[string]any{"term": "泡沫", "pattern": "泡沫", "categories": "bubble", "count": 4, "documents": 2,
		"negated_share": 0.25, "quoted_share": 0.25, "question_share": 0.25})
	checkRow(t, tab, 1, map[string]any{"term": "芯片", "count": 3, "documents": 3, "negated_share": 0.0})
	checkRow(t, tab, 2, map[string]any{"term": "失业", "count": 2, "documents": 2})
	// Ties of one occurrence in term order: 炸 U+70B8 before 算 U+7B97.
	checkRow(t, tab, 3, map[string]any{"term": "炸裂", "categories": "hype", "count": 1, "quoted_share": 1.0, "question_share": 1.0})
	checkRow(t, tab, 4, map[string]any{"term": "算力", "count": 1})
}

func TestCooccurrenceTiny(t *testing.T) {
	tab := Cooccurrence(tinyCB(t), tinyDocs())
	if len(tab.Rows) != 3 {
		t.Fatalf("%d rows, want 3 pairs of 3 frames", len(tab.Rows))
	}
	// Documents (N = 3): d1 {bubble, compute}, d2 {compute, labor}, d3 {all three}:
	// bubble 2, compute 3, labor 2. Sentences (N = 8): bubble d1s0 d1s1 d3s0 d3s1 = 4,
	// compute d1s0 d2s0 d3s2 = 3, labor d2s1 d3s0 = 2.
	//
	// bubble × compute: docs both 2 → jaccard 2/(2+3−2) = 2/3, pmi log2(2·3/(2·3)) = 0;
	// sentences both 1 (d1s0) → jaccard 1/(4+3−1) = 1/6, pmi log2(1·8/(4·3)) = log2(2/3).
	checkRow(t, tab, 0, map[string]any{"frame_a": "bubble", "frame_b": "compute",
		"docs_a": 2, "docs_b": 3, "docs_both": 2, "docs_jaccard": 2.0 / 3, "docs_pmi": 0.0,
		"sentences_a": 4, "sentences_b": 3, "sentences_both": 1, "sentences_jaccard": 1.0 / 6, "sentences_pmi": -0.5849625007211563})
	// bubble × labor: docs both 1 (d3) → 1/(2+2−1) = 1/3, log2(1·3/(2·2)) = log2(0.75);
	// sentences both 1 (d3s0) → 1/(4+2−1) = 1/5, log2(1·8/(4·2)) = 0.
	checkRow(t, tab, 1, map[string]any{"frame_a": "bubble", "frame_b": "labor",
		"docs_both": 1, "docs_jaccard": 1.0 / 3, "docs_pmi": -0.4150374992788438,
		"sentences_both": 1, "sentences_jaccard": 0.2, "sentences_pmi": 0.0})
	// compute × labor: docs both 2 (d2, d3) → 2/3, log2(2·3/(3·2)) = 0; never in one sentence:
	// jaccard 0, pmi undefined.
	checkRow(t, tab, 2, map[string]any{"frame_a": "compute", "frame_b": "labor",
		"docs_both": 2, "docs_jaccard": 2.0 / 3, "docs_pmi": 0.0,
		"sentences_both": 0, "sentences_jaccard": 0.0, "sentences_pmi": nan})
}

// findRow returns the index of the row whose String columns have the given values.
func findRow(t *testing.T, tab *Table, key map[string]string) int {
	t.Helper()
	for r := range tab.Rows {
		ok := true
		for k, v := range key {
			if tab.Str(r, k) != v {
				ok = false
				break
			}
		}
		if ok {
			return r
		}
	}
	t.Fatalf("table %s has no row %v", tab.Name, key)
	return -1
}

func TestKeynessTiny(t *testing.T) {
	docs := tinyDocs()
	target, reference := docs[:1], docs[1:]
	// 泡沫 as a word: a = 2 of C_t = 10 words (d1), b = 2 of C_r = 8 + 12 = 20 (d2, d3);
	// c = 8, d = 18, N = 30. Expected: E11 = 4·10/30 = 4/3, E12 = 4·20/30 = 8/3,
	// E21 = 10·26/30 = 26/3, E22 = 20·26/30 = 52/3.
	//
	// none:     2·(2 ln 1.5 + 2 ln 0.75 + 8 ln(12/13) + 18 ln(27/26))
	//         = 2·(0.810930 − 0.575364 − 0.640342 + 0.679327) = 0.549101
	// default:  E11 < 5 and |ad − bc| = |36 − 16| = 20 > N/2 = 15, so Yates: ad > bc moves a and d
	//           down by 0.5, b and c up: 1.5, 2.5, 8.5, 17.5 (margins and E unchanged):
	//           2·(1.5 ln 1.125 + 2.5 ln 0.9375 + 8.5 ln(25.5/26) + 17.5 ln(52.5/52))
	//         = 2·(0.176673 − 0.161346 − 0.165047 + 0.167461) = 0.035482
	// williams: q = 1 + (30/4 + 30/26 − 1)(30/10 + 30/20 − 1)/(6·30) = 1.148825; 0.549101/q = 0.477967
	// rayson:   E1 = 10·4/30 = 4/3, E2 = 20·4/30 = 8/3: 2·(2 ln 1.5 + 2 ln 0.75) = 0.471132
	// log_ratio = log2((2/10)/(2/20)) = 1; p (none) = erfc(√(0.549101/2)) = 0.458685.
	//
	// 失业 as a word: a = 0, b = 2: log_ratio = log2((0.5/10)/(2/20)) = −1, g2 negative;
	// none: c = 10, d = 18, E11 = 2·10/30 = 2/3, E12 = 4/3, E21 = 28/3, E22 = 56/3:
	// −2·(0 + 2 ln 1.5 + 10 ln(30/28) + 18 ln(54/56)) = −2·(0.810930 + 0.689929 − 0.654622) = −1.692483;
	// rayson: only the b cell, E2 = 20·2/30 = 4/3: −2·2 ln 1.5 = −1.621860.
	cases := []struct {
		corr            Correction
		paomo, shiye, p float64
	}{
		{CorrectionNone, 0.5491006872314503, -1.6924827306868555, 0.4586853858072294},
		{CorrectionDefault, 0.03547988727584467, -0.0701182700438483, math.NaN()},
		{CorrectionWilliams, 0.477967305169383, -1.6924827306868555, math.NaN()},
		{Rayson, 0.47113214262553393, -4 * math.Log(1.5), math.NaN()},
	}
	for _, c := range cases {
		t.Run(string(c.corr), func(t *testing.T) {
			tab, err := Keyness(target, reference, KeynessOptions{Correction: c.corr})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"n_target": 2, "n_reference": 2, "g2": c.paomo, "log_ratio": 1.0}
			if !math.IsNaN(c.p) {
				want["p"] = c.p
			}
			checkRow(t, tab, findRow(t, tab, map[string]string{"feature": "泡沫", "kind": KindWord}), want)
			// ai and AI are one word: 2 in d1, 1 each in d2 and d3, the same counts as 泡沫.
			checkRow(t, tab, findRow(t, tab, map[string]string{"feature": "ai", "kind": KindWord}), want)
			// As a marker, 泡沫 counts against Annotation.Tokens: 10 and 20 again.
			checkRow(t, tab, findRow(t, tab, map[string]string{"feature": "泡沫", "kind": KindMarker}), want)
			shiye := map[string]any{"n_target": 0, "n_reference": 2, "log_ratio": -1.0}
			shiye["g2"] = c.shiye
			checkRow(t, tab, findRow(t, tab, map[string]string{"feature": "失业", "kind": KindWord}), shiye)
		})
	}
	t.Run("sorted by g2", func(t *testing.T) {
		tab, err := Keyness(target, reference, KeynessOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; r < len(tab.Rows); r++ {
			if tab.Float(r-1, "g2") < tab.Float(r, "g2") {
				t.Fatalf("row %d g2 %v < row %d g2 %v", r-1, tab.Float(r-1, "g2"), r, tab.Float(r, "g2"))
			}
		}
	})
	t.Run("min", func(t *testing.T) {
		tab, err := Keyness(target, reference, KeynessOptions{Min: 4})
		if err != nil {
			t.Fatal(err)
		}
		// a + b ≥ 4: words 泡沫 4, ai 4, 芯片 3 ✗, 很 3 ✗; markers 泡沫 4; categories bubble 4,
		// compute 4.
		if len(tab.Rows) != 5 {
			t.Errorf("%d rows, want 5", len(tab.Rows))
		}
	})
	t.Run("bad correction", func(t *testing.T) {
		if _, err := Keyness(target, reference, KeynessOptions{Correction: "bonferroni"}); err == nil {
			t.Error("no error")
		}
	})
}

func TestCollocatesTiny(t *testing.T) {
	// Node 泡沫, window 2. d1: ai 泡沫 是 真的 泡沫 吗 芯片 很 贵 AI, nodes at 1 and 4: positions
	// 0–6 minus the nodes → ai 是 真的 吗 芯片. d3: 泡沫 与 失业 AI 泡沫 炒作 芯片 …, nodes at 0 and
	// 4: positions 0–6 → 与 失业 ai 炒作 芯片. d2 has no node. f_n = 4, N = 30.
	//
	//	芯片 f_nc 2, f_c 3: mi log2(2·30/(4·3)) = log2 5, logDice 14 + log2(4/7) = 13.192645
	//	ai   f_nc 2, f_c 4: mi log2(2·30/16) = log2 3.75, logDice 14 + log2(4/8) = 13,
	//	     t = (2 − 4·4/30)/√2 = 1.037090
	//	真的 f_nc 1, f_c 1: mi log2(30/4) = log2 7.5, logDice 14 + log2(2/5) = 12.678072
	//	是   f_nc 1, f_c 2: logDice 14 + log2(2/6) = 12.415037
	tab, err := Collocates(tinyDocs(), CollocateOptions{Term: "泡沫", Window: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 8 {
		t.Fatalf("%d rows, want 8", len(tab.Rows))
	}
	checkRow(t, tab, 0, map[string]any{"collocate": "芯片", "freq": 2, "collocate_freq": 3, "node_freq": 4,
		"mi": math.Log2(5), "log_dice": 13.192645077942396})
	checkRow(t, tab, 1, map[string]any{"collocate": "ai", "freq": 2, "collocate_freq": 4,
		"mi": math.Log2(3.75), "log_dice": 13.0, "t_score": (2 - 16.0/30) / math.Sqrt2})
	// f_nc 1, f_c 1, in word order: 与 吗 炒作 真的 (by code point).
	for r, w := range []string{"与", "吗", "炒作", "真的"} {
		checkRow(t, tab, 2+r, map[string]any{"collocate": w, "freq": 1, "mi": math.Log2(7.5), "log_dice": 12.678071905112638})
	}
	checkRow(t, tab, 6, map[string]any{"collocate": "失业", "log_dice": 12.415037499278844})
	checkRow(t, tab, 7, map[string]any{"collocate": "是", "log_dice": 12.415037499278844})

	t.Run("errors", func(t *testing.T) {
		if _, err := Collocates(tinyDocs(), CollocateOptions{}); err == nil {
			t.Error("no error without a term")
		}
		if _, err := Collocates([]Doc{{Ann: &model.Annotation{}}}, CollocateOptions{Term: "x"}); err == nil {
			t.Error("no error without words")
		}
	})
}
