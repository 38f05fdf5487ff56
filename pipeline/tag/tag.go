// Package tag finds the codebook's markers in one sentence of analysis text (normalized:
// simplified, full-width folded), with the modifiers of ../shared/CODEBOOK.md: negated,
// quoted, question; and it tells whether the sentence is a question or a rhetorical one.
//
// # Matching
//
// The text of every pattern that belongs to a frame or rhetoric category (codebook.Patterns)
// is put once, by New, into one trie by characters (trie.go says why a trie and not the
// Aho–Corasick automaton of github.com/coregx/ahocorasick used first, which its tests keep as
// the reference); Tag walks it from each character of the sentence and gets every
// occurrence, overlapping ones included, before choosing. Matching is over the text, not
// over jieba's words, so a segmentation choice can never hide a marker; the words are
// consulted only to reject a short pattern (below). The rules, in order:
//
//   - Case: letters match case-insensitively (the sentence is lower-cased in a copy of equal
//     byte length, so offsets do not move). Other characters match exactly: the caller
//     normalizes first (simplified, full-width folded), as the codebook's patterns are.
//   - Latin edges: a pattern that begins (ends) with a letter or digit of a spaced script does
//     not match where the character before (after) it is also one: sora does not match in
//     soraya, GPT-4 does not match in GPT-4o (a codebook that wants GPT-4o lists it, or writes
//     GPT-4*), 3nm does not match in 13nm. Han characters are not letters here: AI芯片 and
//     芯片AI are fine edges.
//   - Globs: a '*' at the start (end) of a pattern takes in the run of letters and digits of a
//     spaced script that continues the match there, zero or more, Han excluded, as the
//     codebook documents: "*概念股" marks AI概念股 whole and the 概念股 of 算力概念股; "GPU*"
//     marks GPUs. The match's span includes the glob's characters.
//   - Short patterns: a pattern of one or two characters (stars not counted) counts only where
//     its span starts at a token start and ends at a token end of Sentence.Tokens, so 资本 is
//     no marker in 投资本金 (投资/本金) nor in 资本家, 阶级 none in 中产阶级, while 领先 counts
//     in 领先者 (领先/者: the leader of a race is the race's). With no tokens (nil), the check
//     is skipped.
//   - Exclusions: an occurrence of a pattern that lies inside an occurrence of one of the
//     codebook's global exclusions is no marker (泡沫 in 泡沫箱, 革命 in 法国大革命); one that
//     lies inside an exclusion of one of its categories does not count for that category, and
//     is no marker when no category is left (差距 in 收入差距 is not competition). The check
//     compares the text around the occurrence (codebook.Pattern.CategoriesAt); no second scan.
//   - Overlaps: of the occurrences left, the leftmost is kept, and of those starting at the
//     same place the longest; any occurrence that overlaps a kept one is dropped, whether it is
//     nested (领先 in 遥遥领先) or only crosses it (中美竞争 kept, 竞争力's 竞争 dropped in
//     中美竞争力). Each kept marker carries its own pattern's categories, not those of the
//     patterns it swallowed: 遥遥领先 is listed in competition, triumphalism and slang itself.
//     Two patterns with the same span (a literal and a glob) keep the one with the longer
//     literal text, then the one listed first.
//
// Because rejected occurrences are removed before overlaps are resolved, a shorter pattern
// still counts where a longer one was excluded or rejected.
//
// # Modifiers
//
// Negated: a negation cue governs the term when it stands before the term in the term's
// clause (the text after the last ，；：、 , ; : or sentence end before the term), and the
// number of cues there is odd, so a double negation affirms (无法否认这是革命, 不能否认,
// 我不认为没有泡沫). Cues are words (不是, 没有, 并非, 从不, 谈不上, 看不到, 否认, 毫无, …)
// and the bare 不/没/无/未/非, found longest first; words that only look like negation are
// read whole and not counted (不仅, 不但, 不断, 不少, 不同, 不过, 无论, 无疑, 非常, 未来,
// 前所未有, 是不是, 有没有, 不知道, …), and so are the fixed double negations that affirm
// (不得不, 何尝不, 未尝不, 岂不). A contrast word (而是, 但是, 却, 然而, 只是, …) ends
// the scope of the cues before it (不是A而是B: B is not negated), and so does a predicate
// after a 的 that follows the cue (没有监管的市场存在泡沫: 泡沫 is not negated; 并非真正的
// 泡沫 is). A cue after the term governs something else (突破不是口号), except 无关 and its
// kin closing a 和/与/跟 …… phrase around the term (这和泡沫无关), and the term's own
// characters are no cue (不看好 is a dismissal term, not a negated one). Negation is read as
// written: the reversal of a rhetorical question is not applied (难道这不是炒作吗 has 炒作
// negated, in a sentence that is Rhetorical); a consumer that wants the intended polarity
// combines the two.
//
// Quoted: the term's first character stands inside quotation marks: “ ” ‘ ’ 「 」 『 』 and
// the straight ＂ and ASCII " (which open or close by turn). Sentence.InQuote says that a quotation opened in
// an earlier sentence of the paragraph is still open; Result.InQuote passes the state on.
//
// Question: the sentence is a question; every marker of a question sentence carries it.
//
// # Questions
//
// A sentence is a question when it ends (before closing quotes and brackets) in ？ or ?, or
// its last word before the final punctuation is 吗 or 呢, or it is rhetorical. It is
// rhetorical (反问) when it holds a cue that is rhetorical wherever it stands (难道, 岂, 何尝,
// 何必, 怎能, 怎么可能, 谁说, 哪有, 何来, 谈何, 又如何, …) or it is a question that holds one
// that is rhetorical only in a question (不是……吗, 是不是, 果真如此吗, 真的如此吗).
package tag

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
)

