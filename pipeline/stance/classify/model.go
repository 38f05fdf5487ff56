// Package classify is huashu's trainable stance classifier: a multinomial logistic regression
// (fitted by L-BFGS from gonum/optimize) on character n-grams, jieba word n-grams and the rule
// scorer's polarity features, each also conjoined with the row's target. It reads labelled rows
// (TSV as in NLPCC 2016, CSV, JSONL), trains, evaluates (precision, recall, F1 per label and
// F_avg), cross-validates, saves and loads models, and scores annotated documents through the
// same stance.Scorer interface as the rules.
package classify

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
	"github.com/huashu/huashu/pipeline/stance"
)

// Labels are the classes of every model, in the order of its weights.
var Labels = []string{model.Favor, model.Against, model.None}

// FormatVersion is written into saved models; Load refuses another.
const FormatVersion = 1

// Options configures Train.
type Options struct {
	Features FeatureOptions
	// L2 is the penalty on the weights: the objective is the mean log loss plus L2/2·‖w‖².
	L2 float64
	// MaxIter bounds the L-BFGS iterations.
	MaxIter int
	// Balance weights each row by the inverse frequency of its label, so that a rare label
	// (none, in NLPCC) is not drowned.
	Balance bool
	// Tokenize cuts a text into jieba words (byte offsets into the text); nil disables word
	// features. A loaded Model needs the same to score texts (Model.SetTokenizer).
	Tokenize func(string) []segment.Token
	// Rules computes the rule features when Features.Rules is set.
	Rules *stance.Rules
	// TuneFolds > 1 chooses Model.NoneOffset by that many folds of cross-validation on the
	// training rows: the offset that maximises F_avg (which ignores none). It multiplies
	// the training time by about TuneFolds+1.
	TuneFolds int
}

// DefaultOptions returns the options used by `stance train` unless flags change them: the
// ones chosen by 5-fold cross-validation on the NLPCC 2016 training set (docs/accuracy.md):
// character 1–4-grams and words, the rule features, every feature also conjoined with the
// target, the target-mention feature, IDF weights, L2 1e-4. The none offset is not tuned
// (TuneFolds 0): on that data it moved cross-validated F_avg by nothing and cost 6× the time.
func DefaultOptions() Options {
	return Options{
		Features: FeatureOptions{CharMin: 1, CharMax: 4, WordMax: 1, Rules: true, PerTarget: true,
			MinCount: 2, IDF: true, Mention: true},
		L2:      1e-4,
		MaxIter: 300,
	}
}

// Model is a trained stance classifier. Its methods are safe for concurrent use once
// SetTokenizer and SetRules (if needed) have been called.
type Model struct {
	Version  int            `json:"version"`
	Labels   []string       `json:"labels"`
	Features FeatureOptions `json:"features"`
	// Targets are the target keys (TargetKey) seen in training, sorted.
	Targets []string `json:"targets"`
	// Vocab lists the feature names; Weights holds len(Labels) weights per feature, feature
	// by feature, then one bias per label.
	Vocab   []string  `json:"vocab"`
	Weights []float64 `json:"weights"`
	// IDF holds each feature's inverse document frequency when Features.IDF is set.
	IDF []float64 `json:"idf,omitempty"`
	// NoneOffset is added to the log-probability of none before the label is chosen (see
	// Options.TuneFolds).
	NoneOffset float64 `json:"none_offset"`

	index    map[string]int32
	lr       *softmaxLR
	tokenize func(string) []segment.Token
	rules    *stance.Rules
	// defaultRules builds the default codebook's rules for Score when SetRules was not called.
	defaultRules sync.Once
}

// Train fits a model to the labelled examples (rows without a label are skipped). With
// opts.TuneFolds > 1 it then chooses the model's none offset by cross-validation on the same
// rows.
func Train(examples []Example, opts Options) (*Model, error) {
	rows := labelled(examples)
	if len(rows) == 0 {
		return nil, errors.New("classify: no labelled rows to train on")
	}
	m, err := newModel(rows, opts)
	if err != nil {
		return nil, err
	}
	bags := m.featurize(rows)
	y := labelsOf(rows)
	if err := m.fit(bags, y, opts); err != nil {
		return nil, err
	}
	if opts.TuneFolds > 1 {
		probs, err := m.outOfFold(rows, bags, y, opts, Folds(rows, opts.TuneFolds, 1))
		if err != nil {
			return nil, err
		}
		m.NoneOffset = bestNoneOffset(probs, y)
	}
	return m, nil
}

