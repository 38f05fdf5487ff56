package stance

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Why this file exists: the rules ask, at almost every character of a sentence and for some
// twenty word lists (negators, contrasts, pronouns … the lexicon, the codebook's aliases),
// "does a word of this list begin here?". Asked list by list, each question decoded the
// character and probed a table, and nearly every answer was no. A wordIndex answers all the
// lists at once: index decodes a sentence once and walks a trie from each character, which
// gives a bit mask of the lists that have a word beginning there (listMask), and the
// character's length and class (charInfo). The lookups keep their exact rules (longest word
// first, token boundaries) and only skip the offsets whose mask lacks their list's bit,
// where they could find nothing; walks over a sentence step by the stored lengths instead
// of decoding again, or go from one offset with a list's bit to the next (nextWord), and a
// list's words at an offset are read off the same trie (wordsAt). TestIndex checks the
// tables against their definitions.

// listMask has one bit per word list: lexiconBit for the lexicon, cueList.bit for each cue
// list.
type listMask uint32

// The bits of the lists that are not cue lists: the Rules' lexicon (its evaluative and
// neutral words), and the codebook patterns of target aliases and of stance-bearing
// categories (patternSet).
const (
	lexiconBit listMask = 1 << iota
	aliasBit
	markerBit
	// firstCueBit is the bit of the first cue list.
	firstCueBit
)

// cueLists are every cue list made by cues, in the order they were made; the list at index
// k has bit firstCueBit<<k.
var cueLists []*cueList

// wordIndex is a trie of the words of the lexicon, of every cue list and of the codebook
// patterns the rules search, by characters. NewRules builds it once (wordIndexBuilder); it is
// read-only after and safe for concurrent use.
type wordIndex struct {
	// bmp holds, for each character below 1<<16 (all of Chinese, punctuation and the
	// full-width forms), its class in the low byte (a charInfo without size) and above it
	// the index in nodes plus one of the node of the words that begin with it (0 where
	// none does): one load answers both for most characters of a text. rootBig holds the
	// nodes of the other first characters.
	bmp     []uint32
	rootBig map[rune]int32
	// nodes are the trie's nodes; the children of a node are kids[n.from:n.to], sorted by
	// character.
	nodes []indexNode
	kids  []indexKid
	// values holds, by node, the lexicon's value of the word that ends there (when its
	// lists have lexiconBit); apart from nodes, which the walks read far more often.
	values []float64
	// pairs filters the first two characters of words.
	pairs pairFilter
}

type indexNode struct {
	// lists holds the lists with a word that ends at this node.
	lists    listMask
	from, to int32
}

type indexKid struct {
	r    rune
	node int32
}

// wordIndexBuilder collects words for a wordIndex.
type wordIndexBuilder struct {
	root map[rune]*builderNode
}

type builderNode struct {
	lists listMask
	value float64
	kids  map[rune]*builderNode
}

// addLexicon records that w is a word of the lexicon worth v.
func (b *wordIndexBuilder) addLexicon(w string, v float64) {
	if n := b.add(w, lexiconBit); n != nil {
		n.value = v
	}
}

// add records that w is a word of the lists in m, and returns its node (nil for "").
func (b *wordIndexBuilder) add(w string, m listMask) *builderNode {
	if w == "" {
		return nil
	}
	if b.root == nil {
		b.root = map[rune]*builderNode{}
	}
	kids := b.root
	var n *builderNode
	for _, r := range w {
		if n = kids[r]; n == nil {
			n = &builderNode{}
			kids[r] = n
		}
		if n.kids == nil {
			n.kids = map[rune]*builderNode{}
		}
		kids = n.kids
	}
	n.lists |= m
	return n
}

// build lays the trie out in arrays, breadth first (the nodes of first characters, which
// every walk reads, lie together), children sorted by character.
func (b *wordIndexBuilder) build() *wordIndex {
	x := &wordIndex{bmp: make([]uint32, 1<<16), rootBig: map[rune]int32{}}
	for r := range rune(1 << 16) {
		x.bmp[r] = uint32(classify(r, 0))
	}
	firsts := sortedRunes(b.root)
	var queue []*builderNode // the nodes in the order of their indexes
	for _, r := range firsts {
		if k := uint32(len(queue)); r < 1<<16 {
			x.bmp[r] |= (k + 1) << 8
		} else {
			x.rootBig[r] = int32(k) + 1
		}
		queue = append(queue, b.root[r])
	}
	for k := 0; k < len(queue); k++ {
		n := queue[k]
		from := int32(len(x.kids))
		for _, r := range sortedRunes(n.kids) {
			x.kids = append(x.kids, indexKid{r: r, node: int32(len(queue))})
			queue = append(queue, n.kids[r])
			if k < len(firsts) {
				x.pairs.add(firsts[k], r)
			}
		}
		x.nodes = append(x.nodes, indexNode{lists: n.lists, from: from, to: int32(len(x.kids))})
		x.values = append(x.values, n.value)
	}
	return x
}

