package normalize

import (
	"fmt"
	"unicode/utf8"

	"github.com/liuzl/cedar-go"
	"github.com/longbridgeapp/opencc"
)

// converter converts traditional Chinese to simplified with the dictionaries of an OpenCC
// conversion, keeping track of which input runes produced which output runes.
//
// It reads the dictionary chain that opencc.New builds and applies the same algorithm as
// (*opencc.OpenCC).Convert: for each group of the chain in turn, at each position the longest
// key of the first dictionary that has any key there, looked for within a window of 10 runes,
// is replaced by its first value; a rune that no dictionary matches is copied. The output is
// the same string as Convert's (TestConverterMatchesOpenCC checks it on real text); what
// Convert cannot give, and the offset map needs, is where each replacement came from. It also
// runs without allocating per rune: Convert measured 4.5 MB/s on traditional text.
//
// A converter is read-only after newConverter and safe for concurrent use.
type converter struct {
	chain [][]dict
	// keyRunes marks every rune that occurs in some dictionary key: a rune outside it is
	// never part of a match, so text may be cut into runs at such runes and converted run by
	// run with the same result as converting it whole.
	keyRunes bitset
	// witness marks, for every key that changes, one of its runes (a rune that is itself
	// converted where there is one). Text with no witness rune converts to itself.
	witness bitset
}

// dict is one dictionary of a group: the trie and the values of its keys.
type dict struct {
	trie   *cedar.Cedar
	values [][]string
}

// window is how many runes Convert looks at from each position (its preOffset).
const window = 10

// bitset marks runes up to utf8.MaxRune.
type bitset []uint64

func newBitset() bitset     { return make(bitset, (utf8.MaxRune+64)/64) }
func (b bitset) set(r rune) { b[r>>6] |= 1 << (uint(r) & 63) }
func (b bitset) has(r rune) bool {
	return r >= 0 && r <= utf8.MaxRune && b[r>>6]&(1<<(uint(r)&63)) != 0
}

// newConverter builds the OpenCC conversion named conversion ("t2s") and indexes its keys.
func newConverter(conversion string) (*converter, error) {
	cc, err := opencc.New(conversion)
	if err != nil {
		return nil, fmt.Errorf("opencc %s: %w", conversion, err)
	}
	c := &converter{keyRunes: newBitset(), witness: newBitset()}
	// First the single-rune keys that change: they are their own witnesses, and a longer
	// key that contains one of them needs no other.
	type key struct{ k, v string }
	var keys []key
	for gi, g := range cc.DictChains {
		var ds []dict
		for di, d := range g.Dicts {
			if d == nil || d.Trie == nil {
				return nil, fmt.Errorf("opencc %s: group %d dictionary %d (%s) has no trie", conversion, gi, di, g.Files[di])
			}
			ds = append(ds, dict{trie: d.Trie, values: d.Values})
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				k, err := d.Trie.Key(id)
				if err != nil {
					continue
				}
				vi, err := d.Trie.Value(id)
				if err != nil || vi < 0 || vi >= len(d.Values) || len(d.Values[vi]) == 0 {
					continue
				}
				keys = append(keys, key{string(k), d.Values[vi][0]})
			}
		}
		c.chain = append(c.chain, ds)
	}
	for _, kv := range keys {
		for _, r := range kv.k {
			c.keyRunes.set(r)
		}
		if kv.k != kv.v && utf8.RuneCountInString(kv.k) == 1 {
			r, _ := utf8.DecodeRuneInString(kv.k)
			c.witness.set(r)
		}
	}
	for _, kv := range keys {
		if kv.k == kv.v || utf8.RuneCountInString(kv.k) == 1 {
			continue
		}
		covered := false
		for _, r := range kv.k {
			if c.witness.has(r) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		// Mark the first rune that differs from the value, else (lengths differ) the first.
		first, _ := utf8.DecodeRuneInString(kv.k)
		w := first
		v := kv.v
		for _, r := range kv.k {
			vr, size := utf8.DecodeRuneInString(v)
			if size == 0 || vr != r {
				w = r
				break
			}
			v = v[size:]
		}
		c.witness.set(w)
	}
	return c, nil
}

// item is one rune of a text being converted with the range of input runes [lo, hi) that
// produced it.
type item struct {
	r      rune
	lo, hi int
}

// convert converts in, whose origins are set, and appends the result to out. scratch is
// reused between calls to avoid allocation.
func (c *converter) convert(in []item, out []item, scratch *[]byte) []item {
	cur := in
	for gi, group := range c.chain {
		if gi == len(c.chain)-1 {
			return c.convertGroup(group, cur, out, scratch)
		}
		cur = c.convertGroup(group, cur, nil, scratch)
	}
	return append(out, cur...)
}

// convertGroup applies one group of dictionaries to cur as Convert does.
func (c *converter) convertGroup(group []dict, cur []item, out []item, scratch *[]byte) []item {
	// Encode the runes once; offs[i] is the byte offset of rune i (offs[len] = total).
	buf := (*scratch)[:0]
	offs := make([]int, 0, len(cur)+1)
	for _, it := range cur {
		offs = append(offs, len(buf))
		buf = utf8.AppendRune(buf, it.r)
	}
	offs = append(offs, len(buf))
	*scratch = buf
	for i := 0; i < len(cur); {
		end := min(i+window, len(cur))
		m, val := 0, ""
		for _, d := range group {
			n, v := d.longest(buf[offs[i]:offs[end]])
			if n > 0 {
				// Convert rune count of the match from its byte length.
				j := i
				for offs[j]-offs[i] < n {
					j++
				}
				m, val = j-i, v
				break
			}
		}
		if m == 0 {
			out = append(out, cur[i])
			i++
			continue
		}
		seg := cur[i : i+m]
		if utf8.RuneCountInString(val) == m {
			k := 0
			for _, r := range val {
				out = append(out, item{r, seg[k].lo, seg[k].hi})
				k++
			}
		} else {
			lo, hi := seg[0].lo, seg[0].hi
			for _, it := range seg[1:] {
				lo, hi = min(lo, it.lo), max(hi, it.hi)
			}
			for _, r := range val {
				out = append(out, item{r, lo, hi})
			}
		}
		i += m
	}
	return out
}

// longest returns the byte length and first value of the longest key of d that is a prefix
// of s, or 0 when there is none.
func (d dict) longest(s []byte) (int, string) {
	n, val, from := 0, -1, 0
	for i := range s {
		to, err := d.trie.Jump(s[i:i+1], from)
		if err != nil {
			break
		}
		if v, err := d.trie.Value(to); err == nil {
			n, val = i+1, v
		}
		from = to
	}
	if n == 0 || val < 0 || val >= len(d.values) || len(d.values[val]) == 0 {
		return 0, ""
	}
	return n, d.values[val][0]
}
