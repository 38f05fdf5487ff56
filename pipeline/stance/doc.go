package stance

import (
	"math"
	"sort"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

// Weights of the document's aggregation.
const (
	// conclusionWeight is the weight of a sentence that opens with 总之, 所以 … and
	// afterConclusion that of the sentences after it in its paragraph.
	conclusionWeight = 2
	afterConclusion  = 1.5
	// lastParagraphWeight is the weight of the sentences of the last paragraph that speaks
	// of a target.
	lastParagraphWeight = 1.5
	// contradictedWeight is the weight of a sentence followed by one on the same target that
	// opens with 但, 然而 …: the writer moves on from it.
	contradictedWeight = 0.5
	// topicReach is how many sentences back a pronoun may find its target, in one paragraph.
	topicReach = 2
	// maxEvidence bounds the evidence sentences listed per target.
	maxEvidence = 10
)

// SentenceStance is the rules' verdict on one sentence toward one target.
type SentenceStance struct {
	Label    string
	Score    float64
	Evidence []string
}

// Score fills the annotation's stance fields (see Scorer). Markers are taken from
// ann.Markers (those with a stance-bearing category: triumphalism, defeatism, dismissal,
// motive, hype, bubble), located in the sentence's analysis text by their character offsets,
// which the analysis text shares with the original text sentence by sentence.
func (r *Rules) Score(ann *model.Annotation, sents []Input) {
	n := min(len(ann.Sentences), len(sents))
	mem := getDocMemory(sents[:n])
	d := r.begin(ann, mem, n)
	byS := reuse(&mem.bySentence, n)
	// The markers of every sentence, in one array: each sentence's are cut from it (with
	// room for all the markers it may hold, counted first).
	counts := reuse(&mem.counts, n)
	for _, m := range ann.Markers {
		if m.Sentence >= 0 && m.Sentence < n {
			counts[m.Sentence]++
		}
	}
	all := reuse(&mem.markers, len(ann.Markers))[:0]
	for i, c := range counts {
		byS[i] = all[len(all) : len(all) : len(all)+c]
		all = all[:len(all)+c]
	}
	for _, m := range ann.Markers {
		if m.Sentence < 0 || m.Sentence >= n {
			continue
		}
		if mi, ok := d.locate(m, sents[m.Sentence].Text); ok {
			byS[m.Sentence] = append(byS[m.Sentence], mi)
		}
	}
	for i := range n {
		d.add(sents[i], byS[i])
	}
	d.Finish()
}

// opening is how a sentence opens, all that the document's aggregation needs of its
// reading once it is scored.
type opening struct{ conclusion, contrast bool }

// Doc scores the sentences of one document one at a time, as they are analysed: Begin,
// then Add for each sentence in order, then Finish, which leaves the annotation as Score
// does. The caller holds only the words of the sentences it has not added yet (analyze cuts
// a long document into blocks of sentences and drops each block's words once added).
type Doc struct {
	r    *Rules
	ann  *model.Annotation
	mem  *docMemory
	para func(int) int
	// opens and scores have an entry for each sentence, the first n of them added.
	opens  []opening
	scores []targetScores
	n      int
	// next is the index in ann.Markers of the first marker that Add has not looked at.
	next    int
	seek    charSeeker
	markers []markerInput // Add's scratch list
}

// Begin starts scoring ann, whose n sentences will be added in order. longest is the length
// in bytes of the longest sentence's text: the tables a sentence is read into are cut from
// one array of that size.
func (r *Rules) Begin(ann *model.Annotation, n, longest int) *Doc {
	return r.begin(ann, newDocMemory(n, longest+1, longest+1), n)
}

func (r *Rules) begin(ann *model.Annotation, mem *docMemory, n int) *Doc {
	return &Doc{
		r: r, ann: ann, mem: mem,
		para:   func(i int) int { return ann.Sentences[i].Paragraph },
		opens:  reuse(&mem.opens, n),
		scores: reuse(&mem.scores, n),
		seek:   charSeeker{sentence: -1},
	}
}

// Add reads and scores the next sentence: ann.Sentences[i], with i the number of sentences
// added before. ann.Sentences[i] and its markers must be in the annotation already, the
// markers after those of the sentences before it (as analyze appends them).
func (d *Doc) Add(in Input) {
	i := d.n
	ms := d.markers[:0]
	for ; d.next < len(d.ann.Markers) && d.ann.Markers[d.next].Sentence <= i; d.next++ {
		if m := d.ann.Markers[d.next]; m.Sentence == i {
			if mi, ok := d.locate(m, in.Text); ok {
				ms = append(ms, mi)
			}
		}
	}
	d.markers = ms
	d.add(in, ms)
}

// add reads and scores the next sentence with its markers.
func (d *Doc) add(in Input, markers []markerInput) {
	i := d.n
	s := d.r.readForTargets(d.mem, in.Text, in.Tokens, markers, true, d.ann.Sentences[i].Rhetorical)
	d.n++
	d.r.scoreSentence(d.mem, s, d.opens[:d.n], d.scores[:d.n], i, d.para)
}

// locate returns marker m of the annotation within text, the analysis text of its sentence:
// the analysis text shares the original's character offsets sentence by sentence.
func (d *Doc) locate(m model.Marker, text string) (markerInput, bool) {
	at := -1
	if rel := m.Start - d.ann.Sentences[m.Sentence].Start; rel >= 0 {
		at = d.seek.byteOffset(m.Sentence, text, rel)
	}
	return locateMarker(m, text, at)
}

// Finish fills the annotation's stance fields from the sentences added. d is not to be used
// after.
func (d *Doc) Finish() {
	d.mem.forget()
	d.markers = nil // the last sentence's markers: their terms are cut from its text
	d.r.fill(d.mem, d.ann, d.opens[:d.n], d.scores[:d.n], d.para, d.r.readTitle(d.mem, d.ann.Title))
	d.mem.release()
	d.mem = nil
}

// Prediction is another scorer's verdict on one sentence toward one target (see ScoreWith).
type Prediction struct {
	// Label is favor, against or none.
	Label string
	// Score is in [-1, 1], negative against.
	Score float64
	// Evidence says what decided it (for a classifier: its strongest features).
	Evidence []string
}

// Predictor gives the stance of one sentence toward one target of the codebook.
type Predictor func(target *codebook.Target, in Input) Prediction

// ScoreWith fills the annotation as Score does, but the stance of each sentence toward each
// target it speaks of (found by the rules: aliases and continuing pronouns) comes from
// predict; the document's stance is then aggregated the same way, its label from the
// weighted mean of the sentence scores. A trained classifier plugs in this way.
func (r *Rules) ScoreWith(ann *model.Annotation, sents []Input, predict Predictor) {
	n := min(len(ann.Sentences), len(sents))
	mem := getDocMemory(sents[:n])
	defer mem.release()
	opens := reuse(&mem.opens, n)
	scores := reuse(&mem.scores, n)
	para := func(i int) int { return ann.Sentences[i].Paragraph }
	for i := range n {
		s := r.readForTargets(mem, sents[i].Text, sents[i].Tokens, nil, true, ann.Sentences[i].Rhetorical)
		r.scoreSentence(mem, s, opens, scores, i, para)
	}
	for i := range n {
		for k := range scores[i] {
			id, ts := scores[i][k].target, &scores[i][k].score
			p := predict(r.cb.Target(id), sents[i])
			sc := max(-1, min(1, p.Score))
			*ts = targetScore{raw: math.Atanh(max(-0.999999, min(0.999999, sc))), label: p.Label}
			for _, e := range p.Evidence {
				ts.words = append(ts.words, contribution{evidence: e, value: 1})
			}
		}
	}
	// The title: the rules find the targets it speaks of, predict gives its stance.
	title := r.readTitle(mem, ann.Title)
	main := r.mainTarget(scores)
	for _, t := range r.targets {
		if ts := title.toward(t, main); ts != nil {
			p := predict(r.cb.Target(t), Input{Text: title.text})
			sc := max(-1, min(1, p.Score))
			*ts = targetScore{raw: math.Atanh(max(-0.999999, min(0.999999, sc))), label: p.Label}
		}
	}
	r.fill(mem, ann, opens, scores, para, title)
}

// fill writes the sentence and document stances into the annotation.
func (r *Rules) fill(mem *docMemory, ann *model.Annotation, opens []opening, scores []targetScores, para func(int) int, title headline) {
	n := len(opens)
	for i := range n {
		s := &ann.Sentences[i]
		s.Stance, s.StanceScore, s.Evidence = nil, nil, nil
		for _, t := range r.targets {
			ts := scores[i].get(t)
			if ts == nil {
				continue
			}
			if s.Stance == nil {
				s.Stance = map[string]string{}
				s.StanceScore = map[string]float64{}
			}
			sc := round3(ts.score())
			s.Stance[t] = r.labelOf(ts)
			s.StanceScore[t] = sc
			if ev := ts.evidence(); len(ev) > 0 {
				if s.Evidence == nil { // most sentences have none: no map
					s.Evidence = map[string][]string{}
				}
				s.Evidence[t] = ev
			}
		}
	}
	ann.Stance = r.aggregate(mem, opens, scores, para, title)
}

// scoreSentence scores sentence i, s just read, toward the targets it speaks of, carrying
// the topic of the sentences before it for pronouns and applying the rules that span
// sentences (a doubt question), into scores[i], and notes how it opens into opens[i] (all
// that the document's aggregation needs of the reading). It then hands s and its tables
// back to mem (done, recycle). The sentences are scored in order; scoring one needs only
// its own reading and the scores before it.
func (r *Rules) scoreSentence(mem *docMemory, s *sentence, opens []opening, scores []targetScores, i int, para func(int) int) {
	opens[i] = opening{conclusion: s.opensConclusion, contrast: s.opensContrast}
	defer mem.recycle()
	defer mem.done(s)
	var topicBuf [4]string
	topic := topicBuf[:0]
	for j := i - 1; j >= 0 && j >= i-topicReach && para(j) == para(i); j-- {
		if len(scores[j]) > 0 {
			for _, t := range r.targets {
				if scores[j].get(t) != nil {
					topic = append(topic, t)
				}
			}
			break
		}
	}
	scores[i] = s.scoreTargets(mem, topic)
	if !s.doubt {
		return
	}
	// A doubt question (果真如此吗？) takes back what its paragraph said before it.
	for j := i - 1; j >= 0 && para(j) == para(i); j-- {
		for k := range scores[j] {
			if ts := &scores[j][k].score; ts.raw != 0 {
				ts.raw *= doubtedWeight
				for k := range ts.words {
					ts.words[k].value *= doubtedWeight
					ts.words[k].evidence = flipSign(ts.words[k].evidence)
				}
				ts.rule(RuleDoubted)
			}
		}
	}
}

// aggregate computes the document's stance toward every target: the weighted mean of the
// scores of the sentences (and the title, at titleWeight) that speak of it with some
// stance. A target that the document judges only in passing (see judged) is none.
func (r *Rules) aggregate(mem *docMemory, opens []opening, scores []targetScores, para func(int) int, title headline) map[string]model.DocStance {
	n := len(opens)
	weights := reuse(&mem.weights, n)
	lastPara := -1
	for i := range n {
		if len(scores[i]) > 0 {
			lastPara = max(lastPara, para(i))
		}
	}
	conclusionPara := -1
	for i, o := range opens {
		w := 1.0
		switch {
		case o.conclusion:
			w = conclusionWeight
			conclusionPara = para(i)
		case para(i) == conclusionPara:
			w = afterConclusion
		}
		if para(i) == lastPara {
			w *= lastParagraphWeight
		}
		weights[i] = w
	}
	main := r.mainTarget(scores)
	out := map[string]model.DocStance{}
	for _, t := range r.targets {
		var sum, wsum float64
		d := model.DocStance{Label: model.None, Evidence: []int{}}
		type ev struct {
			i int
			v float64
		}
		var evs []ev
		for i := range n {
			ts := scores[i].get(t)
			if ts == nil {
				continue
			}
			sc := ts.score()
			switch r.labelOf(ts) {
			case model.Favor:
				d.Favor++
			case model.Against:
				d.Against++
			}
			if sc == 0 {
				continue
			}
			w := weights[i]
			// A sentence that the next one contradicts (…。但…) counts less.
			if i+1 < n && opens[i+1].contrast {
				w *= contradictedWeight
			}
			sum += w * sc
			wsum += w
			evs = append(evs, ev{i, w * sc})
		}
		ts := title.toward(t, main)
		if ts != nil {
			if sc := ts.score(); sc != 0 {
				sum += titleWeight * sc
				wsum += titleWeight
			}
		}
		if wsum > 0 && judged(n, d.Favor+d.Against, title.judges(t, main)) {
			d.Score = round3(sum / wsum)
			d.Label = r.label(d.Score)
		}
		if d.Label != model.None {
			sort.SliceStable(evs, func(a, b int) bool { return abs(evs[a].v) > abs(evs[b].v) })
			for _, e := range evs {
				if len(d.Evidence) == maxEvidence {
					break
				}
				if (d.Label == model.Favor) == (e.v > 0) && r.labelOf(scores[e.i].get(t)) == d.Label {
					d.Evidence = append(d.Evidence, e.i)
				}
			}
			sort.Ints(d.Evidence)
		}
		out[t] = d
	}
	return out
}

// labelOf is a sentence's label toward a target: the predictor's, else by its score.
func (r *Rules) labelOf(ts *targetScore) string {
	if ts.label != "" {
		return ts.label
	}
	return r.label(ts.score())
}

// locateMarker finds a marker in its sentence's analysis text: at byte offset at (where the
// character offset it has in the original text falls, -1 for none), else at the nearest
// occurrence of its pattern.
func locateMarker(m model.Marker, text string, at int) (markerInput, bool) {
	mi := markerInput{categories: m.Categories, negated: m.Negated, quoted: m.Quoted}
	want := asciiLower(strings.Trim(m.Pattern, "*"))
	if want == "" {
		want = asciiLower(m.Term)
	}
	// asciiLower keeps offsets: lower-casing only the bytes compared is the same test as
	// on the whole lower-cased text.
	if at >= 0 && at+len(want) <= len(text) && asciiLower(text[at:at+len(want)]) == want {
		mi.start, mi.end = at, at+len(want)
	} else {
		lower := asciiLower(text)
		best, bestDist := -1, math.MaxInt
		for off := 0; ; {
			j := strings.Index(lower[off:], want)
			if j < 0 {
				break
			}
			pos := off + j
			if d := absInt(pos - at); d < bestDist {
				best, bestDist = pos, d
			}
			off = pos + len(want)
		}
		if best < 0 {
			return mi, false
		}
		mi.start, mi.end = best, best+len(want)
	}
	mi.term = text[mi.start:mi.end]
	return mi, true
}

// charSeeker turns character offsets into byte offsets in the texts of a document's
// sentences, going on from its last answer when asked in increasing order within one
// sentence (as the tagger's markers mostly come), instead of counting again from the start.
type charSeeker struct {
	// sentence is the sentence of the last answer (-1: none yet); character k of its text
	// begins at byte at (or at is the text's length, which character k is at or past).
	sentence, k, at int
}

// byteOffset returns the byte offset of character rel (≥ 0) of the text of sentence i, or
// the text's length when it has fewer characters.
func (c *charSeeker) byteOffset(i int, text string, rel int) int {
	if i != c.sentence || rel < c.k {
		c.sentence, c.k, c.at = i, 0, 0
	}
	for ; c.k < rel && c.at < len(text); c.k++ {
		_, size := decodeRune(text, c.at)
		c.at += size
	}
	return c.at
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// ScoreText scores a plain text (no annotation) toward the codebook's targets, sentence by
// sentence as Score does, the text cut into sentences at 。！？!? and line ends (each line a
// paragraph). toks are its jieba words (byte offsets into text), nil to work on characters.
// It returns each sentence's text and stances, and the document's stance.
func (r *Rules) ScoreText(text string, toks []segment.Token) ([]string, []map[string]SentenceStance, map[string]model.DocStance) {
	ins, starts := splitSentences(text, toks)
	mem := getDocMemory(ins)
	defer mem.release()
	opens := reuse(&mem.opens, len(ins))
	scores := reuse(&mem.scores, len(ins))
	paras := make([]int, len(ins))
	texts := make([]string, len(ins))
	para := func(i int) int { return paras[i] }
	for i, in := range ins {
		s := r.readForTargets(mem, in.Text, in.Tokens, nil, false, false)
		paras[i] = strings.Count(text[:starts[i]], "\n")
		texts[i] = in.Text
		r.scoreSentence(mem, s, opens, scores, i, para)
	}
	out := make([]map[string]SentenceStance, len(ins))
	for i := range ins {
		for _, t := range r.targets {
			ts := scores[i].get(t)
			if ts == nil {
				continue
			}
			if out[i] == nil {
				out[i] = map[string]SentenceStance{}
			}
			sc := round3(ts.score())
			out[i][t] = SentenceStance{Label: r.label(sc), Score: sc, Evidence: ts.evidence()}
		}
	}
	return texts, out, r.aggregate(mem, opens, scores, para, headline{})
}
