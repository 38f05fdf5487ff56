package stance

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

// Rule names, as they appear in evidence ("rule:" + name).
const (
	// RuleContrast: a clause before 但, 然而, 却 … counts 0.3.
	RuleContrast = "contrast"
	// RuleConcession: a clause with 虽然, 尽管, 即使, 再… counts 0.3.
	RuleConcession = "concession"
	// RuleHypothetical: a clause with 如果, 要是, 一旦 … counts 0.5.
	RuleHypothetical = "hypothetical"
	// RuleRhetorical: a rhetorical question (难道…吗, 凭什么, 真的…吗？) reads reversed.
	RuleRhetorical = "rhetorical_question"
	// RuleQuestion: an ordinary question counts 0.15 (an open one, 哪些/为什么, 0.25 of that).
	RuleQuestion = "question"
	// RuleComparison: the target is the other side of a comparison (A比B强, 与A相比, A超越B).
	RuleComparison = "comparison"
	// RulePassive: 被 turned the roles (A被B超越).
	RulePassive = "passive"
	// RuleDistance: praise at a distance (所谓, 号称, scare quotes) counts against.
	RuleDistance = "distance"
	// RuleCoreference: the sentence speaks of the target through a pronoun or by going on
	// without a subject.
	RuleCoreference = "coreference"
	// RuleDoubted: a later doubt question (果真如此吗？) took the sentence back.
	RuleDoubted = "doubted"
	// RuleTopic: a clause that only names the topic (对于X，…) counts 0.3.
	RuleTopic = "topic"
	// RuleFinal: the last evaluative word outweighed earlier ones of the other sign.
	RuleFinal = "final"
)

// RulesOptions configures NewRules. The zero value uses the embedded lexicon and the
// default threshold.
type RulesOptions struct {
	// Lexicon replaces the embedded evaluative lexicon (see LoadLexicon).
	Lexicon *Lexicon
	// Threshold is the |score| at or above which a sentence or document is favor or against
	// (default 0.2).
	Threshold float64
}

// DefaultThreshold is the |score| from which a label is favor or against.
const DefaultThreshold = 0.2

// Rules is the rule-based stance scorer. It is read-only once built and safe for concurrent
// use.
type Rules struct {
	cb      *codebook.Codebook
	targets []string
	lexicon *wordTable
	// index finds the lexicon's and the cue lists' words in a sentence in one pass.
	index     *wordIndex
	threshold float64
	// aliases are the codebook patterns that name a target; stancePatterns those of the
	// categories in categoryPolarity, matched when the caller has no markers.
	aliases        patternSet
	stancePatterns patternSet
	transitive     map[string]bool
}

// NewRules builds the rule scorer for a codebook's targets.
func NewRules(cb *codebook.Codebook, opts RulesOptions) (*Rules, error) {
	if cb == nil {
		return nil, fmt.Errorf("stance: no codebook")
	}
	lex := opts.Lexicon
	if lex == nil {
		var err error
		if lex, err = DefaultLexicon(); err != nil {
			return nil, err
		}
	}
	r := &Rules{cb: cb, targets: cb.TargetIDs(), threshold: opts.Threshold, transitive: set(transitiveComparatives)}
	if r.threshold <= 0 {
		r.threshold = DefaultThreshold
	}
	r.lexicon = newWordTable()
	value := func(w string) float64 {
		if lex.Weak[w] {
			return weakValue
		}
		return 1
	}
	for _, w := range lex.Positive {
		r.lexicon.add(w, value(w))
	}
	for _, w := range lex.Negative {
		r.lexicon.add(w, -value(w))
	}
	for _, w := range lex.Neutral {
		r.lexicon.add(w, 0)
	}
	r.lexicon.finish()
	var ix wordIndexBuilder
	for w, v := range r.lexicon.words {
		ix.addLexicon(w, v)
	}
	for _, l := range cueLists {
		for _, w := range l.words {
			ix.add(w, l.bit)
		}
	}
	r.aliases.bit, r.stancePatterns.bit = aliasBit, markerBit
	for _, p := range cb.Patterns() {
		if len(p.Targets) > 0 {
			r.aliases.add(p)
		}
		for _, c := range p.Categories {
			if _, ok := categoryPolarity[c]; ok {
				r.stancePatterns.add(p)
				break
			}
		}
	}
	r.aliases.indexIn(&ix)
	r.stancePatterns.indexIn(&ix)
	r.index = ix.build()
	return r, nil
}

