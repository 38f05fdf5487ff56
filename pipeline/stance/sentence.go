package stance

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
)

// Weights of the rules. They are few and round on purpose: a researcher should be able to
// redo a sentence's score by hand from its evidence.
const (
	// dominated is the weight of a clause before a contrast (X，但Y: X counts 0.3).
	dominated = 0.3
	// conceded is the weight of a conceded clause (虽然X，…).
	conceded = 0.3
	// hypothetical is the weight of a conditional clause (如果X，…).
	hypothetical = 0.5
	// negatedPositive and negatedNegative scale a negated word: 不强大 is against but less
	// than 弱; 不落后 is for, but faintly.
	negatedPositive = -0.7
	negatedNegative = 0.5
	// ironic is what praise at a distance (所谓的突破, scare quotes) is worth.
	ironic = -0.8
	// restrictedPraise is what praise after 仅仅, 不过是 … is worth.
	restrictedPraise = -0.3
	// topicWeight is the weight of a clause that names the topic (对于X，…).
	topicWeight = 0.3
	// whQuestionWeight scales an open question (哪些？为什么？).
	whQuestionWeight = 0.25
	// distancedNegative scales a negative word at a distance (所谓的泡沫): the writer doubts
	// the charge.
	distancedNegative = 0.3
	// reportedWeight scales a word inside a quotation longer than scare quotes (公告里写着“我们的
	// 产品是全世界最好的”): someone else's words, reported, not the writer's verdict; it
	// counts as a question does.
	reportedWeight = questionWeight
	// mistakenBelief scales a word inside a belief the writer reports as mistaken (他们以为
	// …): reversed, at half weight.
	mistakenBelief = -0.5
	// distanceAlone is the weight of 所谓/号称 right before a target's name.
	distanceAlone = -0.5
	// questionWeight scales an ordinary (not rhetorical) question: it asks, it does not claim.
	questionWeight = 0.15
	// intensified and diminished scale a word after 非常/太… and after 有点/稍微….
	intensified = 1.3
	diminished  = 0.6
	// negationWindow is how many characters may stand between a negator and its word.
	negationWindow = 5
	// scareQuoteMax is the longest quotation (in characters) read as scare quotes.
	scareQuoteMax = 12
)

// categoryPolarity is the stance the codebook's rhetoric categories (and the bubble frame)
// carry toward what they speak of. Other categories carry none. The bubble frame names a
// topic (股市, 融资) more than a judgement, so alone it stays under the threshold; its
// judging words (泡沫, 炒作) are in the lexicon at full weight.
var categoryPolarity = map[string]float64{
	"triumphalism": 1,
	"defeatism":    -1,
	"dismissal":    -1,
	"motive":       -0.8,
	"bubble":       -0.2,
	"hype":         0.6,
}

// blowing are hype terms that already hold the writer's distance (猛吹 is blowing it up).
var blowing = set([]string{"猛吹", "狂吹", "吹爆", "热捧", "全民狂欢", "狂欢"})

// hit is one evaluative word (or codebook marker) in a sentence.
type hit struct {
	start, end int // byte offsets into the sentence text
	word       string
	// base is the word's own polarity: +1/-1 for the lexicon, the category's for a marker.
	base     float64
	category string // codebook category for a marker, "" for a lexicon word
	// value is the polarity after negation, degree, distance and quotation.
	value                      float64
	negated, quoted, distanced bool
	// restricted is praise after 仅仅, 不过是 …; outweighed a word after 大于 that takes the
	// sign of the word before (泡沫远大于真实成就).
	restricted, outweighed bool
	// reported is a word inside a quotation longer than scare quotes (someone else's
	// words); believed a word inside a belief the writer holds mistaken (see beliefCues).
	reported, believed bool
	// compared is a word after the object of a comparative verb (A不如B好用): it has the
	// verb's sign.
	compared bool
	// transitive marks a comparative verb (see isTransitive), worked out once by findHits.
	transitive bool
	degree     float64
	clause     int
}

func (h *hit) evidence() string {
	sign := "+"
	if h.value < 0 {
		sign = "-"
	}
	var modsBuf [9]string
	mods := modsBuf[:0]
	if h.category != "" {
		mods = append(mods, h.category)
	}
	if h.negated {
		mods = append(mods, "negated")
	}
	if h.distanced {
		mods = append(mods, "distance")
	}
	if h.quoted {
		mods = append(mods, "quoted")
	}
	if h.restricted {
		mods = append(mods, "restricted")
	}
	if h.reported {
		mods = append(mods, "reported")
	}
	if h.believed {
		mods = append(mods, "believed")
	}
	if h.outweighed {
		mods = append(mods, "outweighed")
	}
	if h.compared {
		mods = append(mods, "compared")
	}
	if len(mods) == 0 {
		return sign + h.word
	}
	return sign + h.word + "[" + strings.Join(mods, ",") + "]"
}

// mention is one alias of a target named in a sentence.
type mention struct {
	start, end int
	target     string
	alias      string
}

// clause is a stretch of a sentence between punctuation or before a contrast.
type clause struct {
	start, end int
	weight     float64
	contrast   bool
	concession bool
	hypo       bool
	topic      bool
	// mentions holds the indexes of the sentence's mentions inside the clause.
	mentions []int
}

// sentence is the rules' reading of one sentence, before targets are scored.
type sentence struct {
	text string // the analysis text, ASCII lower-cased
	toks []segment.Token
	// index is the Rules' word index, which found lists.
	index  *wordIndex
	starts []bool // by byte offset 0…len(text): a token starts there (nil: every rune boundary)
	ends   []bool // by byte offset 0…len(text): a token ends there
	// spans are the valid tokens' byte spans, in order, for finding the token around an
	// offset (tokenAround); nil when toks are all valid and in order, as jieba's are, and
	// serve as spans themselves.
	spans [][2]int
	// lists holds, by byte offset 0…len(text), the word lists with a word beginning there
	// (wordIndex.index); chars the length and class of the character there, so that the
	// many walks over the sentence step without decoding it again.
	lists []listMask
	chars []charInfo
	// runes are the characters of text, one per character start (noRune for an invalid
	// byte), and any every list that has a word somewhere in text: a walk looking for the
	// words of lists that the sentence lacks can be skipped (mayHave).
	runes []rune
	any   listMask
	// classes holds the classes of all the sentence's characters (their charInfo, sizes
	// aside), gathered by splitClauses.
	classes  charInfo
	hits     []hit
	clauses  []clause
	mentions []mention
	// question and rhetorical describe the sentence's shape; wh marks an open question, and
	// assertive a question that asserts what it says (谁能否认…？). rhetoricalFrom is the byte
	// offset from which a rhetorical sentence reads reversed.
	question, rhetorical, wh, assertive bool
	rhetoricalFrom                      int
	// doubt is a short question that doubts the sentence before it (果真如此吗？).
	doubt bool
	// opensContrast and opensConclusion describe how the sentence begins (但…; 总之…).
	opensContrast, opensConclusion bool
	// corefCue is the pronoun or subjectless opener that continues an earlier sentence.
	corefCue string
	// distanceMentions are mentions right after 所谓/号称.
	distanceMentions []int
}

