package stats

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// keySet collects the metadata keys of the documents added.
type keySet map[string]bool

func (ks keySet) add(a *model.Annotation) {
	for k := range a.Meta {
		ks[k] = true
	}
}

// sorted returns the keys, sorted.
func (ks keySet) sorted() []string {
	keys := make([]string, 0, len(ks))
	for k := range ks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Docs returns the docs table: one row per document, in input order, with columns
//
//	id, title, author, source, date, url, meta_<key> for every metadata key,
//	chars, tokens, markers, questions, rhetorical_questions,
//	<frame>_hits, <frame>_per_1k for each frame, then each rhetoric category,
//	dominant_frame, <target>_stance, <target>_score for each stance target.
//
// Hits count a category's markers, negated ones included (as model.FrameStat.Hits);
// dominant_frame is the frame with the most hits (the first in codebook order on a tie, ""
// when none); <target>_stance is "" and <target>_score NaN when the document has no stance.
// It runs a DocsAcc over docs.
func Docs(cb *codebook.Codebook, docs []Doc) *Table {
	t, _ := run(NewDocsAcc(cb), docs)
	return t
}

// DocsAcc accumulates the docs table (see Docs). It keeps one small row per document (its
// cells, not its annotation): the docs table is as long as the corpus.
type DocsAcc struct {
	cats, frames, targets []string
	keys                  keySet
	rows                  []docRow
}

// docRow is one document's row, less the meta_<key> cells, which wait for the set of keys.
type docRow struct {
	// head holds id, title, author, source, date, url; tail the cells after meta_<key>.
	head, tail []any
	meta       map[string]string
}

// NewDocsAcc returns an empty accumulator of the docs table of documents annotated with cb.
func NewDocsAcc(cb *codebook.Codebook) *DocsAcc {
	return &DocsAcc{
		cats:    append(cb.FrameIDs(), cb.RhetoricIDs()...),
		frames:  cb.FrameIDs(),
		targets: cb.TargetIDs(),
		keys:    keySet{},
	}
}

// Add adds the row of d (d.Words are not needed).
func (acc *DocsAcc) Add(d Doc) {
	a := d.Ann
	acc.keys.add(a)
	c := countDoc(a)
	r := docRow{head: []any{a.ID, a.Title, a.Author, a.Source, a.Date, a.URL}}
	if len(a.Meta) > 0 {
		r.meta = maps.Clone(a.Meta)
	}
	r.tail = make([]any, 0, 6+2*len(acc.cats)+2*len(acc.targets))
	r.tail = append(r.tail, a.Chars, a.Tokens, len(a.Markers), c.questions, c.rhetorical)
	for _, cat := range acc.cats {
		r.tail = append(r.tail, c.hits[cat], per1k(c.hits[cat], a.Chars))
	}
	r.tail = append(r.tail, dominant(acc.frames, c))
	for _, t := range acc.targets {
		if s, ok := a.Stance[t]; ok {
			r.tail = append(r.tail, s.Label, s.Score)
		} else {
			r.tail = append(r.tail, "", math.NaN())
		}
	}
	acc.rows = append(acc.rows, r)
}

// Table returns the docs table of the documents added, in the order they were added; the
// error is always nil.
func (acc *DocsAcc) Table() (*Table, error) {
	b := newBuilder("docs")
	for _, name := range []string{"id", "title", "author", "source", "date", "url"} {
		b.col(name, String)
	}
	keys := acc.keys.sorted()
	for _, k := range keys {
		b.col("meta_"+k, String)
	}
	for _, name := range []string{"chars", "tokens", "markers", "questions", "rhetorical_questions"} {
		b.col(name, Int)
	}
	for _, c := range acc.cats {
		b.catCol(c, "hits", Int)
		b.catCol(c, "per_1k", Float)
	}
	b.col("dominant_frame", String)
	for _, t := range acc.targets {
		b.catCol(t, "stance", String)
		b.catCol(t, "score", Float)
	}
	b.t.Rows = make([][]any, 0, len(acc.rows))
	for _, r := range acc.rows {
		row := make([]any, 0, len(b.t.Columns))
		row = append(row, r.head...)
		for _, k := range keys {
			row = append(row, r.meta[k])
		}
		b.add(append(row, r.tail...))
	}
	return b.t, nil
}

// Built-in grouping keys for Groups; any other key names a metadata key.
var builtinKeys = []string{"source", "author", "month", "year", "date", "title", "id", "url"}

// groupValue returns a document's value for a grouping key ("" when it has none).
func groupValue(a *model.Annotation, key string) string {
	switch key {
	case "source":
		return a.Source
	case "author":
		return a.Author
	case "month":
		return Month(a.Date)
	case "year":
		return Year(a.Date)
	case "date":
		return a.Date
	case "title":
		return a.Title
	case "id":
		return a.ID
	case "url":
		return a.URL
	}
	return a.Meta[key]
}

// checkKeys reports a grouping key that is neither built in nor one of the metadata keys meta
// (sorted).
func checkKeys(meta []string, by []string) error {
	for _, k := range by {
		if k == "" {
			return fmt.Errorf("empty grouping key")
		}
		if slices.Contains(builtinKeys, k) {
			continue
		}
		if _, ok := slices.BinarySearch(meta, k); !ok {
			return fmt.Errorf("unknown grouping key %q: not one of %v, and no document has metadata %q", k, builtinKeys, k)
		}
	}
	return nil
}

// group accumulates the documents of one group.
type group struct {
	key                   []string
	docs, chars, tokens   int
	markers               int
	questions, rhetorical int
	hits                  map[string]int // per category
	docsWith              map[string]int // per category: documents with at least one hit
	stance                map[string]map[string]int
	scoreSum              map[string]float64
	scored                map[string]int
}

// Groups returns the groups table: one row per value of the grouping keys by (built-in:
// source, author, month, year, date, title, id, url; any other key is a metadata key), sorted
// by those values with the empty value (documents without it) last. With no key, one row
// whose column group is "all". Columns:
//
//	<key> for each key of by (or group),
//	documents, chars, tokens, markers, questions, rhetorical_questions,
//	<frame>_hits, <frame>_per_1k, <frame>_share, <frame>_docs, <frame>_doc_share per frame,
//	<cat>_hits, <cat>_per_1k, <cat>_docs, <cat>_doc_share per rhetoric category,
//	<target>_favor, <target>_against, <target>_none, <target>_score_mean per target.
//
// <frame>_per_1k is the group's hits per 1,000 of its characters (not a mean of documents'
// rates); <frame>_share is the frame's part of all frame hits of the group (the shares of a
// group add up to 1, NaN when it has no frame hit); <frame>_doc_share is the part of the
// group's documents with at least one hit. The stance counts add up to the documents that
// carry stance; <target>_score_mean is the mean of their scores (NaN when none does).
// It runs a GroupsAcc over docs.
func Groups(cb *codebook.Codebook, docs []Doc, by []string) (*Table, error) {
	return run(NewGroupsAcc(cb, by), docs)
}

// GroupsAcc accumulates the groups table (see Groups): one running total per group.
type GroupsAcc struct {
	cb      *codebook.Codebook
	by      []string
	targets []string
	meta    keySet
	index   map[string]*group
	groups  []*group // in order of first appearance
}

// NewGroupsAcc returns an empty accumulator of the groups table by the keys by of documents
// annotated with cb. A key that is neither built in nor the metadata key of a document added
// is reported by Table.
func NewGroupsAcc(cb *codebook.Codebook, by []string) *GroupsAcc {
	return &GroupsAcc{cb: cb, by: slices.Clone(by), targets: cb.TargetIDs(), meta: keySet{}, index: map[string]*group{}}
}

// Add adds d to its group (d.Words are not needed).
func (acc *GroupsAcc) Add(d Doc) {
	a := d.Ann
	acc.meta.add(a)
	targets := acc.targets
	kv := []string{"all"}
	if len(acc.by) > 0 {
		kv = make([]string, len(acc.by))
		for i, k := range acc.by {
			kv[i] = groupValue(a, k)
		}
	}
	id := fmt.Sprintf("%q", kv)
	g := acc.index[id]
	if g == nil {
		g = &group{key: kv, hits: map[string]int{}, docsWith: map[string]int{},
			stance: map[string]map[string]int{}, scoreSum: map[string]float64{}, scored: map[string]int{}}
		for _, t := range targets {
			g.stance[t] = map[string]int{}
		}
		acc.index[id] = g
		acc.groups = append(acc.groups, g)
	}
	c := countDoc(a)
	g.docs++
	g.chars += a.Chars
	g.tokens += a.Tokens
	g.markers += len(a.Markers)
	g.questions += c.questions
	g.rhetorical += c.rhetorical
	for cat, n := range c.hits {
		g.hits[cat] += n
		if n > 0 {
			g.docsWith[cat]++
		}
	}
	for _, t := range targets {
		if s, ok := a.Stance[t]; ok {
			g.stance[t][s.Label]++
			g.scoreSum[t] += s.Score
			g.scored[t]++
		}
	}
}

// Table returns the groups table of the documents added, or an error naming a grouping key
// that is neither built in nor a metadata key of one of them.
func (acc *GroupsAcc) Table() (*Table, error) {
	if err := checkKeys(acc.meta.sorted(), acc.by); err != nil {
		return nil, fmt.Errorf("stats: groups: %w", err)
	}
	keys := acc.by
	if len(keys) == 0 {
		keys = []string{"group"}
	}
	groups := slices.Clone(acc.groups)
	sort.SliceStable(groups, func(i, j int) bool { return lessKey(groups[i].key, groups[j].key) })

	b := newBuilder("groups")
	for _, k := range keys {
		b.col(k, String)
	}
	for _, name := range []string{"documents", "chars", "tokens", "markers", "questions", "rhetorical_questions"} {
		b.col(name, Int)
	}
	frames, rhet, targets := acc.cb.FrameIDs(), acc.cb.RhetoricIDs(), acc.targets
	for _, f := range frames {
		b.catCol(f, "hits", Int)
		b.catCol(f, "per_1k", Float)
		b.catCol(f, "share", Float)
		b.catCol(f, "docs", Int)
		b.catCol(f, "doc_share", Float)
	}
	for _, r := range rhet {
		b.catCol(r, "hits", Int)
		b.catCol(r, "per_1k", Float)
		b.catCol(r, "docs", Int)
		b.catCol(r, "doc_share", Float)
	}
	for _, t := range targets {
		b.catCol(t, model.Favor, Int)
		b.catCol(t, model.Against, Int)
		b.catCol(t, model.None, Int)
		b.catCol(t, "score_mean", Float)
	}
	for _, g := range groups {
		row := make([]any, 0, len(b.t.Columns))
		for _, v := range g.key {
			row = append(row, v)
		}
		row = append(row, g.docs, g.chars, g.tokens, g.markers, g.questions, g.rhetorical)
		frameHits := 0
		for _, f := range frames {
			frameHits += g.hits[f]
		}
		for _, f := range frames {
			row = append(row, g.hits[f], per1k(g.hits[f], g.chars), ratio(g.hits[f], frameHits),
				g.docsWith[f], ratio(g.docsWith[f], g.docs))
		}
		for _, r := range rhet {
			row = append(row, g.hits[r], per1k(g.hits[r], g.chars), g.docsWith[r], ratio(g.docsWith[r], g.docs))
		}
		for _, t := range targets {
			mean := math.NaN()
			if g.scored[t] > 0 {
				mean = g.scoreSum[t] / float64(g.scored[t])
			}
			row = append(row, g.stance[t][model.Favor], g.stance[t][model.Against], g.stance[t][model.None], mean)
		}
		b.add(row)
	}
	return b.t, nil
}

// lessKey orders group keys value by value, the empty value last.
func lessKey(a, b []string) bool {
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if a[i] == "" {
			return false
		}
		if b[i] == "" {
			return true
		}
		return a[i] < b[i]
	}
	return false
}
