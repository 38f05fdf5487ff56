package stats

import (
	"math"
	"slices"
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
// inside quotation marks, and in a question. It runs a MarkersAcc over docs.
func Markers(cb *codebook.Codebook, docs []Doc) *Table {
	t, _ := run(NewMarkersAcc(cb), docs)
	return t
}

// MarkersAcc accumulates the markers table (see Markers): one running total per term.
type MarkersAcc struct {
	order []string // category IDs, frames then rhetoric
	index map[string]*termAcc
	all   []*termAcc // in order of first appearance
	docs  int        // documents added
}

// termAcc accumulates the occurrences of one term.
type termAcc struct {
	term                      string
	patterns, cats            map[string]bool
	count, docs               int
	negated, quoted, question int
	lastDoc                   int // the number of the last document that had the term
}

// NewMarkersAcc returns an empty accumulator of the markers table of documents annotated
// with cb.
func NewMarkersAcc(cb *codebook.Codebook) *MarkersAcc {
	return &MarkersAcc{order: append(cb.FrameIDs(), cb.RhetoricIDs()...), index: map[string]*termAcc{}}
}

// Add counts the markers of d (d.Words are not needed).
func (acc *MarkersAcc) Add(d Doc) {
	acc.docs++
	for _, m := range d.Ann.Markers {
		a := acc.index[m.Term]
		if a == nil {
			a = &termAcc{term: m.Term, patterns: map[string]bool{}, cats: map[string]bool{}}
			acc.index[m.Term] = a
			acc.all = append(acc.all, a)
		}
		a.count++
		if a.lastDoc != acc.docs {
			a.docs++
			a.lastDoc = acc.docs
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

// Table returns the markers table of the documents added; the error is always nil.
func (acc *MarkersAcc) Table() (*Table, error) {
	all := slices.Clone(acc.all)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].count != all[j].count {
			return all[i].count > all[j].count
		}
		return all[i].term < all[j].term
	})
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
		for _, id := range acc.order { // the codebook's IDs are unique
			if a.cats[id] {
				cats = append(cats, id)
			}
		}
		if len(cats) < len(a.cats) { // IDs the codebook does not know, sorted
			for _, id := range sortedKeys(a.cats) {
				if !slices.Contains(acc.order, id) {
					cats = append(cats, id)
				}
			}
		}
		b.add([]any{a.term, strings.Join(sortedKeys(a.patterns), " "), strings.Join(cats, " "),
			a.count, a.docs, ratio(a.negated, a.count), ratio(a.quoted, a.count), ratio(a.question, a.count)})
	}
	return b.t, nil
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
//
// It runs a CooccurrenceAcc over docs.
func Cooccurrence(cb *codebook.Codebook, docs []Doc) *Table {
	t, _ := run(NewCooccurrenceAcc(cb), docs)
	return t
}

// CooccurrenceAcc accumulates the cooccurrence table (see Cooccurrence): counts per frame and
// per pair of frames, of documents and of sentences.
type CooccurrenceAcc struct {
	frames            []string
	idx               map[string]int // frame ID → index in frames
	docOne, sentOne   []int          // per frame
	docBoth, sentBoth []int          // per pair i < j, at i*len(frames)+j
	nDocs, nSents     int
	has               []bool // scratch: the frames of the unit being counted
}

// NewCooccurrenceAcc returns an empty accumulator of the cooccurrence table of documents
// annotated with cb.
func NewCooccurrenceAcc(cb *codebook.Codebook) *CooccurrenceAcc {
	frames := cb.FrameIDs()
	n := len(frames)
	acc := &CooccurrenceAcc{frames: frames, idx: make(map[string]int, n),
		docOne: make([]int, n), sentOne: make([]int, n),
		docBoth: make([]int, n*n), sentBoth: make([]int, n*n), has: make([]bool, n)}
	for i, f := range frames {
		acc.idx[f] = i
	}
	return acc
}

// tally counts the unit whose frames are in acc.has.
func (acc *CooccurrenceAcc) tally(one, both []int) {
	n := len(acc.frames)
	for i := 0; i < n; i++ {
		if !acc.has[i] {
			continue
		}
		one[i]++
		for j := i + 1; j < n; j++ {
			if acc.has[j] {
				both[i*n+j]++
			}
		}
	}
}

// Add counts d and its sentences (d.Words are not needed).
func (acc *CooccurrenceAcc) Add(d Doc) {
	acc.nDocs++
	clear(acc.has)
	for _, m := range d.Ann.Markers {
		for _, c := range m.Categories {
			if i, ok := acc.idx[c]; ok {
				acc.has[i] = true
			}
		}
	}
	acc.tally(acc.docOne, acc.docBoth)
	for _, s := range d.Ann.Sentences {
		acc.nSents++
		clear(acc.has)
		for _, f := range s.Frames {
			if i, ok := acc.idx[f]; ok {
				acc.has[i] = true
			}
		}
		acc.tally(acc.sentOne, acc.sentBoth)
	}
}

// Table returns the cooccurrence table of the documents added; the error is always nil.
func (acc *CooccurrenceAcc) Table() (*Table, error) {
	frames, n := acc.frames, len(acc.frames)
	docOne, docBoth, sentOne, sentBoth := acc.docOne, acc.docBoth, acc.sentOne, acc.sentBoth
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
			row = append(row, docOne[i], docOne[j], docBoth[i*n+j], jaccard(docOne[i], docOne[j], docBoth[i*n+j]), pmi(docOne[i], docOne[j], docBoth[i*n+j], acc.nDocs))
			row = append(row, sentOne[i], sentOne[j], sentBoth[i*n+j], jaccard(sentOne[i], sentOne[j], sentBoth[i*n+j]), pmi(sentOne[i], sentOne[j], sentBoth[i*n+j], acc.nSents))
			b.add(row)
		}
	}
	return b.t, nil
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