// markerInput is a codebook marker handed to the sentence reader, located in its text.
type markerInput struct {
	start, end int
	term       string
	categories []string
	negated    bool
	quoted     bool
}

// read analyses one sentence: its tokens (nil to work on characters), the codebook markers
// in it (nil to match the codebook's patterns here), and whether the caller already knows it
// to be a rhetorical question. The sentence and its tables are cut from mem.
func (r *Rules) read(mem *docMemory, text string, toks []segment.Token, markers []markerInput, haveMarkers, rhetorical bool) *sentence {
	s := r.readStart(mem, text, toks)
	s.mentions = r.findMentions(mem, s, text)
	r.readRest(mem, s, text, markers, haveMarkers, rhetorical)
	return s
}

// readStart cuts a sentence from mem and reads its tokens and characters (the word index).
func (r *Rules) readStart(mem *docMemory, text string, toks []segment.Token) *sentence {
	s := mem.next(text, toks)
	s.toks = toks
	s.index = r.index
	if toks != nil {
		// inOrder: every token is valid and starts after the one before (jieba's always
		// do), so that the tokens serve as their own spans.
		inOrder := true
		starts, ends := s.starts, s.ends
		prev := -1 // the start of the token before
		for k := range toks {
			t := &toks[k] // not a copy: only the offsets are read
			if t.Start >= 0 && t.End <= len(text) && t.Start < t.End {
				starts[t.Start] = true
				ends[t.End] = true
				inOrder = inOrder && prev < t.Start
			} else {
				inOrder = false
			}
			prev = t.Start
		}
		if !inOrder {
			s.spans = spansOf(toks, len(text))
		}
		s.starts[len(text)] = true
		s.ends[0] = true
	}
	var upper bool
	s.runes, s.any, upper = r.index.index(text, s.lists, s.chars, s.runes)
	s.text = text
	if upper {
		s.text = asciiLower(text) // index has seen what scanning the text for upper case would
	}
	return s
}

// readForTargets is read for scoring the targets of a document (Score, ScoreWith,
// ScoreText): of a sentence that can have no score (unscored), it reads only what the
// document's stance reads.
func (r *Rules) readForTargets(mem *docMemory, text string, toks []segment.Token, markers []markerInput, haveMarkers, rhetorical bool) *sentence {
	s := r.readStart(mem, text, toks)
	s.mentions = r.findMentions(mem, s, text)
	if !s.unscored() {
		r.readRest(mem, s, text, markers, haveMarkers, rhetorical)
	}
	return s
}

// readRest reads a sentence of text whose tables and mentions are found: its evaluative
// words and markers, clauses and shape, and what modifies the words.
func (r *Rules) readRest(mem *docMemory, s *sentence, text string, markers []markerInput, haveMarkers, rhetorical bool) {
	if !haveMarkers {
		markers = r.findMarkers(s, text)
	}
	s.findHits(r, mem, markers)
	s.splitClauses(mem)
	s.shape(rhetorical)
	s.modify()
}

// unscored reports whether a sentence, its mentions found, can have no score toward any
// target, whatever the sentences before it: it names none and has no pronoun or subjectless
// opening to continue one (corefCue). Unless it opens with a contrast word (which may be
// part of an evaluative word, not looked for yet), it then sets what the document's stance
// reads of it (question, doubt and opensConclusion; opensContrast stays false), and the
// rest of its reading (readRest) can be skipped.
func (s *sentence) unscored() bool {
	if len(s.mentions) > 0 {
		return false
	}
	first := s.firstWordStart(0, len(s.text))
	s.findCorefCue(first)
	if s.corefCue != "" || s.wordAt(first, contrasts) != "" {
		return false
	}
	s.questionShape()
	s.opensConclusion = s.wordAt(first, conclusionCues) != ""
	return true
}

// step returns the byte length of the character at byte offset i < len(s.text), as
// utf8.DecodeRuneInString does.
func (s *sentence) step(i int) int { return s.chars[i].size() }

// mayHave reports whether a word of one of lists occurs somewhere in the sentence (as a
// prefix of the text at some character; token boundaries aside). When it does not, a walk
// that looks only for their words would find nothing.
func (s *sentence) mayHave(lists ...*cueList) bool {
	for _, l := range lists {
		if s.any&l.bit != 0 {
			return true
		}
	}
	return false
}

// spansOf returns the byte spans of the valid tokens of a text n bytes long, sorted by
// start.
func spansOf(toks []segment.Token, n int) [][2]int {
	spans := make([][2]int, 0, len(toks))
	sorted := true
	for _, t := range toks {
		if t.Start >= 0 && t.End <= n && t.Start < t.End {
			if k := len(spans); k > 0 && spans[k-1][0] >= t.Start {
				sorted = false
			}
			spans = append(spans, [2]int{t.Start, t.End})
		}
	}
	if !sorted {
		sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	}
	return spans
}

// isStart reports whether a word may begin at byte offset i: a token starts there (or, with
// no tokens, i is a character boundary).
func (s *sentence) isStart(i int) bool { return s.starts == nil || s.starts[i] }

func (s *sentence) isEnd(i int) bool { return s.ends == nil || s.ends[i] }

