package stance

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Why this file exists: the rules ask, at almost every character of a sentence and for some
// twenty word lists (negators, contrasts, pronouns … and the lexicon), "does a word of this
// list begin here?". Asked list by list, each question decoded the character and probed a
// table, and nearly every answer was no. A wordIndex answers all the lists at once: one walk
// of a trie per byte offset of the sentence gives a bit mask of the lists that have a word
// beginning there (listMask). The lookups keep their exact rules (longest word first, token
// boundaries) and only skip the offsets whose mask lacks their list's bit, where they could
// find nothing.

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
	// root holds, by first character below 1<<16 (where all Chinese and all punctuation
	// is), the index in nodes of the node it leads to plus one, 0 where no word begins with
	// it: one load answers most offsets of a text. rootBig holds the other first characters.
	root    []int32
	rootBig map[rune]int32
	// nodes are the trie's nodes; the children of a node are kids[n.from:n.to], sorted by
	// character.
	nodes []indexNode
	kids  []indexKid
}

type indexNode struct {
	// lists holds the lists with a word that ends at this node.
	lists    listMask
	from, to int32
	// value is the lexicon's value of the word that ends here (lists has lexiconBit).
	value float64
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

// build lays the trie out in arrays, children sorted by character.
func (b *wordIndexBuilder) build() *wordIndex {
	x := &wordIndex{root: make([]int32, 1<<16), rootBig: map[rune]int32{}}
	var place func(n *builderNode) int32
	place = func(n *builderNode) int32 {
		k := int32(len(x.nodes))
		x.nodes = append(x.nodes, indexNode{lists: n.lists, value: n.value})
		rs := sortedRunes(n.kids)
		from := int32(len(x.kids))
		for _, r := range rs {
			x.kids = append(x.kids, indexKid{r: r})
		}
		x.nodes[k].from, x.nodes[k].to = from, int32(len(x.kids))
		for i, r := range rs {
			x.kids[int(from)+i].node = place(n.kids[r])
		}
		return k
	}
	for _, r := range sortedRunes(b.root) {
		k := place(b.root[r])
		if r < 1<<16 {
			x.root[r] = k + 1
		} else {
			x.rootBig[r] = k + 1
		}
	}
	return x
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
	i, ok := slices.BinarySearchFunc(ks, r, func(k indexKid, r rune) int { return int(k.r - r) })
	if !ok {
		return -1
	}
	return ks[i].node
}

// The walks follow the trie along the characters of a sentence, decoded once by index:
// from the node of the first character (first) to the child of each next one (kid). They
// reach exactly the nodes of the words that are a prefix of the text where they start, byte
// for byte, since a valid character decodes the same whatever follows it, and an invalid
// byte (noRune) ends them: no word, valid UTF-8, holds one.

// noRune stands in a sentence's characters for a byte that is no valid character.
const noRune rune = -1

// at returns the lists that have a word beginning with the characters rs (rs[0] first). A
// bit is never missing; a bit may be set where a list's word would not be accepted there
// (token boundaries are the lookups' business).
func (x *wordIndex) at(rs []rune) listMask {
	n := x.first(rs[0])
	if n < 0 {
		return 0
	}
	m := x.nodes[n].lists
	for _, r := range rs[1:] {
		if n = x.kid(n, r); n < 0 {
			break
		}
		m |= x.nodes[n].lists
	}
	return m
}

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
			out = append(out, lexiconMatch{bytes, nd.value})
		}
		if k == len(rs) {
			break
		}
		n = x.kid(n, rs[k])
	}
	slices.Reverse(out[from:])
	return out
}

// first returns the node of the words that begin with r, or -1.
func (x *wordIndex) first(r rune) int32 {
	switch {
	case r < 0:
		return -1
	case r < 1<<16:
		return x.root[r] - 1
	}
	return x.rootBig[r] - 1
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

// index reads a sentence's text once: for every byte offset i of text, chars[i] is the
// character there as utf8.DecodeRuneInString(text[i:]) gives it (a byte inside a character
// reads as one invalid byte), and lists[i] holds the lists that have a word beginning there
// (none inside a character: words are valid UTF-8). lists and chars have len(text)+1
// entries; the last is zero. It returns the characters of text, one per character start
// (noRune for an invalid byte), appended to runes[:0], and every list found in the text.
func (x *wordIndex) index(text string, lists []listMask, chars []charInfo, runes []rune) ([]rune, listMask) {
	runes = runes[:0]
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			// The CJK Unified Ideographs, most of any Chinese text, are neither space,
			// punctuation nor quotation mark: classify need not search its tables.
			chars[i] = charInfo(size)
		case r == utf8.RuneError && size == 1:
			chars[i], r = strayByte, noRune
		default:
			chars[i] = classify(r, size)
		}
		for j := i + 1; j < i+size; j++ {
			chars[j] = strayByte
		}
		runes = append(runes, r)
		i += size
	}
	chars[len(text)] = 0
	var all listMask
	for k, i := 0, 0; k < len(runes); k, i = k+1, i+chars[i].size() {
		m := x.at(runes[k:])
		lists[i] = m
		all |= m
		for j := i + 1; j < i+chars[i].size(); j++ {
			lists[j] = 0
		}
	}
	lists[len(text)] = 0
	return runes, all
}
