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

// at returns the lists that have a word beginning at text[i:] (a prefix of it, byte for
// byte), r and size being the character there as utf8.DecodeRuneInString(text[i:]) gives
// it. A bit is never missing; a bit may be set where a list's word would not be accepted
// there (token boundaries are the lookups' business).
func (x *wordIndex) at(text string, i int, r rune, size int) listMask {
	var m listMask
	for n, j := x.first(r, size), i+size; n >= 0; n, j = x.next(n, text, j) {
		m |= x.nodes[n].lists
	}
	return m
}

// lexiconMatch is a lexicon word found in a text: its byte length and value.
type lexiconMatch struct {
	n     int
	value float64
}

// lexiconAt appends to out the lexicon's words that begin at text[i:], longest first.
func (x *wordIndex) lexiconAt(text string, i int, out []lexiconMatch) []lexiconMatch {
	r, size := utf8.DecodeRuneInString(text[i:])
	from := len(out)
	for n, j := x.first(r, size), i+size; n >= 0; n, j = x.next(n, text, j) {
		if nd := &x.nodes[n]; nd.lists&lexiconBit != 0 {
			out = append(out, lexiconMatch{j - i, nd.value})
		}
	}
	slices.Reverse(out[from:])
	return out
}

// The walks along a text (at, lexiconAt) reach exactly the nodes of the words that are a
// prefix of the text at their offset, byte for byte: they step from a node to the child of
// the next character (first, next), and an invalid byte (utf8.RuneError, 1 byte) ends them,
// since no word, valid UTF-8, holds one.

// first returns the node of the character r, size bytes long, that begins a walk, or -1.
func (x *wordIndex) first(r rune, size int) int32 {
	switch {
	case r == utf8.RuneError && size == 1:
		return -1
	case r < 1<<16:
		return x.root[r] - 1
	}
	return x.rootBig[r] - 1
}

// next steps from node n, whose word ends at byte offset j of text, to the child of the
// character at j; it returns that node and the offset after the character, or -1.
func (x *wordIndex) next(n int32, text string, j int) (int32, int) {
	if j >= len(text) || x.nodes[n].from == x.nodes[n].to {
		return -1, j
	}
	r, size := rune(text[j]), 1
	if r >= utf8.RuneSelf {
		if r, size = utf8.DecodeRuneInString(text[j:]); r == utf8.RuneError && size == 1 {
			return -1, j
		}
	}
	return x.kid(n, r), j + size
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
)

func (c charInfo) size() int { return int(c & charSize) }

// classify returns the charInfo of r, size bytes long.
func classify(r rune, size int) charInfo {
	c := charInfo(size)
	// The CJK Unified Ideographs, most of any Chinese text, are neither space nor
	// punctuation: answer them without the unicode tables' binary searches.
	if r >= 0x4E00 && r <= 0x9FFF {
		return c
	}
	if isClausePunct(r) {
		c |= charClausePunct
	}
	if unicode.IsSpace(r) {
		c |= charSpace
	}
	if unicode.IsPunct(r) {
		c |= charPunct
	}
	return c
}

// strayByte is the charInfo of a byte that is no valid character's first (utf8.RuneError,
// 1 byte long).
var strayByte = classify(utf8.RuneError, 1)

// index fills, for every byte offset i of text, lists[i] with the lists that have a word
// beginning there (see at) and chars[i] with the character there. lists and chars have
// len(text)+1 entries; the last stays zero. Offsets inside a character are answered too,
// as utf8.DecodeRuneInString answers them (a continuation byte is one invalid byte, which
// begins no word), so the tables hold wherever a caller asks.
func (x *wordIndex) index(text string, lists []listMask, chars []charInfo) {
	for i := 0; i < len(text); i++ {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			if r&0xC0 == 0x80 {
				// Words are valid UTF-8: none begins with a continuation byte.
				lists[i], chars[i] = 0, strayByte
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		chars[i] = classify(r, size)
		lists[i] = x.at(text, i, r, size)
	}
}