// tokenAround returns the span of the token that holds byte offset i, or i, i.
func (s *sentence) tokenAround(i int) (int, int) {
	if s.spans == nil {
		// The tokens are in order (read): search them as spans.
		k := sort.Search(len(s.toks), func(k int) bool { return s.toks[k].End > i })
		if k < len(s.toks) && s.toks[k].Start <= i {
			return s.toks[k].Start, s.toks[k].End
		}
		return i, i
	}
	k := sort.Search(len(s.spans), func(k int) bool { return s.spans[k][1] > i })
	if k < len(s.spans) && s.spans[k][0] <= i {
		return s.spans[k][0], s.spans[k][1]
	}
	return i, i
}

// accept decides whether a lexicon word may be read at text[start:end] given the tokens: it
// must begin a token, or follow a negation or degree prefix jieba glued to it (不差, 很强,
// 太牛); a one-character word must also end its token, or be followed only by a glued
// suffix (强得, 强多). It returns the glued prefix.
func (s *sentence) accept(start, end int) (prefix string, ok bool) {
	if s.starts == nil {
		return "", true
	}
	ts, te := s.tokenAround(start)
	if ts < start {
		prefix = s.text[ts:start]
		// jieba sometimes glues a word's first character to the word before (想象中好/用):
		// a word of several characters that runs past that token to the end of another
		// is read too.
		crosses := utf8.RuneCountInString(s.text[start:end]) > 1 && end > te && s.ends[end]
		if !contains(tokenPrefixes, prefix) && !crosses {
			return "", false
		}
		if !contains(tokenPrefixes, prefix) {
			prefix = ""
		}
	}
	if utf8.RuneCountInString(s.text[start:end]) == 1 && !s.ends[end] {
		if te < end || !contains(tokenSuffixes, s.text[end:te]) {
			return "", false
		}
	}
	return prefix, true
}

// findMentions finds the targets' aliases in text, longest first where they overlap.
func (r *Rules) findMentions(mem *docMemory, s *sentence, text string) []mention {
	if s.any&r.aliases.bit == 0 && len(r.aliases.slow) == 0 {
		return nil // no alias begins anywhere in the sentence
	}
	var msBuf [8]mention
	ms := msBuf[:0]
	var found [8]patternMatch
	for _, pm := range r.aliases.find(s, text, found[:0]) {
		p := pm.p
		if p.Excluded(text, pm.m.TextStart, pm.m.TextEnd) || counterpart(text[:pm.m.Start]) {
			continue
		}
		for _, t := range p.Targets {
			ms = append(ms, mention{start: pm.m.Start, end: pm.m.End, target: t, alias: text[pm.m.Start:pm.m.End]})
		}
	}
	sortLess(ms, func(a, b mention) bool {
		if a.end-a.start != b.end-b.start {
			return a.end-a.start > b.end-b.start
		}
		return a.start < b.start
	})
	if len(ms) == 0 {
		return nil
	}
	out := room(&mem.mentions, len(ms))
	for _, m := range ms {
		overlap := false
		for _, o := range out {
			if m.start < o.end && o.start < m.end && !(m.start == o.start && m.end == o.end) {
				overlap = true
				break
			}
		}
		if !overlap {
			out = append(out, m)
		}
	}
	sortLess(out, func(a, b mention) bool { return a.start < b.start })
	return out
}

// counterpartPrefixes make a name the name of another's counterpart: 中国版ChatGPT is a
// Chinese model held up against ChatGPT, not ChatGPT, and says nothing of it.
var counterpartPrefixes = []string{"中国版", "国产版", "国内版"}

// counterpart reports whether the text before a name ends with a counterpart prefix.
func counterpart(before string) bool {
	for _, p := range counterpartPrefixes {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}

// findMarkers matches the codebook's stance-bearing categories in text, as the tag stage
// does, for callers that have no annotation.
func (r *Rules) findMarkers(s *sentence, text string) []markerInput {
	var out []markerInput
	var found [8]patternMatch
	for _, pm := range r.stancePatterns.find(s, text, found[:0]) {
		cats := pm.p.CategoriesAt(text, pm.m.TextStart, pm.m.TextEnd)
		if len(cats) == 0 {
			continue
		}
		out = append(out, markerInput{start: pm.m.Start, end: pm.m.End, term: text[pm.m.Start:pm.m.End], categories: cats})
	}
	return out
}

// patternSet is a list of codebook patterns searched together: the text is lower-cased once
// and scanned once, trying at each character the patterns that begin with it; patterns whose
// letters do not fold within ASCII go through Pattern.FindAll.
type patternSet struct {
	// bit stands for the set in a sentence's listMasks: its fast patterns are indexed
	// (indexIn), and find looks only where one of them begins.
	bit  listMask
	pats []codebook.Pattern
	// byFirst lists, per first character of Text, the indexes of the fast patterns.
	byFirst map[rune][]int
	slow    []int
}

func (ps *patternSet) add(p codebook.Pattern) {
	if ps.byFirst == nil {
		ps.byFirst = map[rune][]int{}
	}
	k := len(ps.pats)
	ps.pats = append(ps.pats, p)
	if p.Text == "" {
		return
	}
	for _, r := range p.Text {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) && unicode.SimpleFold(r) != r {
			ps.slow = append(ps.slow, k)
			return
		}
	}
	first, _ := utf8.DecodeRuneInString(p.Text)
	ps.byFirst[first] = append(ps.byFirst[first], k)
}

// indexIn adds the set's fast patterns to a word index under the set's bit.
func (ps *patternSet) indexIn(b *wordIndexBuilder) {
	for _, ks := range ps.byFirst {
		for _, k := range ks {
			b.add(ps.pats[k].Text, ps.bit)
		}
	}
}

// patternMatch is one match of one pattern of a set.
type patternMatch struct {
	p *codebook.Pattern
	m codebook.Match
}

