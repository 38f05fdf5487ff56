package stats

import (
	"math"
	"sort"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
)

// Markers returns the markers table: one row per term as it stands in the text (Sora and sora
// are two rows), most frequent first (then by term), with columns
//
//	term, pattern, categories, count, documents, negated_share, quoted_share, question_share
//
// pattern lists the codebook patterns that matched the term and categories its codebook IDs
// (frames then rhetoric, in codebook order), both separated by spaces; documents counts the
// documents where it occurs; the shares are the parts of its occurrences that are negated,
// inside quotation marks, and in a question.
func Markers(cb *codebook.Codebook, docs []Doc) *Table {
	type acc struct {
		term                      string
		patterns, cats            map[string]bool
		count, docs               int
		negated, quoted, question int
		lastDoc                   int
	}
	index := map[string]*acc{}
	var all []*acc
	for di, d := range docs {
		for _, m := range d.Ann.Markers {
			a := index[m.Term]
			if a == nil {
				a = &acc{term: m.Term, patterns: map[string]bool{}, cats: map[string]bool{}, lastDoc: -1}
				index[m.Term] = a
				all = append(all, a)
			}
			a.count++
			if a.lastDoc != di {
				a.docs++
				a.lastDoc = di
			}
			if m.Pattern != "" {
				a.patterns[m.Pattern] = true
			}
			for _, c := range m.Categories {
				a.cats[c] = true
			}
			if m.Negated {
				a.negated++
			}
			if m.Quoted {
				a.quoted++
			}
			if m.Question {
				a.question++
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].count != all[j].count {
			return all[i].count > all[j].count
		}
		return all[i].term < all[j].term
	})
	order := append(cb.FrameIDs(), cb.RhetoricIDs()...)
	b := newBuilder("markers")
	for _, name := range []string{"term", "pattern", "categories"} {
		b.col(name, String)
	}
	b.col("count", Int)
	b.col("documents", Int)
	for _, name := range []string{"negated_share", "quoted_share", "question_share"} {
		b.col(name, Float)
	}
	for _, a := range all {
		var cats []string
		for _, id := range order {
			if a.cats[id] {
				cats = append(cats, id)
				delete(a.cats, id)
			}
		}
		cats = append(cats, sortedKeys(a.cats)...) // IDs the codebook does not know, if any
		b.add([]any{a.term, strings.Join(sortedKeys(a.patterns), " "), strings.Join(cats, " "),
			a.count, a.docs, ratio(a.negated, a.count), ratio(a.quoted, a.count), ratio(a.question, a.count)})
	}
	return b.t
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Cooccurrence returns the cooccurrence table: one row per pair of frames (frame_a before
// frame_b in codebook order), with columns
//
//	frame_a, frame_b,
//	docs_a, docs_b, docs_both, docs_jaccard, docs_pmi,
//	sentences_a, sentences_b, sentences_both, sentences_jaccard, sentences_pmi
//
// A document has a frame when one of its markers is in the frame; a sentence when the frame is
// in its Frames. Over N units (documents or sentences), with a and b the units having each
// frame and ab those having both:
//
//	jaccard = ab / (a + b − ab)          (NaN when a = b = 0)
//	pmi     = log2(ab · N / (a · b))     (NaN when ab = 0: never seen together)
func Cooccurrence(cb *codebook.Codebook, docs []Doc) *Table {
	frames := cb.FrameIDs()
	idx := make(map[string]int, len(frames))
	for i, f := range frames {
		idx[f] = i
	}
	n := len(frames)
	docOne, sentOne := make([]int, n), make([]int, n)
	docBoth, sentBoth := make([]int, n*n), make([]int, n*n)
	nDocs, nSents := 0, 0
	has := make([]bool, n)
	tally := func(one, both []int) {
		for i := 0; i < n; i++ {
			if !has[i] {
				continue
			}
			one[i]++
			for j := i + 1; j < n; j++ {
				if has[j] {
					both[i*n+j]++
				}
			}
		}
	}
	for _, d := range docs {
		nDocs++
		clear(has)
		for _, m := range d.Ann.Markers {
			for _, c := range m.Categories {
				if i, ok := idx[c]; ok {
					has[i] = true
				}
			}
		}
		tally(docOne, docBoth)
		for _, s := range d.Ann.Sentences {
			nSents++
			clear(has)
			for _, f := range s.Frames {
				if i, ok := idx[f]; ok {
					has[i] = true
				}
			}
			tally(sentOne, sentBoth)
		}
	}
	b := newBuilder("cooccurrence")
	b.col("frame_a", String)
	b.col("frame_b", String)
	for _, unit := range []string{"docs", "sentences"} {
		b.col(unit+"_a", Int)
		b.col(unit+"_b", Int)
		b.col(unit+"_both", Int)
		b.col(unit+"_jaccard", Float)
		b.col(unit+"_pmi", Float)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			row := []any{frames[i], frames[j]}
			row = append(row, docOne[i], docOne[j], docBoth[i*n+j], jaccard(docOne[i], docOne[j], docBoth[i*n+j]), pmi(docOne[i], docOne[j], docBoth[i*n+j], nDocs))
			row = append(row, sentOne[i], sentOne[j], sentBoth[i*n+j], jaccard(sentOne[i], sentOne[j], sentBoth[i*n+j]), pmi(sentOne[i], sentOne[j], sentBoth[i*n+j], nSents))
			b.add(row)
		}
	}
	return b.t
}

// jaccard is |A∩B| / |A∪B|.
func jaccard(a, b, ab int) float64 { return ratio(ab, a+b-ab) }

// pmi is the pointwise mutual information of two events in bits: log2(P(ab) / (P(a)P(b))).
func pmi(a, b, ab, n int) float64 {
	if ab == 0 || a == 0 || b == 0 {
		return math.NaN()
	}
	return math.Log2(float64(ab) * float64(n) / (float64(a) * float64(b)))
}