// labelled returns the rows that have a label.
func labelled(examples []Example) []Example {
	var rows []Example
	for _, ex := range examples {
		if ex.Label != "" {
			rows = append(rows, ex)
		}
	}
	return rows
}

func labelsOf(rows []Example) []int {
	y := make([]int, len(rows))
	for i, ex := range rows {
		y[i] = labelIndex(ex.Label)
	}
	return y
}

// newModel starts a model for the rows: options, tokenizer, rules and the target keys.
func newModel(rows []Example, opts Options) (*Model, error) {
	m := &Model{
		Version:  FormatVersion,
		Labels:   Labels,
		Features: opts.Features,
		tokenize: opts.Tokenize,
		rules:    opts.Rules,
	}
	if m.Features.Rules && m.rules == nil {
		return nil, errors.New("classify: rule features asked for without Options.Rules")
	}
	seen := map[string]bool{}
	for _, ex := range rows {
		seen[TargetKey(ex.Target)] = true
	}
	for t := range seen {
		m.Targets = append(m.Targets, t)
	}
	sort.Strings(m.Targets)
	return m, nil
}

// featurize extracts the features of every row, on up to GOMAXPROCS goroutines (the
// tokenizer and the rules are safe for concurrent use).
func (m *Model) featurize(rows []Example) []bag {
	bags := make([]bag, len(rows))
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				bags[i] = m.extract(rows[i].Target, rows[i].Text, nil)
			}
		}()
	}
	wg.Wait()
	return bags
}

// fit builds the vocabulary from the bags and fits the weights.
func (m *Model) fit(bags []bag, y []int, opts Options) error {
	count := map[string]int{}
	for _, b := range bags {
		for f := range b {
			count[f]++
		}
	}
	minCount := max(opts.Features.MinCount, 1)
	m.Vocab = m.Vocab[:0]
	for f, c := range count {
		if c >= minCount {
			m.Vocab = append(m.Vocab, f)
		}
	}
	sort.Strings(m.Vocab)
	m.buildIndex()
	m.IDF = nil
	if m.Features.IDF {
		m.IDF = make([]float64, len(m.Vocab))
		for j, f := range m.Vocab {
			m.IDF[j] = math.Log(float64(1+len(bags))/float64(1+count[f])) + 1
		}
	}
	K := len(m.Labels)
	perLabel := make([]float64, K)
	X := make([]sparse, len(bags))
	for i, b := range bags {
		X[i] = m.vectorize(b)
		perLabel[y[i]]++
	}
	var rw []float64
	if opts.Balance {
		rw = make([]float64, len(bags))
		for i := range bags {
			rw[i] = float64(len(bags)) / (float64(K) * perLabel[y[i]])
		}
	}
	lr, err := trainLR(X, y, rw, K, len(m.Vocab), opts.L2, opts.MaxIter)
	if err != nil {
		return fmt.Errorf("classify: training: %w", err)
	}
	m.lr = lr
	m.Weights = lr.W
	return nil
}