// Sentence is one sentence to tag.
type Sentence struct {
	// Text is the analysis text of one sentence (normalized: simplified, full-width folded).
	Text string
	// Tokens are the jieba words of Text in default mode, with byte offsets into Text.
	Tokens []segment.Token
	// InQuote is true when a quotation opened earlier in the paragraph is still open at the
	// start of Text (Result.InQuote of the previous sentence).
	InQuote bool
}

// Match is one marker: an occurrence of a codebook pattern.
type Match struct {
	// Start and End are byte offsets into Sentence.Text, end exclusive.
	Start, End int
	// Pattern is the codebook pattern as the codebook writes it (stars included).
	Pattern string
	// Categories are the codebook IDs that list the pattern and for which this occurrence
	// counts (a category's exclusions remove it), in codebook order. The slice may be shared
	// with the Tagger: do not modify it.
	Categories []string
	// Negated is true when a negation governs the term in its clause.
	Negated bool
	// Quoted is true when the term stands inside quotation marks.
	Quoted bool
	// Question is true when the sentence is a question.
	Question bool
}

// Result is what Tag finds in one sentence.
type Result struct {
	// Matches are the markers, ordered by Start, not overlapping.
	Matches []Match
	// Question is true when the sentence ends in ？ or ?, or is a 吗/呢 question, or is
	// rhetorical.
	Question bool
	// Rhetorical is true for a rhetorical question (反问): 难道……吗, ……果真如此吗, 岂不是,
	// 何尝不, 怎么可能, 不是……吗.
	Rhetorical bool
	// InQuote is true when a quotation is still open at the end of the sentence: pass it as
	// Sentence.InQuote of the next sentence of the same paragraph.
	InQuote bool
}

// Tagger finds a codebook's markers. It is read-only after New and safe for concurrent use.
type Tagger struct {
	trie *trie
	// slots maps a trie string ID to the codebook patterns with that text (the same
	// text may stand with and without a '*').
	slots [][]int
	// pats are the codebook's patterns that belong to a category (aliases alone are left out).
	pats []codebook.Pattern
	// runes holds the number of characters of each pattern's Text.
	runes []int
}

