package stance

import "unicode/utf8"

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

// lexiconBit stands for the Rules' lexicon (its evaluative and neutral words).
const lexiconBit listMask = 1

// cueLists are every cue list made by cues, in the order they were made; the list at index
// k has bit 1<<(k+1).
var cueLists []*cueList

// wordIndex is a trie of the words of the lexicon and of every cue list, by characters. It
// is built once by NewRules and read-only after, safe for concurrent use.
type wordIndex struct {
	// first filters first characters as wordTable.first does: most offsets of a text begin
	// no word, and this answers them without a map lookup.
	first [firstBits / 64]uint64
	// root maps a word's first character to its node; kids a node and the next character
	// (node<<32 | character) to the child node.
	root  map[rune]int32
	kids  map[uint64]int32
	nodes []indexNode
}

type indexNode struct {
	// lists holds the lists with a word that ends at this node.
	lists listMask
	// leaf is true for a node without children, where a walk stops without a lookup.
	leaf bool
}

func newWordIndex() *wordIndex {
	return &wordIndex{root: map[rune]int32{}, kids: map[uint64]int32{}}
}

// add records that w is a word of the lists in m.
func (x *wordIndex) add(w string, m listMask) {
	if w == "" {
		return
	}
	n := int32(-1)
	for _, r := range w {
		var next int32
		var ok bool
		if n < 0 {
			x.first[(r%firstBits)/64] |= 1 << (r % 64)
			next, ok = x.root[r]
		} else {
			next, ok = x.kids[kidKey(n, r)]
		}
		if !ok {
			next = int32(len(x.nodes))
			x.nodes = append(x.nodes, indexNode{leaf: true})
			if n < 0 {
				x.root[r] = next
			} else {
				x.kids[kidKey(n, r)] = next
				x.nodes[n].leaf = false
			}
		}
		n = next
	}
	x.nodes[n].lists |= m
}

func kidKey(n int32, r rune) uint64 { return uint64(n)<<32 | uint64(uint32(r)) }

// at returns the lists that have a word beginning at text[i:] (a prefix of it, byte for
// byte), r and size being the character there as utf8.DecodeRuneInString(text[i:]) gives
// it. A bit is never missing; a bit may be set where a list's word would not be accepted
// there (token boundaries are the lookups' business).
func (x *wordIndex) at(text string, i int, r rune, size int) listMask {
	if x.first[(r%firstBits)/64]&(1<<(r%64)) == 0 {
		return 0
	}
	n, ok := x.root[r]
	if !ok {
		return 0
	}
	m := x.nodes[n].lists
	for j := i + size; j < len(text) && !x.nodes[n].leaf; j += size {
		r, size = rune(text[j]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[j:])
		}
		if n, ok = x.kids[kidKey(n, r)]; !ok {
			break
		}
		m |= x.nodes[n].lists
	}
	return m
}

// index fills, for every byte offset i of text, lists[i] with the lists that have a word
// beginning there (see at) and sizes[i] with the byte length utf8.DecodeRuneInString gives
// the character there. lists and sizes have len(text)+1 entries; the last stays zero.
// Offsets inside a character are answered too (a continuation byte is one invalid byte that
// begins no word), so the masks hold wherever a caller asks.
func (x *wordIndex) index(text string, lists []listMask, sizes []uint8) {
	for i := 0; i < len(text); i++ {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			if r&0xC0 == 0x80 {
				// Words are valid UTF-8: none begins with a continuation byte.
				lists[i], sizes[i] = 0, 1
				continue
			}
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		sizes[i] = uint8(size)
		lists[i] = x.at(text, i, r, size)
	}
}