// find appends to out every match of the set's patterns in s's text (text is the original,
// s.text its asciiLower); as in Pattern.FindAll, the occurrences of one pattern do not
// overlap.
func (ps *patternSet) find(s *sentence, text string, out []patternMatch) []patternMatch {
	lower := s.text
	next := map[int]int{} // per pattern, where its next occurrence may start
	for i := 0; i < len(lower) && s.any&ps.bit != 0; i += s.step(i) {
		if s.lists[i]&ps.bit == 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(lower[i:])
		for _, k := range ps.byFirst[r] {
			p := &ps.pats[k]
			if i < next[k] || !strings.HasPrefix(lower[i:], p.Text) {
				continue
			}
			if s, e, ok := p.Span(text, i, i+len(p.Text)); ok {
				out = append(out, patternMatch{p, codebook.Match{Start: s, End: e, TextStart: i, TextEnd: i + len(p.Text)}})
				next[k] = i + len(p.Text)
			}
		}
	}
	for _, k := range ps.slow {
		p := &ps.pats[k]
		for _, m := range p.FindAll(text) {
			out = append(out, patternMatch{p, m})
		}
	}
	return out
}

// findHits collects the lexicon words and the markers of stance-bearing categories, keeps
// the longest where they overlap (a marker and a lexicon word on the same span are one hit),
// and drops words inside a target's name.
func (s *sentence) findHits(r *Rules, mem *docMemory, markers []markerInput) {
	cands := mem.cands[:0]
	defer func() { mem.cands = cands[:0] }()
	text := s.text
	var wordsBuf [8]lexiconMatch
	words := wordsBuf[:0]
	// k counts the characters up to pos.
	lists, chars := s.lists[:len(text)], s.chars[:len(text)]
	for pos, k := 0, 0; pos < len(text); pos, k = pos+chars[pos].size(), k+1 {
		if lists[pos]&lexiconBit == 0 {
			continue
		}
		// The lexicon's words at pos, longest first: the first that the tokens accept.
		words = r.index.lexiconAt(s.runes[k:], words[:0])
		for _, w := range words {
			l := w.n
			prefix, ok := s.accept(pos, pos+l)
			if !ok {
				continue
			}
			h := hit{start: pos, end: pos + l, word: text[pos : pos+l], base: w.value}
			if prefix == "不" || prefix == "没" {
				h.negated = true
			}
			cands = append(cands, h)
			break
		}
	}
	for _, m := range markers {
		pol, cat := 0.0, ""
		for _, c := range m.categories {
			if p, ok := categoryPolarity[c]; ok && (cat == "" || abs(p) > abs(pol)) {
				pol, cat = p, c
			}
		}
		if cat == "" {
			continue
		}
		if cat == "hype" && blowing[m.term] {
			pol = -0.6
		}
		cands = append(cands, hit{start: m.start, end: m.end, word: s.text[m.start:m.end], base: pol,
			category: cat, negated: m.negated, quoted: m.quoted})
	}
	// Longest first; on the same span a marker before a lexicon word.
	slices.SortStableFunc(cands, func(a, b hit) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		if a.start != b.start {
			return a.start - b.start
		}
		switch am, bm := a.category != "", b.category != ""; {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
	kept := room(&mem.hits, len(cands))
	for _, c := range cands {
		if overlapsMention(c, s.mentions) {
			continue
		}
		dup := -1
		clash := false
		for k, o := range kept {
			if c.start == o.start && c.end == o.end {
				dup = k
				break
			}
			if c.start < o.end && o.start < c.end {
				clash = true
				break
			}
		}
		switch {
		case dup >= 0:
			// The marker's category decides the sign; the stronger of the two the size.
			if k := &kept[dup]; abs(c.base) > abs(k.base) {
				k.base = sign(k.base) * abs(c.base)
			}
		case !clash:
			kept = append(kept, c)
		}
	}
	sortLess(kept, func(a, b hit) bool { return a.start < b.start })
	// A word of quantity before a number reports it (突破了一亿): no stance.
	out := kept[:0]
	for _, h := range kept {
		if h.category == "" && quantityWords[h.word] && numberFollows(s.text[h.end:]) {
			continue
		}
		h.transitive = s.isTransitive(&h)
		out = append(out, h)
	}
	s.hits = out
}

// quantityWords are evaluative words that report a quantity when a number follows them.
var quantityWords = set([]string{"超过", "突破", "高于", "低于", "增长", "下降", "下滑", "提升", "提高", "远超", "超越", "大幅增长", "快速增长", "支持"})

// numberFollows reports whether text begins with a number, after 了, 到, 约 and the like.
func numberFollows(text string) bool {
	for _, p := range []string{"了", "到", "至", "达", "近", "约", "超", "逾", "将近", "接近"} {
		text = strings.TrimPrefix(text, p)
	}
	r, _ := utf8.DecodeRuneInString(text)
	return r != utf8.RuneError && strings.ContainsRune(numberRunes, r)
}

func overlapsMention(h hit, ms []mention) bool {
	for _, m := range ms {
		if h.start < m.end && m.start < h.end {
			return true
		}
	}
	return false
}

// clausePunct ends a clause.
const clausePunct = "，,；;：:。！？!?…\n—"

// clausePunctRunes are the characters of clausePunct.
var clausePunctRunes = []rune(clausePunct)

// isClausePunct is strings.ContainsRune(clausePunct, r), without searching a string: it is
// asked at every character of every sentence.
func isClausePunct(r rune) bool {
	for _, p := range clausePunctRunes {
		if p == r {
			return true
		}
	}
	return false
}

// splitClauses cuts the sentence at punctuation and before contrast words, and marks each
// clause's role and weight.
func (s *sentence) splitClauses(mem *docMemory) {
	text := s.text
	var cutsBuf [16]int // most sentences have fewer clauses: no allocation
	cuts := cutsBuf[:0]
	clauseStart := true
	var classes charInfo
	chars := s.chars[:len(text)]
	for i := 0; i < len(text); {
		ch := chars[i]
		size := ch.size()
		classes |= ch
		if ch&charClausePunct != 0 {
			cuts = append(cuts, i+size)
			clauseStart = true
			i += size
			continue
		}
		if ch&charSpace != 0 && clauseStart {
			i += size
			continue
		}
		if w := s.contrastAt(i); w != "" && (clauseStart || !clauseStartOnly[w]) {
			if !clauseStart {
				cuts = append(cuts, i)
			}
		}
		clauseStart = false
		i += size
	}
	s.classes = classes &^ charSize
	cuts = append(cuts, len(text))
	s.clauses = room(&mem.clauses, len(cuts))
	start := 0
	for _, c := range cuts {
		if c <= start {
			continue
		}
		s.clauses = append(s.clauses, clause{start: start, end: c, weight: 1})
		start = c
	}
	if len(s.clauses) == 0 {
		s.clauses = []clause{{start: 0, end: len(text), weight: 1}}
	}
	for k := range s.clauses {
		c := &s.clauses[k]
		first := s.firstWordStart(c.start, c.end)
		if w := s.contrastAt(first); w != "" {
			c.contrast = true
		}
		bits := concessions.bit | again.bit | hypotheticals.bit
		for i := s.nextWord(c.start, c.end, bits); i < c.end; i = s.nextWord(i+s.step(i), c.end, bits) {
			if w := s.wordAt(i, concessions); w != "" && (w != "虽" || s.starts != nil) {
				c.concession = true
			}
			// 再好用，也…: however good it is.
			if s.lists[i]&again.bit != 0 && s.isStart(i) && s.hitAt(i+len("再")) {
				c.concession = true
			}
			if w := s.wordAt(i, hypotheticals); w != "" && (i == first || utf8.RuneCountInString(w) > 1) && !s.insideHit(i) {
				c.hypo = true
			}
		}
		for i := first; i < c.end && s.any&topicOpeners.bit != 0; {
			size := s.step(i)
			if s.mentionAt(i) {
				break
			}
			if s.wordAt(i, topicOpeners) != "" {
				c.topic = true
				break
			}
			i += size
		}
		if !c.topic && strings.HasPrefix(s.text[first:c.end], "在") && circumstance(s.text[first:c.end]) {
			c.topic = true
		}
		switch {
		case c.concession:
			c.weight = conceded
		case c.hypo:
			c.weight = hypothetical
		case c.topic:
			c.weight = topicWeight
		}
	}
	// A contrast outweighs every clause before it.
	for k := len(s.clauses) - 1; k > 0; k-- {
		if s.clauses[k].contrast {
			for j := 0; j < k; j++ {
				s.clauses[j].weight = min(s.clauses[j].weight, dominated)
			}
			break
		}
	}
	for i := range s.hits {
		s.hits[i].clause = s.clauseOf(s.hits[i].start)
	}
	// The clauses' mentions, cut from one array: each clause's indexes after the last
	// clause's (every mention is in one clause).
	idx := room(&mem.ints, len(s.mentions))
	for k := range s.clauses {
		from := len(idx)
		for i, m := range s.mentions {
			if s.clauseOf(m.start) == k {
				idx = append(idx, i)
			}
		}
		if len(idx) > from {
			s.clauses[k].mentions = idx[from:len(idx):len(idx)]
		}
	}
}

// circumstanceEnds end a clause that opens with 在 and sets the scene (在人手紧张、预算
// 有限的情况下，…): like a topic, the words in it describe the circumstances and count less
// than the comment that follows.
var circumstanceEnds = []string{"条件下", "情况下", "背景下", "前提下", "环境下", "压力下", "形势下"}

// circumstance reports whether a clause's text, its closing punctuation aside, ends with one
// of circumstanceEnds.
func circumstance(clause string) bool {
	clause = strings.TrimRightFunc(clause, func(r rune) bool { return isClausePunct(r) || unicode.IsSpace(r) })
	for _, e := range circumstanceEnds {
		if strings.HasSuffix(clause, e) {
			return true
		}
	}
	return false
}

func (s *sentence) clauseOf(pos int) int {
	for k, c := range s.clauses {
		if pos >= c.start && pos < c.end {
			return k
		}
	}
	return len(s.clauses) - 1
}

// firstWordStart returns the offset of the clause's first character that is no space or
// punctuation.
func (s *sentence) firstWordStart(start, end int) int {
	for i := start; i < end; i += s.step(i) {
		if s.chars[i]&(charSpace|charPunct) == 0 {
			return i
		}
	}
	return end
}

// wordAt returns the longest word of list that starts at byte offset i as a whole word (a
// token of its own when the sentence has tokens), or "".
func (s *sentence) wordAt(i int, list *cueList) string {
	// Where no word of list begins (most places; lists[len(text)] is zero), answer without a
	// call: this test is inlined into the walks that ask at every character.
	if i < len(s.lists) && s.lists[i]&list.bit != 0 {
		return s.wordBeginning(i, list)
	}
	return ""
}

// nextWord returns the first byte offset in [from, to) where a word of one of the lists in
// m may begin (see wordIndex), or to: walks that look only for the words of some lists go
// from one such offset to the next, instead of through every character. (lists is zero
// inside a character: the offsets found are character starts.)
func (s *sentence) nextWord(from, to int, m listMask) int {
	if s.any&m == 0 {
		return to // none in the sentence
	}
	lists := s.lists[:to]
	for i := from; i < to; i++ {
		if lists[i]&m != 0 {
			return i
		}
	}
	return to
}

// wordBeginning is wordAt where a word of list may begin.
func (s *sentence) wordBeginning(i int, list *cueList) string {
	// The list's words that begin at i, from the word index (the same words as its table
	// holds), longest first.
	var lensBuf [8]int
	lens := s.index.wordsAt(s.text, i, list.bit, lensBuf[:0])
	for k := len(lens) - 1; k >= 0; k-- {
		l := lens[k]
		w := s.text[i : i+l]
		if s.starts != nil && !(s.starts[i] && s.ends[i+l]) {
			// A cue may begin a longer token only where jieba glued it to what follows
			// (所谓的 → 所谓/的 or 所谓的): require at least a token start.
			if !s.starts[i] || utf8.RuneCountInString(w) == 1 {
				continue
			}
		}
		return w
	}
	return ""
}

// endsWith returns the longest word of list that ends at byte offset i, or "".
func (s *sentence) endsWith(i int, list *cueList) string {
	if !s.mayHave(list) {
		return ""
	}
	for _, l := range list.t.maxLens() {
		// Where the index has no word of list beginning, the table has none either.
		if i-l < 0 || s.lists[i-l]&list.bit == 0 {
			continue
		}
		if _, ok := list.t.words[s.text[i-l:i]]; ok && s.isStart(i-l) {
			return s.text[i-l : i]
		}
	}
	return ""
}

// contrastAt returns the contrast word at byte offset i, or "": not inside an evaluative word
// other than itself (可惜 is both), and not the start of a longer restrictive (不过是).
func (s *sentence) contrastAt(i int) string {
	// As in wordAt, most places answer here, inlined into the walks (lists[len(text)] is
	// zero).
	if i < len(s.lists) && s.lists[i]&contrasts.bit != 0 {
		return s.contrastBeginning(i)
	}
	return ""
}

// contrastBeginning is contrastAt where a contrast word may begin.
func (s *sentence) contrastBeginning(i int) string {
	w := s.wordBeginning(i, contrasts)
	if w == "" {
		return ""
	}
	for _, h := range s.hits {
		if i >= h.start && i < h.end && !(h.start == i && h.word == w) {
			return ""
		}
	}
	if r := s.wordAt(i, restrictives); len(r) > len(w) {
		return ""
	}
	return w
}

// mentionAt reports whether a target's name starts at byte offset i.
func (s *sentence) mentionAt(i int) bool {
	for _, m := range s.mentions {
		if m.start == i {
			return true
		}
	}
	return false
}

// hitAt reports whether an evaluative word starts at byte offset i.
func (s *sentence) hitAt(i int) bool {
	for _, h := range s.hits {
		if h.start == i {
			return true
		}
	}
	return false
}

func (s *sentence) insideHit(i int) bool {
	for _, h := range s.hits {
		if i >= h.start && i < h.end {
			return true
		}
	}
	return false
}

// shape finds the sentence-wide cues: question, rhetorical question, doubt, how it opens,
// and a pronoun that continues an earlier target.
func (s *sentence) shape(rhetorical bool) {
	s.questionShape()
	s.rhetorical = rhetorical
	cue := -1
	bits := rhetoricalCues.bit | questionRhetoricalCues.bit | assertiveCues.bit | whWords.bit
	for i := s.nextWord(0, len(s.text), bits); i < len(s.text); i = s.nextWord(i+s.step(i), len(s.text), bits) {
		if cue < 0 && (s.wordAt(i, rhetoricalCues) != "" || (s.question && s.wordAt(i, questionRhetoricalCues) != "")) {
			cue = i
		}
		if s.wordAt(i, assertiveCues) != "" {
			s.assertive = true
		}
		if s.question && s.wordAt(i, whWords) != "" && !s.insideHit(i) {
			s.wh = true
		}
	}
	switch {
	case s.assertive:
		s.rhetorical = false
	case cue >= 0:
		s.rhetorical = true
		s.rhetoricalFrom = s.clauses[s.clauseOf(cue)].start
	}
	first := s.firstWordStart(0, len(s.text))
	if w := s.contrastAt(first); w != "" {
		s.opensContrast = true
	}
	if w := s.wordAt(first, conclusionCues); w != "" {
		s.opensConclusion = true
	}
	if len(s.mentions) == 0 {
		s.findCorefCue(first)
	}
	for i, m := range s.mentions {
		pre := strings.TrimSuffix(s.text[:m.start], "的")
		if w := s.endsWith(len(pre), distanceCues); w != "" {
			s.distanceMentions = append(s.distanceMentions, i)
		}
	}
}

// questionShape finds whether the sentence is a question, and a doubt (果真如此吗？).
func (s *sentence) questionShape() {
	// tr is the text without the spaces and full stops at its end (strings.TrimSpace, then
	// TrimRightFunc of these and the spaces, in one backward walk).
	tr := s.text
	for tr != "" {
		r, n := utf8.DecodeLastRuneInString(tr)
		if !unicode.IsSpace(r) && r != '…' && r != '.' && r != '。' {
			break
		}
		tr = tr[:len(tr)-n]
	}
	// q is tr without its closing question and exclamation marks (strings.TrimRight).
	q := tr
	for q != "" {
		r, n := utf8.DecodeLastRuneInString(q)
		if r != '?' && r != '？' && r != '!' && r != '！' {
			break
		}
		q = q[:len(q)-n]
	}
	s.question = strings.HasSuffix(tr, "?") || strings.HasSuffix(tr, "？") || strings.HasSuffix(q, "吗")
	if s.question && len(s.mentions) == 0 {
		if t := strings.TrimSpace(s.text); utf8.RuneCountInString(t) <= 16 {
			for _, d := range doubts {
				if strings.Contains(t, d) {
					s.doubt = true
					break
				}
			}
		}
	}
}

// findCorefCue finds the pronoun or subjectless opening (corefCue) that continues an
// earlier target in a sentence that names none; first is the offset of its first word.
func (s *sentence) findCorefCue(first int) {
	if w := s.wordAt(first, subjectlessOpeners); w != "" {
		s.corefCue = w
	}
	for i := s.nextWord(0, len(s.text), pronouns.bit); i < len(s.text) && s.corefCue == ""; i = s.nextWord(i+s.step(i), len(s.text), pronouns.bit) {
		if w := s.wordAt(i, pronouns); w != "" {
			s.corefCue = w
		}
	}
}

// quoteSpans appends to out the byte spans inside quotation marks of any kind.
func (s *sentence) quoteSpans(out [][2]int) [][2]int {
	if s.classes&charQuote == 0 {
		return out // no quotation mark in the sentence
	}
	open, openAt := rune(0), 0
	for i := 0; i < len(s.text); i += s.step(i) {
		if s.chars[i]&charQuote == 0 {
			continue // neither opens nor closes a quotation
		}
		r, _ := utf8.DecodeRuneInString(s.text[i:])
		if open != 0 {
			if r == closingQuote(open) {
				out = append(out, [2]int{openAt, i})
				open = 0
			}
			continue
		}
		if closingQuote(r) != 0 {
			open, openAt = r, i+utf8.RuneLen(r)
		}
	}
	return out
}

// closingQuote returns the quotation mark that closes one opened by r, or 0 when r opens
// none.
func closingQuote(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '‘':
		return '’'
	case '「':
		return '」'
	case '『':
		return '』'
	case '"', '\'':
		return r
	}
	return 0
}

// isQuoteMark reports whether r opens or closes a quotation (see closingQuote).
func isQuoteMark(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '「', '」', '『', '』', '"', '\'':
		return true
	}
	return false
}