// Words returns the words jieba must keep whole for the rules to see them: the codebook's
// terms and aliases (codebook.DictWords).
func (r *Rules) Words() []string { return r.cb.DictWords() }

// Targets returns the target IDs the rules score, in codebook order.
func (r *Rules) Targets() []string { return append([]string(nil), r.targets...) }

// contribution is one word's or rule's share of a sentence's score toward a target.
type contribution struct {
	evidence string
	value    float64
	// pos is the byte offset of the word in its sentence.
	pos int
}

// targetScore is a sentence's stance toward one target.
type targetScore struct {
	raw float64
	// label, when set, is another scorer's label (ScoreWith), else the score decides.
	label string
	words []contribution
	rules ruleSet
}

// ruleSet is a set of rules, one bit per entry of ruleNames.
type ruleSet uint16

// ruleNames are the rules' names, sorted, as evidence lists them; ruleEvidence holds their
// evidence ("rule:" + name) in the same order.
var (
	ruleNames = []string{
		RuleComparison, RuleConcession, RuleContrast, RuleCoreference, RuleDistance,
		RuleDoubted, RuleFinal, RuleHypothetical, RulePassive, RuleQuestion, RuleRhetorical,
		RuleTopic,
	}
	ruleEvidence = func() []string {
		if !sort.StringsAreSorted(ruleNames) || len(ruleNames) > 16 {
			panic("stance: ruleNames must be sorted and fit a ruleSet")
		}
		out := make([]string, len(ruleNames))
		for i, n := range ruleNames {
			out[i] = "rule:" + n
		}
		return out
	}()
)

func (t *targetScore) add(ev string, v float64, pos int) {
	t.raw += v
	t.words = append(t.words, contribution{ev, v, pos})
}

// finalWeight scales a word whose sign the sentence's last evaluative word (toward the same
// target) contradicts: in Chinese the comment comes last (推动作用有限, 突破…是泡沫).
const finalWeight = 0.5

// final lets the last word toward the target outweigh earlier words of the other sign.
func (t *targetScore) final() {
	last := -1
	for i, w := range t.words {
		if w.value != 0 && (last < 0 || w.pos >= t.words[last].pos) {
			last = i
		}
	}
	if last < 0 {
		return
	}
	lv := t.words[last].value
	for i := range t.words {
		if w := &t.words[i]; w.value*lv < 0 {
			t.raw -= w.value * (1 - finalWeight)
			w.value *= finalWeight
			t.rule(RuleFinal)
		}
	}
}

// rule records that the rule of that name (one of ruleNames) shaped the score.
func (t *targetScore) rule(name string) {
	for i, n := range ruleNames {
		if n == name {
			t.rules |= 1 << i
			return
		}
	}
	panic("stance: unknown rule " + name)
}

// score is the sentence's score in [-1, 1].
func (t *targetScore) score() float64 { return math.Tanh(t.raw) }

