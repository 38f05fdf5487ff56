package stance

import (
	"strings"
)

// The document-level rules beyond the weighted mean of the sentences: the title, the
// document's main target, and whether a target is judged at all.
const (
	// titleWeight is the weight of the title in the document's mean: the writer's headline
	// claim, worth three sentences.
	titleWeight = 3
	// judgedSentences and sentencesPerJudgement set how many sentences must take a side
	// toward a target for the document to have a stance toward it (see judged).
	judgedSentences       = 3
	sentencesPerJudgement = 12
	// mainTargetMin is how many sentences must speak of a target for it to be the
	// document's main target, and mainTargetRatio how many times as many as any other
	// target (see mainTarget).
	mainTargetMin   = 3
	mainTargetRatio = 2
)

// firstPersonSides name the writer's own side (我们又慢了一步): a title that speaks of
// it is about the writer's camp, which no target's alias names, not about the essay's main
// target.
var firstPersonSides = []string{"我们", "咱们", "我国"}

// personalPronouns are the characters of the first and second person (我, 你, 您): a title's
// clause that holds one speaks of the writer or the reader.
const personalPronouns = "我你您"

// headline is a document's title as the rules read it.
type headline struct {
	// named holds the title's scores toward the targets it names.
	named targetScores
	// unnamed is the title's polarity, every evaluative word taken to be about one unnamed
	// target, when the title names no target and not the writer's side; nil otherwise. It
	// goes to the document's main target (see mainTarget): a headline speaks of what the
	// essay is about (并非泡沫 over an essay on 英伟达).
	unnamed *targetScore
	// text is the title, for a predictor (ScoreWith).
	text string
}

// readTitle reads a document's title as one sentence, on characters (the analysis has no
// tokens for it) and matching the codebook's patterns itself.
func (r *Rules) readTitle(mem *docMemory, title string) headline {
	h := headline{text: title}
	if strings.TrimSpace(title) == "" {
		return h
	}
	s := r.read(mem, title, nil, nil, false, false)
	// A clause of the title that speaks of the writer or the reader (你先别急, 我有点失望)
	// evaluates them, not the target the title names.
	for i := range s.hits {
		c := s.clauses[s.hits[i].clause]
		if strings.ContainsAny(s.text[c.start:c.end], personalPronouns) {
			s.hits[i].value = 0
		}
	}
	if len(s.mentions) > 0 {
		h.named = s.scoreTargets(mem, nil)
		return h
	}
	for _, w := range firstPersonSides {
		if strings.Contains(title, w) {
			return h
		}
	}
	p := s.polarity()
	h.unnamed = &p
	return h
}

// toward returns the title's score toward target t, given the document's main target
// (""), or nil when the title says nothing of t.
func (h *headline) toward(t, main string) *targetScore {
	if ts := h.named.get(t); ts != nil {
		return ts
	}
	if t == main && h.unnamed != nil {
		return h.unnamed
	}
	return nil
}

// judges reports whether the title makes target t the document's concern: it names t, or
// it takes a side (a nonzero score) and t is the main target.
func (h *headline) judges(t, main string) bool {
	return h.named.get(t) != nil || (t == main && h.unnamed != nil && h.unnamed.raw != 0)
}

// polarity scores the sentence as speaking of one unnamed target: every evaluative word
// counts, with its clause's weight and the sentence's shape (a question, a rhetorical
// question), comparisons left aside.
func (s *sentence) polarity() targetScore {
	var ts targetScore
	for _, h := range s.hits {
		c := s.clauses[h.clause]
		ts.add(h.evidence(), c.weight*h.value, h.start)
		s.clauseRules(&ts, h.clause)
	}
	ts.final()
	s.sentenceRules(&ts)
	return ts
}

// mainTarget returns the target that the document's sentences speak of most, when they
// speak of it in at least mainTargetMin sentences and mainTargetRatio times as many as of
// any other target; "" when no target is the main one.
func (r *Rules) mainTarget(scores []targetScores) string {
	best, bestN, second := "", 0, 0
	for _, t := range r.targets {
		n := 0
		for i := range scores {
			if scores[i].get(t) != nil {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, second = t, n, bestN
		case n > second:
			second = n
		}
	}
	if bestN < mainTargetMin || bestN < mainTargetRatio*second {
		return ""
	}
	return best
}

// judged reports whether a document of n sentences judges a target rather than naming it
// in passing: its title speaks of the target, or at least min(judgedSentences, 1 +
// n/sentencesPerJudgement) of its sentences take a side toward it (labelled favor or
// against: one for a text of up to eleven sentences, three for an essay of twenty-four or
// more). An essay that praises or blames a company in two sentences of forty has no stance
// toward it as a whole (the essay gold's "none: only mentioned").
func judged(n, labelled int, inTitle bool) bool {
	return inTitle || labelled >= min(judgedSentences, 1+n/sentencesPerJudgement)
}