// modify applies what stands before each word in its clause: negation, degree, distance
// (所谓, 号称) and scare quotes.
func (s *sentence) modify() {
	var quotesBuf [8][2]int
	quotes := s.quoteSpans(quotesBuf[:0])
	negatorHits := map[int]bool{}
	beliefFrom, beliefTo := s.belief()
	for i := range s.hits {
		h := &s.hits[i]
		h.degree = 1
		v := h.base
		c := s.clauses[h.clause]
		if !h.negated && (s.opinionNegated(h.start, c.start) || s.far(h, c)) {
			h.negated = true
		}
		if !h.negated && i > 0 {
			// Negation spreads along a chain of modifiers: 不是什么划时代的突破.
			p := s.hits[i-1]
			if p.clause == h.clause && p.negated && p.base != 0 && linkOnly(s.text[p.end:h.start]) {
				h.negated = true
			}
		}
		if !h.negated {
			if ns, ok := s.negatorBefore(h.start, c.start); ok {
				h.negated = true
				for j := range s.hits {
					if j != i && s.hits[j].start <= ns && ns < s.hits[j].end {
						negatorHits[j] = true
					}
				}
			}
		}
		if !h.negated {
			if s.endsWith(h.start, intensifiers) != "" {
				h.degree = intensified
			} else if s.endsWith(h.start, diminishers) != "" {
				h.degree = diminished
			}
		}
		for _, q := range quotes {
			if h.start >= q[0] && h.end <= q[1] {
				if utf8.RuneCountInString(s.text[q[0]:q[1]]) <= scareQuoteMax {
					h.quoted = true
				} else {
					h.reported = true
				}
			}
		}
		h.believed = h.start >= beliefFrom && h.start < beliefTo
		bits := distanceCues.bit | restrictives.bit
		for j := s.nextWord(c.start, h.start, bits); j < h.start; j = s.nextWord(j+s.step(j), h.start, bits) {
			if w := s.wordAt(j, distanceCues); w != "" && !s.insideHit(j) {
				h.distanced = true
			}
			if w := s.wordAt(j, restrictives); w != "" && !s.insideHit(j) && (w != "只是" || j != s.firstWordStart(c.start, c.end)) {
				h.restricted = true
			}
		}
		switch {
		case h.negated && v > 0:
			v = negatedPositive * v
		case h.negated && v < 0:
			v = negatedNegative * -v
		}
		v *= h.degree
		if (h.distanced || (h.quoted && h.category != "dismissal")) && h.base > 0 && !h.negated {
			v = ironic * abs(h.base)
		} else if (h.distanced || (h.quoted && h.category != "dismissal")) && h.base < 0 && !h.negated {
			// A charge in scare quotes is someone else's, held at a distance as after 所谓; a
			// dismissal in quotation marks (“人工智障”) is the writer's own mockery.
			v *= distancedNegative
		} else if h.restricted && v > 0 {
			v = restrictedPraise * v
		}
		if h.reported {
			v *= reportedWeight
		}
		if h.believed {
			v *= mistakenBelief
		}
		h.value = v
	}
	s.compareWords()
	s.comparativeTails()
	s.closingRestrictions()
	// A negative word that negated the next one (缺乏创新) is not counted again.
	if len(negatorHits) > 0 {
		kept := s.hits[:0]
		for i, h := range s.hits {
			if !negatorHits[i] {
				kept = append(kept, h)
			}
		}
		s.hits = kept
	}
}