// pairFilter is a Bloom filter (one hash) of the first two characters of the words: most
// walks stop at the second character, and the filter, small enough to stay in the
// processor's nearest cache, answers most of them without searching a node's children.
type pairFilter [pairBits / 64]uint64

// pairBits is the size of a pairFilter in bits: 4 KB, where the default lexicon and cues
// (about 2,300 pairs) set one bit in fifteen.
const (
	pairLog  = 15
	pairBits = 1 << pairLog
)

// pairHash hashes two characters to a bit of a pairFilter (Fibonacci hashing: the top bits
// of the product with 2⁶⁴/φ).
func pairHash(a, b rune) uint64 {
	return (uint64(uint32(a))<<32 | uint64(uint32(b))) * 0x9E3779B97F4A7C15 >> (64 - pairLog)
}

func (f *pairFilter) add(a, b rune) {
	h := pairHash(a, b)
	f[h/64] |= 1 << (h % 64)
}

// mayHave reports whether some word may begin with a then b; false is certain.
func (f *pairFilter) mayHave(a, b rune) bool {
	h := pairHash(a, b)
	return f[h/64]&(1<<(h%64)) != 0
}

func sortedRunes(m map[rune]*builderNode) []rune {
	rs := make([]rune, 0, len(m))
	for r := range m {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return rs
}

// kid returns the child of node n reached by r, or -1.
func (x *wordIndex) kid(n int32, r rune) int32 {
	ks := x.kids[x.nodes[n].from:x.nodes[n].to]
	// Most nodes have a handful of children: a linear scan beats a binary search there.
	if len(ks) <= 8 {
		for _, k := range ks {
			if k.r == r {
				return k.node
			}
		}
		return -1
	}
	// The first child not below r, as sort.Search finds it (a closure per comparison
	// costs more than the search).
	lo, hi := 0, len(ks)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if ks[h].r < r {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(ks) && ks[lo].r == r {
		return ks[lo].node
	}
	return -1
}

// The walks follow the trie along the characters of a sentence, decoded once by index:
// from the node of the first character (first) to the child of each next one (kid). They
// reach exactly the nodes of the words that are a prefix of the text where they start, byte
// for byte, since a valid character decodes the same whatever follows it, and an invalid
// byte (noRune) ends them: no word, valid UTF-8, holds one.

// noRune stands in a sentence's characters for a byte that is no valid character.
const noRune rune = -1

// lexiconMatch is a lexicon word found in a text: its byte length and value.
type lexiconMatch struct {
	n     int
	value float64
}

// lexiconAt appends to out the lexicon's words that begin with the characters rs, longest
// first.
func (x *wordIndex) lexiconAt(rs []rune, out []lexiconMatch) []lexiconMatch {
	from := len(out)
	n, bytes := x.first(rs[0]), 0
	for k := 1; n >= 0; k++ {
		bytes += utf8.RuneLen(rs[k-1])
		if nd := &x.nodes[n]; nd.lists&lexiconBit != 0 {
			out = append(out, lexiconMatch{bytes, x.values[n]})
		}
		if k == len(rs) {
			break
		}
		n = x.kid(n, rs[k])
	}
	slices.Reverse(out[from:])
	return out
}

// wordsAt appends to out the byte lengths of the words of the lists in m that begin at
// text[i:] (text as index reads it: lower-cased), shortest first.
func (x *wordIndex) wordsAt(text string, i int, m listMask, out []int) []int {
	n := int32(-1)
	for j := i; j < len(text); {
		r, size := decodeRune(text, j)
		if r == utf8.RuneError && size == 1 {
			break // no word holds an invalid byte
		}
		if j == i {
			n = x.first(r)
		} else {
			n = x.kid(n, r)
		}
		if n < 0 {
			break
		}
		j += size
		if x.nodes[n].lists&m != 0 {
			out = append(out, j-i)
		}
	}
	return out
}

// first returns the node of the words that begin with r, or -1.
func (x *wordIndex) first(r rune) int32 {
	switch {
	case r < 0:
		return -1
	case r < 1<<16:
		return int32(x.bmp[r]>>8) - 1
	}
	return x.rootBig[r] - 1
}

// class returns the class of r (a charInfo without size).
func (x *wordIndex) class(r rune) charInfo {
	if r < 1<<16 {
		return charInfo(x.bmp[r])
	}
	return classify(r, 0)
}

// charInfo describes the character at a byte offset of a sentence: its byte length, as
// utf8.DecodeRuneInString gives it, and the classes the walks over the sentence ask about.
type charInfo uint8

const (
	// charSize masks the byte length (1 to 4).
	charSize charInfo = 7
	// charClausePunct marks a character of clausePunct; charSpace one of unicode.IsSpace;
	// charPunct one of unicode.IsPunct.
	charClausePunct charInfo = 8
	charSpace       charInfo = 16
	charPunct       charInfo = 32
	// charQuote marks a quotation mark (see closingQuote).
	charQuote charInfo = 64
)

func (c charInfo) size() int { return int(c & charSize) }

// classify returns the charInfo of r, size bytes long.
func classify(r rune, size int) charInfo {
	c := charInfo(size)
	if isClausePunct(r) {
		c |= charClausePunct
	}
	if unicode.IsSpace(r) {
		c |= charSpace
	}
	if unicode.IsPunct(r) {
		c |= charPunct
	}
	if isQuoteMark(r) {
		c |= charQuote
	}
	return c
}

// strayByte is the charInfo of a byte that is no valid character's first (utf8.RuneError,
// 1 byte long).
var strayByte = classify(utf8.RuneError, 1)

// index reads a sentence's text once, as asciiLower(text) (the words are folded so): for
// every byte offset i of text, chars[i] is the character there as
// utf8.DecodeRuneInString(text[i:]) gives it (a byte inside a character reads as one
// invalid byte), and lists[i] holds the lists that have a word beginning there (none inside
// a character: words are valid UTF-8). lists and chars have len(text)+1 entries, and lists
// must be zero on entry (as docMemory hands them out): index writes only at character
// starts. It returns the characters of asciiLower(text), one per character start (noRune
// for an invalid byte), appended to runes[:0], every list found in the text, and whether
// text has upper-case ASCII letters (whether asciiLower would copy it).
func (x *wordIndex) index(text string, lists []listMask, chars []charInfo, runes []rune) (_ []rune, all listMask, upper bool) {
	runes = runes[:0]
	// One pass: the walk from a character needs the next one (for the pair filter), so it
	// is finished a character late, when that one is decoded; the few walks that go
	// further decode the text ahead (walkFrom). prev is the node of the previous
	// character (-1: none), at byte offset prevAt.
	prev, prevAt, prevR := int32(-1), 0, noRune
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A' // same class: a letter
			upper = true
		}
		n := int32(-1)
		switch {
		case r == utf8.RuneError && size == 1:
			chars[i], r = strayByte, noRune
		case r < 1<<16:
			// One load for the class and the node (first and class).
			v := x.bmp[r]
			chars[i] = charInfo(v) | charInfo(size)
			n = int32(v>>8) - 1
		default:
			chars[i] = classify(r, size)
			n = x.first(r)
		}
		for j := i + 1; j < i+size; j++ {
			chars[j] = strayByte
		}
		if prev >= 0 {
			m := x.nodes[prev].lists
			if r != noRune && x.pairs.mayHave(prevR, r) {
				m |= x.walkFrom(prev, text, i)
			}
			lists[prevAt] = m
			all |= m
		}
		prev, prevAt, prevR = n, i, r
		runes = append(runes, r)
		i += size
	}
	if prev >= 0 {
		m := x.nodes[prev].lists
		lists[prevAt] = m
		all |= m
	}
	chars[len(text)] = 0
	return runes, all, upper
}

// walkFrom goes on from node n along the characters of asciiLower(text[i:]) and returns
// the lists that have a word ending on the way.
func (x *wordIndex) walkFrom(n int32, text string, i int) listMask {
	var m listMask
	for i < len(text) {
		r, size := decodeRune(text, i)
		if r == utf8.RuneError && size == 1 {
			break // no word holds an invalid byte
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if n = x.kid(n, r); n < 0 {
			break
		}
		m |= x.nodes[n].lists
		i += size
	}
	return m
}

// decodeRune is utf8.DecodeRuneInString(s[i:]), with a shortcut for most characters of
// Chinese: three bytes whose first is none of E0 and ED (which limit the second byte) and
// whose next two are continuation bytes are always a valid character.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) {
		if b1, b2 := s[i+1], s[i+2]; b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}
