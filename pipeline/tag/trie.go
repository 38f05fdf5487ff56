package tag

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Why a trie and not the Aho–Corasick automaton the tagger used first
// (github.com/coregx/ahocorasick): that library compiles the codebook's 637 pattern texts to
// a byte DFA of 4,369 states whose rows are 256 transitions wide, 4.5 MB, and in annotate,
// where jieba's 100 MB dictionary fills the caches, nearly every byte of text was a cache
// miss on its row: 7.3 % of annotate's CPU on the 24 MB benchmark corpus, with the rest
// of Tag. Patterns are short (at most a dozen characters), so walking a trie by characters
// from each character of the text finds the same occurrences, and what it reads at most
// characters is small: two bit sets of 8 KB (trie.pairs). With the trie, Tag takes 4.5 %
// (perf, same corpus). It is written here because what cost was the layout of the
// library's table in memory, which its API does not let one change. TestTrieAgainstAC and FuzzTrieAgainstAC check that the
// trie finds the occurrences the automaton finds, the automaton kept as the reference.

// trie finds every occurrence of a set of strings in a text, overlapping ones included.
// It is read-only once built and safe for concurrent use.
type trie struct {
	// pairs has the bit pairBit(r1, r2) set for the first two characters of each string,
	// and singles holds the strings of one character below 1<<16: 16 KB that stay in the
	// cache where first, 16 times larger, would not. In Chinese prose 29 % of characters
	// begin a codebook pattern, but only 6 % are followed by its second character.
	pairs   [(1 << 16) / 64]uint64
	singles runeSet
	// first holds, for each character below 1<<16, the index in nodes plus one of the node
	// of the strings that begin with it, 0 where none does; firstBig holds the others.
	first    []int32
	firstBig map[rune]int32
	// nodes are laid out breadth first; the children of a node are kids[from:to], sorted
	// by character.
	nodes []trieNode
	kids  []trieKid
}

type trieNode struct {
	// id is the string that ends at this node, or -1.
	id       int32
	from, to int32
}

type trieKid struct {
	r    rune
	node int32
}

// hit is one occurrence [start, end) in bytes of string id.
type hit struct {
	id, start, end int
}

// newTrie builds a trie of strs; the id of strs[i] is i. Strings must be distinct,
// non-empty and valid UTF-8.
func newTrie(strs []string) *trie {
	type bnode struct {
		id   int32
		kids map[rune]*bnode
	}
	newNode := func() *bnode { return &bnode{id: -1, kids: map[rune]*bnode{}} }
	root := newNode()
	t := &trie{first: make([]int32, 1<<16), firstBig: map[rune]int32{}}
	for i, s := range strs {
		r1, size := utf8.DecodeRuneInString(s)
		if r2, _ := utf8.DecodeRuneInString(s[size:]); size < len(s) {
			b := pairBit(r1, r2)
			t.pairs[b/64] |= 1 << (b % 64)
		} else if r1 < 1<<16 {
			t.singles.add(r1)
		}
		n := root
		for _, r := range s {
			k := n.kids[r]
			if k == nil {
				k = newNode()
				n.kids[r] = k
			}
			n = k
		}
		n.id = int32(i)
	}
	// Breadth first: each node's children get consecutive indexes, in character order.
	queue := []*bnode{root}
	t.nodes = append(t.nodes, trieNode{id: -1})
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		rs := make([]rune, 0, len(n.kids))
		for r := range n.kids {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		from := int32(len(t.kids))
		for _, r := range rs {
			k := n.kids[r]
			idx := int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{id: k.id})
			t.kids = append(t.kids, trieKid{r, idx})
			queue = append(queue, k)
			if qi == 0 {
				if r < 1<<16 {
					t.first[r] = idx + 1
				} else {
					t.firstBig[r] = idx + 1
				}
			}
		}
		t.nodes[qi].from, t.nodes[qi].to = from, int32(len(t.kids))
	}
	return t
}

// findAll appends to out every occurrence in text of the trie's strings and returns it,
// ordered by start, then end.
func (t *trie) findAll(text []byte, out []hit) []hit {
	if len(text) == 0 {
		return out
	}
	r, size := decodeRune(text)
	for i := 0; i < len(text); {
		next, nextSize := rune(-1), 0
		if i+size < len(text) {
			next, nextSize = decodeRune(text[i+size:])
		}
		if r >= 1<<16 || t.singles.has(r) || next >= 0 && t.hasPair(r, next) {
			out = t.walk(text, i, r, size, out)
		}
		i += size
		r, size = next, nextSize
	}
	return out
}

// walk appends the occurrences that begin at text[i], whose character is r, size bytes.
func (t *trie) walk(text []byte, i int, r rune, size int, out []hit) []hit {
	var n int32
	if r < 1<<16 {
		n = t.first[r] - 1
	} else if v, ok := t.firstBig[r]; ok {
		n = v - 1
	} else {
		return out
	}
	for j := i + size; n >= 0; {
		if id := t.nodes[n].id; id >= 0 {
			out = append(out, hit{int(id), i, j})
		}
		if j == len(text) {
			break
		}
		r, size := decodeRune(text[j:])
		n = t.kid(n, r)
		j += size
	}
	return out
}

// pairBit is the bit of trie.pairs for the characters r1, r2.
func pairBit(r1, r2 rune) uint32 {
	return (uint32(r1)*0x9E3779B1 ^ uint32(r2)*0x85EBCA77) >> 16
}

// hasPair reports whether some string may begin with r1, r2.
func (t *trie) hasPair(r1, r2 rune) bool {
	b := pairBit(r1, r2)
	return t.pairs[b/64]&(1<<(b%64)) != 0
}

// kid returns the child of node n for character r, or -1.
func (t *trie) kid(n int32, r rune) int32 {
	ks := t.kids[t.nodes[n].from:t.nodes[n].to]
	i, ok := slices.BinarySearchFunc(ks, r, func(k trieKid, r rune) int { return cmp.Compare(k.r, r) })
	if !ok {
		return -1
	}
	return ks[i].node
}