// evidence lists the words by the size of their share, then the rules, sorted.
func (t *targetScore) evidence() []string {
	n := bits.OnesCount16(uint16(t.rules))
	for _, w := range t.words {
		if w.value != 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	// The words, by the size of their share (a stable sort: ties keep their order), each
	// evidence once.
	var wsBuf [16]contribution
	ws := append(wsBuf[:0], t.words...)
	slices.SortStableFunc(ws, func(a, b contribution) int {
		switch va, vb := abs(a.value), abs(b.value); {
		case va > vb:
			return -1
		case vb > va:
			return 1
		}
		return 0
	})
	for _, w := range ws {
		if w.value == 0 || slices.Contains(out, w.evidence) {
			continue
		}
		out = append(out, w.evidence)
	}
	for i, ev := range ruleEvidence {
		if t.rules&(1<<i) != 0 {
			out = append(out, ev)
		}
	}
	return out
}

// targetScores are a sentence's scores toward the targets it speaks of, one entry per
// target.
type targetScores []targetEntry

type targetEntry struct {
	target string
	score  targetScore
}

// get returns the score toward target t, or nil when the sentence does not speak of it.
func (ts targetScores) get(t string) *targetScore {
	for i := range ts {
		if ts[i].target == t {
			return &ts[i].score
		}
	}
	return nil
}

// role is the sign with which a word counts toward a target: 1 for the subject, -1 for the
// other side of a comparison.
type role struct {
	target string
	f      float64
}

// setRole sets the sign of target t in roles, replacing the one it had.
func setRole(roles []role, t string, f float64) []role {
	for i := range roles {
		if roles[i].target == t {
			roles[i].f = f
			return roles
		}
	}
	return append(roles, role{t, f})
}

// scoreTargets scores a sentence toward each target it speaks of: the targets it names, or,
// naming none, the topic it continues (given when it has a pronoun or subjectless opening).
func (s *sentence) scoreTargets(mem *docMemory, topic []string) targetScores {
	var namedBuf [4]string
	named := namedBuf[:0]
	for _, m := range s.mentions {
		named = appendUnique(named, m.target)
	}
	coref := false
	if len(named) == 0 {
		if s.corefCue == "" || len(topic) == 0 {
			return nil
		}
		for _, t := range topic {
			named = appendUnique(named, t)
		}
		coref = true
	}
	out := targetScores(room(&mem.entries, len(named))[:len(named)])
	for i, t := range named {
		out[i] = targetEntry{target: t}
		if coref {
			out[i].score.rule(RuleCoreference)
		}
	}
	var foilsBuf [4]string
	foils := foilsBuf[:0]
	var rolesBuf [8]role
	var lastSubjects []string
	subjectsOf := func(k int) []string {
		var ts []string
		for _, mi := range s.clauses[k].mentions {
			ts = appendUnique(ts, s.mentions[mi].target)
		}
		return ts
	}
	for k, c := range s.clauses {
		subjects, objects, frameFoils := s.clauseRoles(k)
		for _, f := range frameFoils {
			foils = appendUnique(foils, f)
		}
		if len(subjects) == 0 && len(objects) == 0 && len(frameFoils) == 0 {
			// No name in the clause: it goes on about the last subject, else the next
			// clause's, else the sentence's topic.
			subjects = lastSubjects
			if len(subjects) == 0 {
				for j := k + 1; j < len(s.clauses) && len(subjects) == 0; j++ {
					subjects = subjectsOf(j)
				}
			}
			if len(subjects) == 0 && coref {
				subjects = topic
			}
		}
		if len(subjects) > 0 {
			lastSubjects = subjects
		}
		roleOf := func(h *hit) []role {
			roles := rolesBuf[:0]
			for _, t := range foils {
				roles = setRole(roles, t, -1)
			}
			for _, t := range objects.of(h.start) {
				roles = setRole(roles, t, -1)
			}
			for _, t := range subjects {
				roles = setRole(roles, t, 1)
			}
			// A passive (A被B超越): a comparative verb is the agent's deed, so the subject
			// takes its opposite; any other word is the subject's lot, so the agent takes
			// its opposite (OpenAI被DeepSeek打了个措手不及).
			if s.passive(h, k) {
				agents := s.agents(h, k)
				if h.transitive {
					for _, t := range subjects {
						roles = setRole(roles, t, -1)
					}
					for _, t := range agents {
						roles = setRole(roles, t, 1)
					}
				} else {
					for _, t := range agents {
						roles = setRole(roles, t, -1)
					}
				}
			}
			return roles
		}
		for i := range s.hits {
			h := &s.hits[i]
			if h.clause != k {
				continue
			}
			for _, ro := range roleOf(h) {
				ts := out.get(ro.target)
				if ts == nil {
					continue
				}
				f := ro.f
				ev := h.evidence()
				if f < 0 {
					// The word counts against this target (the other side of a comparison).
					ev = flipSign(ev)
				}
				ts.add(ev, c.weight*h.value*f, h.start)
				if f < 0 {
					ts.rule(RuleComparison)
				}
				if s.passive(h, k) && (h.transitive || len(s.agents(h, k)) > 0) {
					ts.rule(RulePassive)
				}
				s.clauseRules(ts, k)
			}
		}
	}
	for _, mi := range s.distanceMentions {
		m := s.mentions[mi]
		if ts := out.get(m.target); ts != nil {
			ts.add("-"+m.alias+"[distance]", distanceAlone*s.clauses[s.clauseOf(m.start)].weight, m.start)
			ts.rule(RuleDistance)
		}
	}
	for i := range out {
		ts := &out[i].score
		ts.final()
		s.sentenceRules(ts)
	}
	return out
}

// clauseRules records which clause-level rules shaped a contribution.
func (s *sentence) clauseRules(ts *targetScore, k int) {
	c := s.clauses[k]
	switch {
	case c.concession:
		ts.rule(RuleConcession)
	case c.hypo:
		ts.rule(RuleHypothetical)
	case c.topic:
		ts.rule(RuleTopic)
	case c.weight < 1:
		ts.rule(RuleContrast)
	}
	if c.contrast {
		ts.rule(RuleContrast)
	}
	for _, h := range s.hits {
		if h.clause == k && (h.distanced || h.quoted) && h.base > 0 {
			ts.rule(RuleDistance)
		}
	}
}

// sentenceRules applies the sentence's shape: a rhetorical question asserts the opposite of
// what it says, an ordinary question counts half.
func (s *sentence) sentenceRules(ts *targetScore) {
	switch {
	case s.assertive:
	case s.rhetorical:
		for i := range ts.words {
			if w := &ts.words[i]; w.pos >= s.rhetoricalFrom && w.value != 0 {
				ts.raw -= 2 * w.value
				w.value = -w.value
				w.evidence = flipSign(w.evidence)
				ts.rule(RuleRhetorical)
			}
		}
	case s.question:
		q := questionWeight
		if s.wh {
			q = whQuestionWeight
		}
		ts.raw *= q
		for i := range ts.words {
			ts.words[i].value *= q
		}
		if ts.raw != 0 {
			ts.rule(RuleQuestion)
		}
	}
}

func flipSign(ev string) string {
	switch {
	case strings.HasPrefix(ev, "+"):
		return "-" + ev[1:]
	case strings.HasPrefix(ev, "-"):
		return "+" + ev[1:]
	}
	return ev
}

// clauseRoles reads a clause's comparison structure. subjects are the targets the clause's
// evaluation is about; objects, per hit offset, the targets that take its opposite (A比B强:
// B; A超越B: B); frameFoils the foils of a frame (与A相比，…: A) that take the opposite of
// every later evaluation in the sentence.
func (s *sentence) clauseRoles(k int) (subjects []string, objects hitObjects, frameFoils []string) {
	c := s.clauses[k]
	ms := c.mentions
	if len(ms) == 0 {
		return nil, nil, nil
	}
	// isFoil marks, by index in s.mentions, the mentions that are no subject.
	var isFoilBuf [16]bool
	isFoil := isFoilBuf[:]
	if len(s.mentions) > len(isFoilBuf) {
		isFoil = make([]bool, len(s.mentions))
	}
	// A frame: [X]与/和/跟/同 A 相比/比起来…, or 相比/比起/相较于 A.
	first := s.firstWordStart(c.start, c.end)
	preps, closes := comparisonPreps.bit, comparisonCloses.bit
	for i := s.nextWord(c.start, c.end, preps); i < c.end; i = s.nextWord(i+s.step(i), c.end, preps) {
		prep := s.wordAt(i, comparisonPreps)
		if prep == "" || s.insideHit(i) {
			continue
		}
		prefixType := prep != "与" && prep != "和" && prep != "跟" && prep != "同"
		closeAt := -1
		for j := s.nextWord(i+len(prep), c.end, closes); j < c.end; j = s.nextWord(j+s.step(j), c.end, closes) {
			if w := s.wordAt(j, comparisonCloses); w != "" {
				closeAt = j
				break
			}
		}
		if !prefixType && closeAt < 0 {
			continue
		}
		if prefixType && i != first {
			continue
		}
		end := closeAt
		if end < 0 {
			end = c.end
		}
		var inFrame []int
		for _, mi := range ms {
			if m := s.mentions[mi]; m.start >= i+len(prep) && m.start < end {
				inFrame = append(inFrame, mi)
			}
		}
		if len(inFrame) == 0 {
			continue
		}
		if prefixType && closeAt < 0 {
			inFrame = inFrame[:1]
		}
		for _, mi := range inFrame {
			isFoil[mi] = true
			frameFoils = appendUnique(frameFoils, s.mentions[mi].target)
		}
		break
	}
	// 比 (A比B强): the names after 比 and before the next evaluative word are objects of the
	// words after it.
	for i := s.nextWord(c.start, c.end, comparatives.bit); i < c.end; i = s.nextWord(i+s.step(i), c.end, comparatives.bit) {
		w := s.wordAt(i, comparatives)
		if w == "" || s.insideHit(i) || (s.starts == nil && !bareComparative(s.text, i+len(w))) || isCloseAt(s, i) {
			continue
		}
		var objs []string
		for _, mi := range ms {
			m := s.mentions[mi]
			if m.start > i && !isFoil[mi] && !s.hitBetween(i, m.start, k) {
				objs = appendUnique(objs, m.target)
				isFoil[mi] = true
			}
		}
		for _, h := range s.hits {
			if h.clause == k && h.start > i {
				objects.add(h.start, objs...)
			}
		}
	}
	// Comparative verbs: A超越B, A不如B, and the words after B (A不如B好用).
	for _, h := range s.hits {
		if h.clause != k || !h.transitive || s.passive(&h, k) {
			continue
		}
		for _, mi := range ms {
			m := s.mentions[mi]
			// 号称“遥遥领先”的国产大模型: a name after 的 is what the phrase describes.
			if m.start >= h.end && !isFoil[mi] && !s.hitBetween(h.end, m.start, k) && !modifies(s.text[h.end:m.start]) {
				objects.addUnique(h.start, m.target)
				isFoil[mi] = true
				for _, w := range s.hits {
					if w.clause == k && w.compared && w.start >= m.end {
						objects.addUnique(w.start, m.target)
					}
				}
			}
		}
	}
	for _, mi := range ms {
		if !isFoil[mi] {
			subjects = appendUnique(subjects, s.mentions[mi].target)
		}
	}
	// A target that is both subject and object (GPT-5比GPT-4强: both us_ai) is the subject.
	for i := range objects {
		var keep []string
		for _, t := range objects[i].targets {
			if !contains(subjects, t) {
				keep = append(keep, t)
			}
		}
		objects[i].targets = keep
	}
	var keep []string
	for _, t := range frameFoils {
		if !contains(subjects, t) {
			keep = append(keep, t)
		}
	}
	return subjects, objects, keep
}

// hitObjects holds, per hit offset, the targets that take the opposite of the hit's
// evaluation; an offset may be listed with no target.
type hitObjects []hitObject

type hitObject struct {
	at      int
	targets []string
}

// of returns the targets listed at offset at.
func (o hitObjects) of(at int) []string {
	for _, x := range o {
		if x.at == at {
			return x.targets
		}
	}
	return nil
}

// entry returns the entry of offset at, added when missing.
func (o *hitObjects) entry(at int) *hitObject {
	for i := range *o {
		if (*o)[i].at == at {
			return &(*o)[i]
		}
	}
	*o = append(*o, hitObject{at: at})
	return &(*o)[len(*o)-1]
}

// add lists ts at offset at (the offset even when ts is empty).
func (o *hitObjects) add(at int, ts ...string) {
	e := o.entry(at)
	e.targets = append(e.targets, ts...)
}

// addUnique lists t at offset at unless it is there.
func (o *hitObjects) addUnique(at int, t string) {
	e := o.entry(at)
	e.targets = appendUnique(e.targets, t)
}

// modifies reports whether the text between a word and a name makes the word a modifier of
// the name (…领先”的国产大模型): it ends in 的, quotation marks aside.
func modifies(between string) bool {
	return strings.HasSuffix(strings.TrimRight(between, "”’」』\"' "), "的")
}

// passive reports whether 被 stands before the word in its clause (as a word of its own).
func (s *sentence) passive(h *hit, k int) bool {
	c := s.clauses[k]
	bei := strings.LastIndex(s.text[c.start:h.start], "被")
	return bei >= 0 && s.isStart(c.start+bei)
}

// agents returns the targets named between 被 and the hit (A被B超越: B), whose stance is the
// word's, while the subject's is the opposite.
func (s *sentence) agents(h *hit, k int) []string {
	c := s.clauses[k]
	bei := strings.LastIndex(s.text[c.start:h.start], "被")
	if bei < 0 {
		return nil
	}
	bei += c.start
	if !s.isStart(bei) {
		return nil
	}
	var out []string
	for _, mi := range c.mentions {
		if m := s.mentions[mi]; m.start > bei && m.end <= h.start {
			out = appendUnique(out, m.target)
		}
	}
	return out
}

// hitBetween reports whether an evaluative word of clause k lies in text[from:to].
func (s *sentence) hitBetween(from, to, k int) bool {
	for _, h := range s.hits {
		if h.clause == k && h.start >= from && h.end <= to {
			return true
		}
	}
	return false
}

// bareComparative reports, for text without tokens, whether 比 at the given end offset is the
// comparative and not the first character of 比较, 比如, 比赛 ….
func bareComparative(text string, after int) bool {
	r, _ := utf8.DecodeRuneInString(text[after:])
	return !strings.ContainsRune("较如起赛例特重喻率分值拟划肩翼", r)
}

// isCloseAt reports whether the 比 at i closes a frame (与A比，…) rather than comparing.
func isCloseAt(s *sentence, i int) bool {
	rest := s.text[i:]
	r, _ := utf8.DecodeRuneInString(rest[len("比"):])
	if rest[len("比"):] == "" || strings.ContainsRune(clausePunct, r) {
		return true
	}
	return strings.HasPrefix(rest, "比起来") || strings.HasPrefix(rest, "比较起来")
}

func appendUnique(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// label maps a score to favor, against or none.
func (r *Rules) label(score float64) string {
	switch {
	case score >= r.threshold:
		return model.Favor
	case score <= -r.threshold:
		return model.Against
	}
	return model.None
}

// Polarity reads a text that speaks of one unnamed target (a post about it, as in the NLPCC
// task): the lexicon, markers and rules as for a sentence, every evaluative word taken to be
// about the target, comparisons left aside. The text is cut into sentences at 。！？!? and line
// ends; toks are its jieba words (byte offsets into text), nil to work on characters.
func (r *Rules) Polarity(text string, toks []segment.Token) Polarity {
	ts := &targetScore{}
	sents, _ := splitSentences(text, toks)
	mem := getDocMemory(sents)
	defer mem.release()
	for _, in := range sents {
		s := r.read(mem, in.Text, in.Tokens, nil, false, false)
		one := s.polarity()
		mem.done(s)
		if s.doubt && ts.raw != 0 {
			// A doubt question (果真如此吗？) takes back what was said before it.
			ts.raw *= doubtedWeight
			ts.rule(RuleDoubted)
		}
		ts.raw += one.raw
		ts.words = append(ts.words, one.words...)
		ts.rules |= one.rules
		mem.recycle()
	}
	return Polarity{Score: ts.score(), Evidence: ts.evidence()}
}

// doubtedWeight is what a sentence put in doubt by the next one (果真如此吗？) keeps of its
// score: it flips to half the opposite.
const doubtedWeight = -0.5

// splitSentences cuts text after 。！？!? and line ends, handing each piece its tokens with
// offsets rebased, and the byte offset where each sentence starts.
func splitSentences(text string, toks []segment.Token) ([]Input, []int) {
	var out []Input
	var starts []int
	start := 0
	ti := 0
	flush := func(end int) {
		if strings.TrimSpace(text[start:end]) == "" {
			start = end
			return
		}
		in := Input{Text: text[start:end]}
		if toks != nil {
			in.Tokens = []segment.Token{}
			for ti < len(toks) && toks[ti].Start < end {
				t := toks[ti]
				if t.Start >= start && t.End <= end {
					in.Tokens = append(in.Tokens, segment.Token{Text: t.Text, Start: t.Start - start, End: t.End - start})
				}
				ti++
			}
		}
		out = append(out, in)
		starts = append(starts, start)
		start = end
	}
	for i, c := range text {
		if strings.ContainsRune("。！？!?\n", c) {
			end := i + utf8.RuneLen(c)
			// Keep a run of closing marks (？！」) with the sentence.
			for end < len(text) {
				r, n := utf8.DecodeRuneInString(text[end:])
				if !strings.ContainsRune("。！？!?”’」』)）", r) {
					break
				}
				end += n
			}
			if end > start {
				flush(end)
			}
		}
	}
	if start < len(text) {
		flush(len(text))
	}
	return out, starts
}
