package classify

import (
	"fmt"
	"sort"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stance"
)

// evidenceFeatures is how many of its strongest features a prediction lists as evidence.
const evidenceFeatures = 5

// Score implements stance.Scorer: the rules find which sentences speak of which target
// (aliases, continuing pronouns), the model predicts each such sentence's stance, and the
// document's stance is aggregated as the rules aggregate theirs (stance.Rules.ScoreWith).
// A sentence's score is P(favor) − P(against). The model is asked about a codebook target
// by its ID, else its Chinese or English name, whichever it was trained with (none of them:
// the target-independent features alone decide). It uses the rules given to SetRules; without
// them it builds, once, the rules of the default codebook, so a model loaded with Load scores
// the default targets as it is (call SetRules with the rules of a user's codebook to score
// its targets). It is safe for concurrent use.
func (m *Model) Score(ann *model.Annotation, sents []stance.Input) {
	m.defaultRules.Do(func() {
		if m.rules != nil {
			return
		}
		cb, err := codebook.Default()
		if err == nil {
			m.rules, err = stance.NewRules(cb, stance.RulesOptions{})
		}
		if err != nil {
			panic(fmt.Sprintf("classify: the default rules: %v", err))
		}
	})
	m.rules.ScoreWith(ann, sents, m.predictSentence)
}

var _ stance.Scorer = (*Model)(nil)

func (m *Model) predictSentence(t *codebook.Target, in stance.Input) stance.Prediction {
	name := t.ID
	for _, n := range []string{t.ID, t.Zh, t.En} {
		if n != "" && m.matchTarget(n) != "" {
			name = n
			break
		}
	}
	toks := in.Tokens
	x := m.vectorize(m.extract(name, in.Text, toks))
	p := m.probs(x)
	k := argmaxOffset(p, m.NoneOffset)
	return stance.Prediction{Label: m.Labels[k], Score: p[0] - p[1], Evidence: m.explain(x, k)}
}

// explain lists the features that pushed a row most toward label k, with their weight.
func (m *Model) explain(x sparse, k int) []string {
	K := m.lr.K
	type fw struct {
		f string
		w float64
	}
	var fs []fw
	for n, j := range x.idx {
		w := float64(x.val[n]) * m.lr.W[int(j)*K+k]
		if w > 0 {
			fs = append(fs, fw{m.Vocab[j], w})
		}
	}
	sort.Slice(fs, func(a, b int) bool { return fs[a].w > fs[b].w })
	var out []string
	for _, f := range fs[:min(len(fs), evidenceFeatures)] {
		out = append(out, fmt.Sprintf("%s(%+.2f)", f.f, f.w))
	}
	return out
}