// New compiles the text of every pattern of cb that belongs to a frame or rhetoric category
// into one trie. It fails only on a codebook without such patterns.
func New(cb *codebook.Codebook) (*Tagger, error) {
	t := &Tagger{}
	ids := map[string]int{}
	var strs []string
	for _, p := range cb.Patterns() {
		if len(p.Categories) == 0 || p.Text == "" {
			continue
		}
		id, ok := ids[p.Text]
		if !ok {
			id = len(strs)
			ids[p.Text] = id
			strs = append(strs, p.Text)
			t.slots = append(t.slots, nil)
		}
		t.slots[id] = append(t.slots[id], len(t.pats))
		t.pats = append(t.pats, p)
		t.runes = append(t.runes, utf8.RuneCountInString(p.Text))
	}
	if len(t.pats) == 0 {
		return nil, fmt.Errorf("tag: codebook %q has no category patterns", cb.Name)
	}
	t.trie = newTrie(strs)
	return t, nil
}

// candidate is one occurrence of a pattern before overlaps are resolved.
type candidate struct {
	start, end int // bytes, the characters taken in by globs included
	pat        int
	cats       []string
}

// scratch is the working memory of one call of Tag, reused through scratchPool so that a
// sentence costs no allocation beyond its Result.
type scratch struct {
	reading
	hits  []hit
	cands []candidate
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Tag finds the markers of s and the shape of the sentence. It is safe for concurrent use.
func (t *Tagger) Tag(s Sentence) Result {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	text := s.Text
	sc.read(text)
	cands := sc.cands[:0]
	sc.hits = t.trie.findAll(sc.folded, sc.hits[:0])
	for _, h := range sc.hits {
		for _, pi := range t.slots[h.id] {
			if c, ok := t.accept(text, s.Tokens, pi, h.start, h.end); ok {
				cands = append(cands, c)
			}
		}
	}
	sc.cands = cands
	kept := t.resolve(cands)

	res := Result{}
	res.Question, res.Rhetorical = sc.shape(text)
	if len(kept) > 0 {
		res.Matches = make([]Match, len(kept))
	}
	for i, c := range kept {
		res.Matches[i] = Match{
			Start:      c.start,
			End:        c.end,
			Pattern:    t.pats[c.pat].Raw,
			Categories: c.cats,
			Negated:    negated(text, sc.marks, c.start, c.end),
			Question:   res.Question,
		}
	}
	res.InQuote = markQuoted(sc.quotes, s.InQuote, res.Matches)
	return res
}

// accept applies the edge and glob rules (codebook.Pattern.Span), the short-pattern rule and
// the exclusions (codebook.Pattern.CategoriesAt) to one occurrence [start, end) of the text of
// pattern pi, and returns the marker's span and categories.
func (t *Tagger) accept(text string, toks []segment.Token, pi, start, end int) (candidate, bool) {
	p := &t.pats[pi]
	s, e, ok := p.Span(text, start, end)
	if !ok {
		return candidate{}, false
	}
	if t.runes[pi] <= 2 && toks != nil && !(tokenStartsAt(toks, s) && tokenEndsAt(toks, e)) {
		return candidate{}, false
	}
	cats := p.CategoriesAt(text, start, end)
	if len(cats) == 0 {
		return candidate{}, false
	}
	return candidate{start: s, end: e, pat: pi, cats: cats}, true
}

// resolve keeps the leftmost-longest occurrences that do not overlap, ordered by start.
func (t *Tagger) resolve(cands []candidate) []candidate {
	if len(cands) == 0 {
		return nil
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		if a.end != b.end {
			return cmp.Compare(b.end, a.end)
		}
		if la, lb := len(t.pats[a.pat].Text), len(t.pats[b.pat].Text); la != lb {
			return cmp.Compare(lb, la)
		}
		return cmp.Compare(a.pat, b.pat)
	})
	kept := cands[:0]
	last := -1
	for _, c := range cands {
		if c.start >= last {
			kept = append(kept, c)
			last = c.end
		}
	}
	return kept
}

// tokenStartsAt reports whether a token of toks (ordered by Start) starts at byte off.
func tokenStartsAt(toks []segment.Token, off int) bool {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= off })
	return i < len(toks) && toks[i].Start == off
}

// tokenEndsAt reports whether a token of toks (ordered by Start) ends at byte off.
func tokenEndsAt(toks []segment.Token, off int) bool {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End >= off })
	return i < len(toks) && toks[i].End == off
}