// comparativeTails gives the words after the object of a comparative verb the verb's sign:
// in 文心一言不如ChatGPT好用 the 好用 is ChatGPT's, so it counts against 文心一言.
func (s *sentence) comparativeTails() {
	for i := range s.hits {
		t := &s.hits[i]
		if !t.transitive || t.value == 0 {
			continue
		}
		obj := -1
		for _, m := range s.mentions {
			if m.start >= t.end && s.clauseOf(m.start) == t.clause {
				obj = m.end
				break
			}
		}
		if obj < 0 {
			continue
		}
		for j := range s.hits {
			if w := &s.hits[j]; w.clause == t.clause && w.start >= obj && !w.compared {
				w.value = sign(t.value) * abs(w.value)
				w.compared = true
			}
		}
	}
}

// isTransitive reports whether a word is a comparative verb whose object, named after it,
// takes the opposite stance (超越, 不如, 远远落后于 …).
func (s *sentence) isTransitive(h *hit) bool {
	return transitiveForms[h.word] || (strings.HasPrefix(s.text[h.end:], "于") && transitiveForms[h.word+"于"])
}

var (
	// transitiveForms are the comparative verbs (transitiveComparatives), alone or after
	// one of degreePrefixes (远远落后于).
	transitiveForms       = withPrefixes(transitiveComparatives, degreePrefixes)
	closingRestrictiveSet = set(closingRestrictives)
)