// outOfFold fits a model per fold on the other folds' bags and returns each row's
// probabilities from the model that did not see it.
func (m *Model) outOfFold(rows []Example, bags []bag, y []int, opts Options, folds []int) ([][]float64, error) {
	k := 0
	for _, f := range folds {
		k = max(k, f+1)
	}
	probs := make([][]float64, len(rows))
	for f := range k {
		var trB []bag
		var trY []int
		for i := range rows {
			if folds[i] != f {
				trB = append(trB, bags[i])
				trY = append(trY, y[i])
			}
		}
		sub := &Model{Version: m.Version, Labels: m.Labels, Features: m.Features, Targets: m.Targets,
			tokenize: m.tokenize, rules: m.rules}
		if err := sub.fit(trB, trY, opts); err != nil {
			return nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		for i := range rows {
			if folds[i] == f {
				probs[i] = sub.probs(sub.vectorize(bags[i]))
			}
		}
	}
	return probs, nil
}

// bestNoneOffset returns the offset added to the log-probability of none that maximises
// F_avg over the given probabilities (F_avg ignores none, so a model tuned for log loss
// says none too often for it); the offset nearest 0 wins a tie.
func bestNoneOffset(probs [][]float64, y []int) float64 {
	gold := make([]Example, len(y))
	for i := range y {
		gold[i].Label = Labels[y[i]]
	}
	best, bestF := 0.0, -1.0
	for step := -30; step <= 30; step++ {
		off := float64(step) / 10
		pred := make([]string, len(probs))
		for i, p := range probs {
			pred[i] = Labels[argmaxOffset(p, off)]
		}
		f := Score(gold, pred).FAvg
		if f > bestF+1e-9 || (math.Abs(f-bestF) <= 1e-9 && math.Abs(off) < math.Abs(best)) {
			best, bestF = off, f
		}
	}
	return best
}

// argmaxOffset returns the index of the largest log-probability, none's shifted by off.
func argmaxOffset(p []float64, off float64) int {
	best, bestV := 0, math.Inf(-1)
	for k, v := range p {
		lv := math.Log(math.Max(v, 1e-300))
		if Labels[k] == model.None {
			lv += off
		}
		if lv > bestV {
			best, bestV = k, lv
		}
	}
	return best
}

func labelIndex(label string) int {
	for i, l := range Labels {
		if l == label {
			return i
		}
	}
	return len(Labels) - 1
}

func (m *Model) buildIndex() {
	m.index = make(map[string]int32, len(m.Vocab))
	for i, f := range m.Vocab {
		m.index[f] = int32(i)
	}
}

// SetTokenizer sets the word segmenter a loaded model uses for texts given without tokens
// (PredictText with nil tokens). Call it before concurrent use.
func (m *Model) SetTokenizer(tokenize func(string) []segment.Token) { m.tokenize = tokenize }

// SetRules sets the rule scorer whose features the model was trained with. Call it before
// concurrent use; Load does not, since the rules are not saved in the model.
func (m *Model) SetRules(r *stance.Rules) { m.rules = r }

// NeedsRules reports whether the model was trained with rule features.
func (m *Model) NeedsRules() bool { return m.Features.Rules }

// extract returns the features of one text toward one target. toks may be nil, in which case
// the model's tokenizer cuts the text (when it has one and word features are on).
func (m *Model) extract(target, text string, toks []segment.Token) bag {
	b := bag{}
	f := m.Features
	folded := fold(text)
	if f.CharMax > 0 {
		b.charGrams(folded, max(f.CharMin, 1), f.CharMax)
	}
	if f.WordMax > 0 {
		if toks == nil && m.tokenize != nil {
			toks = m.tokenize(text)
		}
		if toks != nil {
			b.wordGrams(tokenWords(text, toks), f.WordMax)
		}
	}
	if f.Rules && m.rules != nil {
		rulesFeatures(b, m.rules.Polarity(text, toks))
	}
	if f.Mention {
		if mf := mentionFeature(TargetKey(target), folded); mf != "" {
			b[mf] = 1
		}
	}
	if f.PerTarget {
		key := m.matchTarget(target)
		if key != "" {
			prefix := "t:" + key + "|"
			for k, v := range b {
				if k[0] != 't' {
					b[prefix+k] = v
				}
			}
		}
	}
	return b
}

// rulesFeatures adds the rule scorer's reading of a text: the sign and strength of its score,
// and its evidence (the lexicon words and the rules that fired).
func rulesFeatures(b bag, p stance.Polarity) {
	switch {
	case p.Score >= 0.5:
		b["r:favor+"] = 1
	case p.Score > 0:
		b["r:favor"] = 1
	case p.Score <= -0.5:
		b["r:against+"] = 1
	case p.Score < 0:
		b["r:against"] = 1
	default:
		b["r:none"] = 1
	}
	b["r:score"] = p.Score
	for _, e := range p.Evidence {
		b["r:"+e]++
	}
}

// vectorize maps a bag to a sparse row: known features only, sublinear counts, and the row
// scaled to unit length.
func (m *Model) vectorize(b bag) sparse {
	var r sparse
	norm := 0.0
	for f, v := range b {
		j, ok := m.index[f]
		if !ok {
			continue
		}
		if v > 1 {
			v = 1 + math.Log(v)
		}
		if m.IDF != nil {
			v *= m.IDF[j]
		}
		r.idx = append(r.idx, j)
		r.val = append(r.val, float32(v))
		norm += v * v
	}
	if norm > 0 {
		s := float32(1 / math.Sqrt(norm))
		for i := range r.val {
			r.val[i] *= s
		}
	}
	return r
}

// matchTarget returns the model's key for a target name: the same key, else the most similar
// trained target by character bigrams (Jaccard ≥ 0.5, so 俄罗斯叙利亚反恐行动 finds
// 俄罗斯在叙利亚的反恐行动), else "".
func (m *Model) matchTarget(target string) string {
	key := TargetKey(target)
	i := sort.SearchStrings(m.Targets, key)
	if i < len(m.Targets) && m.Targets[i] == key {
		return key
	}
	best, bestSim := "", 0.5
	for _, t := range m.Targets {
		if s := jaccard(bigrams(key), bigrams(t)); s >= bestSim {
			best, bestSim = t, s
		}
	}
	return best
}

func bigrams(s string) map[string]bool {
	rs := []rune(s)
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	if len(rs) == 1 {
		out[s] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Prediction is the model's verdict on one text toward one target.
type Prediction struct {
	Label string
	// Probs holds the probability of each of Labels.
	Probs []float64
	// Score is P(favor) − P(against), in [-1, 1].
	Score float64
}

// PredictText classifies one text toward one target. toks are the text's jieba words (byte
// offsets into text); nil lets the model cut the text with its tokenizer.
func (m *Model) PredictText(target, text string, toks []segment.Token) Prediction {
	p := m.probs(m.vectorize(m.extract(target, text, toks)))
	return Prediction{Label: m.Labels[argmaxOffset(p, m.NoneOffset)], Probs: p, Score: p[0] - p[1]}
}

// probs returns the label probabilities of a row.
func (m *Model) probs(x sparse) []float64 {
	z := make([]float64, m.lr.K)
	m.lr.scores(x, z)
	mx := z[0]
	for _, v := range z[1:] {
		mx = math.Max(mx, v)
	}
	sum := 0.0
	for k := range z {
		z[k] = math.Exp(z[k] - mx)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

// Save writes the model as gzip-compressed JSON.
func (m *Model) Save(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("classify: saving the model: %w", err)
	}
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	if err := enc.Encode(m); err != nil {
		f.Close()
		return fmt.Errorf("classify: saving the model to %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("classify: saving the model to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("classify: saving the model to %s: %w", path, err)
	}
	return nil
}

// Load reads a model written by Save. A model trained with word features needs SetTokenizer,
// and one trained with rule features needs SetRules, before it scores text.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	defer f.Close()
	m, err := read(f)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, err)
	}
	return m, nil
}

func read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a huashu stance model: %w", err)
	}
	var m Model
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		return nil, fmt.Errorf("not a huashu stance model: %w", err)
	}
	if m.Version != FormatVersion {
		return nil, fmt.Errorf("model format version %d, want %d", m.Version, FormatVersion)
	}
	K := len(m.Labels)
	if K != len(Labels) || len(m.Weights) != (len(m.Vocab)+1)*K {
		return nil, fmt.Errorf("model has %d weights for %d features and %d labels", len(m.Weights), len(m.Vocab), K)
	}
	if m.IDF != nil && len(m.IDF) != len(m.Vocab) {
		return nil, fmt.Errorf("model has %d IDF weights for %d features", len(m.IDF), len(m.Vocab))
	}
	m.buildIndex()
	m.lr = &softmaxLR{K: K, D: len(m.Vocab), W: m.Weights}
	return &m, nil
}
