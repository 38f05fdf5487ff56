package classify

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"text/tabwriter"
)

// LabelScore is the precision, recall and F1 of one label.
type LabelScore struct {
	Label     string
	Precision float64
	Recall    float64
	F1        float64
	// Gold and Predicted count the rows with the label in the gold data and in the
	// predictions; Correct counts the rows where both agree on it.
	Gold, Predicted, Correct int
}

// Metrics are the scores of predictions against gold labels, micro-averaged over all targets
// as in NLPCC 2016 Task 4A and SemEval-2016 Task 6.
type Metrics struct {
	// Labels holds favor, against and none, in that order.
	Labels []LabelScore
	// FAvg is (F1(favor) + F1(against)) / 2, the task's official measure.
	FAvg float64
	// Accuracy is the share of rows whose label was predicted right.
	Accuracy float64
	// N is the number of rows scored (rows without a gold label are left out).
	N int
}

// Score compares predicted labels with the gold labels of examples (parallel slices); rows
// whose gold label is "" are skipped.
func Score(examples []Example, predicted []string) Metrics {
	var m Metrics
	ls := make([]LabelScore, len(Labels))
	for i, l := range Labels {
		ls[i].Label = l
	}
	right := 0
	for i, ex := range examples {
		if ex.Label == "" {
			continue
		}
		m.N++
		g, p := labelIndex(ex.Label), labelIndex(predicted[i])
		ls[g].Gold++
		ls[p].Predicted++
		if g == p {
			ls[g].Correct++
			right++
		}
	}
	for i := range ls {
		l := &ls[i]
		if l.Predicted > 0 {
			l.Precision = float64(l.Correct) / float64(l.Predicted)
		}
		if l.Gold > 0 {
			l.Recall = float64(l.Correct) / float64(l.Gold)
		}
		if l.Precision+l.Recall > 0 {
			l.F1 = 2 * l.Precision * l.Recall / (l.Precision + l.Recall)
		}
	}
	m.Labels = ls
	m.FAvg = (ls[0].F1 + ls[1].F1) / 2
	if m.N > 0 {
		m.Accuracy = float64(right) / float64(m.N)
	}
	return m
}

// ScoreByTarget scores the predictions of each target's rows on their own, keyed by the
// target as written in the data.
func ScoreByTarget(examples []Example, predicted []string) map[string]Metrics {
	idx := map[string][]int{}
	for i, ex := range examples {
		idx[ex.Target] = append(idx[ex.Target], i)
	}
	out := map[string]Metrics{}
	for t, is := range idx {
		ex := make([]Example, len(is))
		pr := make([]string, len(is))
		for k, i := range is {
			ex[k], pr[k] = examples[i], predicted[i]
		}
		out[t] = Score(ex, pr)
	}
	return out
}

// Write prints the metrics as a table: one line per label, then F_avg and accuracy.
func (m Metrics) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "label\tprecision\trecall\tF1\tgold\tpredicted\t\n")
	for _, l := range m.Labels {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%d\t\n", l.Label, l.Precision, l.Recall, l.F1, l.Gold, l.Predicted)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "F_avg %.4f  accuracy %.4f  rows %d\n", m.FAvg, m.Accuracy, m.N)
	return err
}

// Predict classifies every example and returns the labels, parallel to examples. Texts are
// cut with the model's tokenizer.
func (m *Model) Predict(examples []Example) []string {
	out := make([]string, len(examples))
	for i, ex := range examples {
		out[i] = m.PredictText(ex.Target, ex.Text, nil).Label
	}
	return out
}

// Evaluate predicts every example and scores the predictions against their gold labels.
func (m *Model) Evaluate(examples []Example) Metrics {
	return Score(examples, m.Predict(examples))
}

// CrossValidate trains k models, each on all labelled rows but one fold, and scores each
// row's prediction by the model that did not see it. Folds are stratified by target and
// label and drawn with a fixed seed, so the result is reproducible. Features are extracted
// once for all folds.
func CrossValidate(examples []Example, opts Options, k int, seed uint64) (Metrics, []string, error) {
	if k < 2 {
		return Metrics{}, nil, fmt.Errorf("classify: cross-validation needs k ≥ 2, got %d", k)
	}
	rows := labelled(examples)
	if len(rows) < k {
		return Metrics{}, nil, fmt.Errorf("classify: %d labelled rows for %d folds", len(rows), k)
	}
	m, err := newModel(rows, opts)
	if err != nil {
		return Metrics{}, nil, err
	}
	bags := m.featurize(rows)
	y := labelsOf(rows)
	folds := Folds(rows, k, seed)
	pred := make([]string, len(rows))
	for f := range k {
		var trRows []Example
		var trBags []bag
		var trY []int
		for i := range rows {
			if folds[i] != f {
				trRows = append(trRows, rows[i])
				trBags = append(trBags, bags[i])
				trY = append(trY, y[i])
			}
		}
		sub := &Model{Version: m.Version, Labels: m.Labels, Features: m.Features, Targets: m.Targets,
			tokenize: m.tokenize, rules: m.rules}
		if err := sub.fit(trBags, trY, opts); err != nil {
			return Metrics{}, nil, fmt.Errorf("fold %d: %w", f+1, err)
		}
		if opts.TuneFolds > 1 {
			probs, err := sub.outOfFold(trRows, trBags, trY, opts, Folds(trRows, opts.TuneFolds, seed+1))
			if err != nil {
				return Metrics{}, nil, fmt.Errorf("fold %d: %w", f+1, err)
			}
			sub.NoneOffset = bestNoneOffset(probs, trY)
		}
		for i := range rows {
			if folds[i] == f {
				pred[i] = Labels[argmaxOffset(sub.probs(sub.vectorize(bags[i])), sub.NoneOffset)]
			}
		}
	}
	return Score(rows, pred), pred, nil
}

// Folds assigns each row a fold in [0, k): rows are grouped by target and label, shuffled
// with the seed, and dealt round-robin, so every fold has about the same mix.
func Folds(rows []Example, k int, seed uint64) []int {
	groups := map[string][]int{}
	for i, ex := range rows {
		key := TargetKey(ex.Target) + "\x00" + ex.Label
		groups[key] = append(groups[key], i)
	}
	keys := make([]string, 0, len(groups))
	for key := range groups {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	folds := make([]int, len(rows))
	next := 0
	for _, key := range keys {
		idx := groups[key]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			folds[i] = next % k
			next++
		}
	}
	return folds
}