// withPrefixes returns the set of words, alone and after each of prefixes.
func withPrefixes(words, prefixes []string) map[string]bool {
	out := set(words)
	for _, p := range prefixes {
		for _, w := range words {
			out[p+w] = true
		}
	}
	return out
}

// closingRestrictions turns a closing restrictive that stands as its own clause (…，仅此而已)
// into a restriction of the praise before it.
func (s *sentence) closingRestrictions() {
	for i := range s.hits {
		h := &s.hits[i]
		if !closingRestrictiveSet[h.word] || len(s.clauses[h.clause].mentions) > 0 {
			continue
		}
		alone := true
		for j, o := range s.hits {
			if j != i && o.clause == h.clause {
				alone = false
			}
		}
		if !alone || h.clause == 0 {
			continue
		}
		h.value = 0
		for j := range s.hits {
			if o := &s.hits[j]; o.clause < h.clause && o.value > 0 {
				o.value *= restrictedPraise
				o.restricted = true
			}
		}
	}
	kept := s.hits[:0]
	for _, h := range s.hits {
		if h.value != 0 || h.base == 0 {
			kept = append(kept, h)
		}
	}
	s.hits = kept
}

// compareWords applies 大于 between two evaluative words of a clause (泡沫远大于真实成就): the
// second counts with the sign of the first, and a comparator that is itself in the lexicon
// (高于, 超过) counts for nothing.
func (s *sentence) compareWords() {
	if !s.mayHave(wordComparators) {
		return
	}
	drop := map[int]bool{}
	bit := wordComparators.bit
	for i := s.nextWord(0, len(s.text), bit); i < len(s.text); {
		w := s.wordAt(i, wordComparators)
		if w == "" {
			i = s.nextWord(i+s.step(i), len(s.text), bit)
			continue
		}
		k := s.clauseOf(i)
		a, b, self := -1, -1, -1
		for j, h := range s.hits {
			switch {
			case h.clause != k:
			case h.start <= i && i < h.end:
				self = j
			case h.end <= i:
				a = j
			case h.start >= i+len(w) && b < 0:
				b = j
			}
		}
		if a >= 0 && b >= 0 && !s.mentionBetween(s.hits[a].end, s.hits[b].start) && s.hits[a].value != 0 {
			hb := &s.hits[b]
			hb.value = sign(s.hits[a].value) * abs(hb.value)
			hb.outweighed = true
			if self >= 0 {
				drop[self] = true
			}
		}
		i = s.nextWord(i+len(w), len(s.text), bit)
	}
	if len(drop) > 0 {
		kept := s.hits[:0]
		for i, h := range s.hits {
			if !drop[i] {
				kept = append(kept, h)
			}
		}
		s.hits = kept
	}
}

func (s *sentence) mentionBetween(from, to int) bool {
	for _, m := range s.mentions {
		if m.start >= from && m.end <= to {
			return true
		}
	}
	return false
}

// linkOnly reports whether the text between two words only links them (的, 之, 与 …).
func linkOnly(between string) bool {
	switch between {
	case "", "的", "之", "地", "和", "与", "、", "又", "且":
		return true
	}
	return false
}

// opinionNegated reports whether a negated verb of opinion (不觉得, 不认为) stands before the
// word in its clause.
func (s *sentence) opinionNegated(at, clauseStart int) bool {
	if !s.mayHave(opinionNegatorCues) {
		return false // none in the sentence
	}
	seg := s.text[clauseStart:at]
	for _, w := range opinionNegators {
		if strings.Contains(seg, w) {
			return true
		}
	}
	return false
}

// far reports whether the word is what something is far from: 离真正实用还很远.
func (s *sentence) far(h *hit, c clause) bool {
	before := s.text[c.start:h.start]
	if !strings.Contains(before, "离") {
		return false
	}
	after := s.text[h.end:c.end]
	for _, w := range farCues {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}

// negatorBefore finds a negator that governs the word at byte offset at: it ends at most
// negationWindow characters before, in the same clause, with no punctuation between, and is
// no double negation or look-alike (不仅, 无法否认). It returns the negator's offset.
func (s *sentence) negatorBefore(at, clauseStart int) (int, bool) {
	if !s.mayHave(negators) {
		return 0, false
	}
	j := at
	for n := 0; n <= 3*negationWindow+3 && j > clauseStart; n++ {
		_, size := utf8.DecodeLastRuneInString(s.text[:j])
		j -= size
		w := s.wordAt(j, negators)
		if w == "" {
			continue
		}
		if j+len(w) > at {
			continue
		}
		between := s.text[j+len(w) : at]
		if n := utf8.RuneCountInString(between); n > negationWindow {
			// 没有外界说的那么差: a negated comparison reaches further; 还没有到一塌糊涂的
			// 程度: a negated degree (没有到…的程度/地步) further still.
			switch {
			case n <= 2*negationWindow && (strings.HasSuffix(between, "那么") || strings.HasSuffix(between, "这么") || strings.HasSuffix(between, "那样")):
			case n <= 3*negationWindow && strings.HasPrefix(between, "到") && s.degreeFollows(at):
			default:
				return 0, false
			}
		}
		if strings.ContainsAny(s.text[j+len(w):at], clausePunct) {
			return 0, false
		}
		if s.wordAt(j, notNegators) != "" || s.wordAt(j, doubleNegations) != "" ||
			strings.HasSuffix(s.text[:j], "岂") || strings.HasSuffix(s.text[:j], "何尝") {
			continue
		}
		// A negator inside an evaluative word other than a negative one of its own kind
		// (不如, 不错) belongs to that word.
		for _, h := range s.hits {
			if j >= h.start && j < h.end && !(h.base < 0 && h.end == j+len(w)) {
				return 0, false
			}
		}
		return j, true
	}
	return 0, false
}

// belief returns the byte span of the sentence that reports a mistaken belief: from the end
// of its first belief cue (see beliefCues) to the next clause that opens with a contrast or
// a correction (他们以为X很强，其实…), else to the end; from > to when there is none.
func (s *sentence) belief() (from, to int) {
	if !s.mayHave(beliefCues) {
		return 1, 0
	}
	for i := s.nextWord(0, len(s.text), beliefCues.bit); i < len(s.text); i = s.nextWord(i+s.step(i), len(s.text), beliefCues.bit) {
		w := s.wordAt(i, beliefCues)
		if w == "" || s.insideHit(i) {
			continue
		}
		if w == "以为" {
			if r, _ := utf8.DecodeLastRuneInString(s.text[:i]); strings.ContainsRune(notBeliefBefore, r) {
				continue
			}
		}
		from, to = i+len(w), len(s.text)
		for _, c := range s.clauses {
			if c.start >= from && (c.contrast || s.wordAt(s.firstWordStart(c.start, c.end), beliefEnds) != "") {
				to = c.start
				break
			}
		}
		return from, to
	}
	return 1, 0
}

// degreeFollows reports whether the evaluative word at byte offset at is followed by 程度 or
// 地步 (…离谱的程度): the end of a degree that a negator with 到 denies (没有到…的程度).
func (s *sentence) degreeFollows(at int) bool {
	for _, h := range s.hits {
		if h.start == at {
			rest := strings.TrimPrefix(s.text[h.end:], "的")
			return strings.HasPrefix(rest, "程度") || strings.HasPrefix(rest, "地步")
		}
	}
	return false
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// sortLess sorts xs by less exactly as sort.Slice(xs, func(i, j int) bool { return
// less(xs[i], xs[j]) }) does, elements that tie included (slices.SortFunc runs the same
// pattern-defeating quicksort, comparing only with cmp < 0), without sort.Slice's
// reflection and allocations.
func sortLess[E any](xs []E, less func(a, b E) bool) {
	slices.SortFunc(xs, func(a, b E) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}
