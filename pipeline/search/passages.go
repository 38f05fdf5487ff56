package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/normalize"
)

// PassageID returns the ID of passage n (a paragraph, from 0) of an essay: "<essay>#p<n>".
func PassageID(essay string, n int) string { return essay + "#p" + strconv.Itoa(n) }

// runPassages answers a plan compiled for passages. Passages are the paragraphs of the
// essays (their spans are kept with each essay, in index.FieldSpans); a passage matches when
// the query holds for it, every clause on a field with term locations (words, phrases,
// markers, categories) decided by the locations inside the passage, every other clause
// (date, source, stance, frame.ID numbers…) by its essay:
//
//  1. the relaxed query (Plan.Query) finds every essay that may hold a matching passage,
//     with the term locations of every passage clause (those under a NOT from Plan.Locate,
//     added as optional clauses) and its paragraphs' spans from doc values: no stored
//     field is read;
//  2. each clause that is decided by the essay is run once on those essays;
//  3. the syntax tree is evaluated on each paragraph of each essay.
//
// Facets count the essays that hold at least one matching passage.
func (s *Searcher) runPassages(ctx context.Context, plan *Plan, opts Options) (*Result, error) {
	q := plan.Query
	if len(plan.Locate) > 0 {
		q = query.NewBooleanQuery([]query.Query{plan.Query}, plan.Locate, nil)
	}
	// Every essay that may hold a passage, with its term locations and paragraph spans (doc
	// values): no stored field is read.
	docs, err := s.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	req := bleve.NewSearchRequestOptions(q, max(int(docs), 1), 0, false)
	if err := sortBy(req, opts.Sort, s.schema); err != nil {
		return nil, err
	}
	for _, info := range plan.Clauses {
		req.IncludeLocations = req.IncludeLocations || info.Passage
	}
	res, kept, err := s.searchKeeping(ctx, req, s.schema.Spans)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Took: res.Took, Hits: []*Hit{}, Facets: Facets{}}
	essays := res.Hits
	ids := make([]string, len(essays))
	for i, e := range essays {
		ids[i] = e.ID
	}
	byEssay, err := s.essayClauses(ctx, plan, ids)
	if err != nil {
		return nil, err
	}
	words := map[*Clause][]string{}
	for c, info := range plan.Clauses {
		if info.Passage && info.Phrase == "" && (c.Kind == Word || c.Kind == Phrase) && containsField(info.Fields, s.schema.Text) {
			words[c] = s.wordTerms([]string{c.Value})
		}
	}
	// Each essay's matching paragraphs, evaluated on one goroutine per part of the essays.
	type para struct {
		n    int
		span model.Span
	}
	found := make([][]para, len(essays))
	parts := min(max(s.parts, 1), len(essays))
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var chars, bytes []model.Span
			for j := len(essays) * k / parts; j < len(essays)*(k+1)/parts; j++ {
				e := essays[j]
				doc := kept[binary.BigEndian.Uint64(e.IndexInternalID)]
				if doc == nil { // no paragraph
					continue
				}
				var err error
				if chars, bytes, err = index.AppendSpans(chars[:0], bytes[:0], doc.value); err != nil {
					errs[k] = fmt.Errorf("search: %s: %w", e.ID, err)
					return
				}
				p := &passage{s: s, essay: e.ID, locs: doc.locs, plan: plan, byEssay: byEssay, words: words,
					cache: map[*Clause][][]locSpan{}}
				for i, sp := range chars {
					p.start, p.end, p.bstart, p.bend = sp.Start, sp.End, bytes[i].Start, bytes[i].End
					if p.eval(plan.Tree) {
						found[j] = append(found[j], para{i, sp})
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var show []shownPassage
	var matched []string // essays with a matching passage
	n := 0
	for j, e := range essays {
		for _, p := range found[j] {
			n++
			if n > opts.From && n <= opts.From+opts.Size {
				show = append(show, shownPassage{essay: e.ID, n: p.n, span: p.span, score: e.Score})
			}
		}
		if len(found[j]) > 0 {
			matched = append(matched, e.ID)
		}
	}
	out.Total = uint64(n)
	if len(show) > 0 {
		if err := s.passageHits(ctx, plan, opts, show, out); err != nil {
			return nil, err
		}
	}
	if len(opts.Facets) > 0 {
		fq := query.Query(query.NewMatchNoneQuery())
		if len(matched) > 0 {
			fq = query.NewDocIDQuery(matched)
		}
		freq := bleve.NewSearchRequestOptions(fq, 0, 0, false)
		counted, err := s.addFacets(ctx, freq, opts)
		if err != nil {
			return nil, err
		}
		fres, err := s.search(ctx, freq, counted...)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		for _, name := range opts.Facets {
			out.Facets = append(out.Facets, s.facet(name, fres.Facets[name]))
		}
	}
	return out, nil
}

// shownPassage is a matching passage that the result shows.
type shownPassage struct {
	essay string
	n     int
	span  model.Span
	score float64 // the essay's
}

// passageHits builds the hits of the passages shown, reading their essays' stored fields
// (and term locations, for KWIC) with one more search on those essays alone.
func (s *Searcher) passageHits(ctx context.Context, plan *Plan, opts Options, show []shownPassage, out *Result) error {
	var ids []string
	seen := map[string]bool{}
	for _, sp := range show {
		if !seen[sp.essay] {
			seen[sp.essay] = true
			ids = append(ids, sp.essay)
		}
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), plan.Query})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = s.displayFields(opts.Context > 0)
	req.IncludeLocations = opts.Context > 0 && len(plan.LocationFields) > 0
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search: passages: %w", err)
	}
	byID := map[string]*bsearch.DocumentMatch{}
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	type essayText struct {
		runes []rune
		vis   []normalize.Visibility
		spans []Span
	}
	texts := map[string]*essayText{}
	for _, sp := range show {
		e := byID[sp.essay]
		if e == nil {
			return fmt.Errorf("search: passages: essay %s vanished from the index", sp.essay)
		}
		h := s.hit(e, plan, Options{})
		h.ID, h.Essay, h.Score = PassageID(sp.essay, sp.n), sp.essay, sp.score
		if opts.Context > 0 {
			et := texts[sp.essay]
			if et == nil {
				text, _ := e.Fields[s.schema.Text].(string)
				path, _ := e.Fields[s.schema.Keywords["path"]].(string)
				et = &essayText{runes: []rune(text), vis: s.visibility(path, text)}
				et.spans = hitSpans(text, et.runes, e.Locations, plan, s.schema.Fold)
				texts[sp.essay] = et
			}
			start, end := min(sp.span.Start, len(et.runes)), min(sp.span.End, len(et.runes))
			var vis []normalize.Visibility
			if et.vis != nil {
				vis = et.vis[start:end]
			}
			h.KWIC = passageLines(h.ID, et.runes[start:end], vis, start, et.spans, opts)
		}
		out.Hits = append(out.Hits, h)
	}
	return nil
}

// essayClauses runs each clause that is decided by the essay on the candidate essays, and
// returns, per clause, the set of essays it holds for.
func (s *Searcher) essayClauses(ctx context.Context, plan *Plan, ids []string) (map[*Clause]map[string]bool, error) {
	out := map[*Clause]map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	for c, info := range plan.Clauses {
		if info.Passage || info.Required {
			continue // a required clause holds for every essay of ids
		}
		q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), info.Query})
		req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
		res, err := s.search(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		set := make(map[string]bool, len(res.Hits))
		for _, h := range res.Hits {
			set[h.ID] = true
		}
		out[c] = set
	}
	return out, nil
}

// passageLines returns the KWIC lines of the essay's spans that fall inside a passage, with
// context taken from the passage only; offsets stay those of the essay's text.
func passageLines(id string, runes []rune, vis []normalize.Visibility, start int, spans []Span, opts Options) []Line {
	var in []Span
	for _, sp := range spans {
		if sp.Start >= start && sp.End <= start+len(runes) {
			in = append(in, Span{Start: sp.Start - start, End: sp.End - start})
		}
	}
	if opts.Lines > 0 && len(in) > opts.Lines {
		in = in[:opts.Lines]
	}
	lines := ConcordanceShown(id, runes, vis, in, opts.Context)
	for i := range lines {
		lines[i].Start += start
		lines[i].End += start
	}
	return lines
}

// passage is the paragraph being evaluated: one value per essay, moved from paragraph to
// paragraph.
type passage struct {
	s            *Searcher
	essay        string
	start, end   int // its character offsets into the essay's text
	bstart, bend int // and its byte offsets
	// locs holds the essay's term locations: byte offsets, but character offsets for the
	// exact phrases (phrase.go).
	locs    []bsearch.FieldTermLocation
	plan    *Plan
	byEssay map[*Clause]map[string]bool
	words   map[*Clause][]string
	// cache holds each clause's location spans in the essay, shared by its paragraphs.
	cache map[*Clause][][]locSpan
}

// locSpan is a location of a clause's term: character offsets for an exact phrase, byte
// offsets for the other fields.
type locSpan struct{ start, end int }

func (p *passage) eval(n Node) bool {
	switch n := n.(type) {
	case *MatchAll:
		return true
	case *And:
		for _, a := range n.Args {
			if !p.eval(a) {
				return false
			}
		}
		return true
	case *Or:
		for _, a := range n.Args {
			if p.eval(a) {
				return true
			}
		}
		return false
	case *Not:
		return !p.eval(n.Arg)
	case *Clause:
		info := p.plan.Clauses[n]
		if !info.Passage {
			return info.Required || p.byEssay[n][p.essay]
		}
		// Every group of the clause's locations (one per word of a phrase of words, else
		// one) has one in the paragraph: a phrase's whole (characters), a term's start
		// (bytes).
		for _, g := range p.clauseSpans(n, info) {
			lo, hi := p.bstart, p.bend
			if info.Phrase != "" {
				lo, hi = p.start, p.end
			}
			i := sort.Search(len(g), func(i int) bool { return g[i].start >= lo })
			for i < len(g) && g[i].start < hi && info.Phrase != "" && g[i].end > hi {
				i++
			}
			if i == len(g) || g[i].start >= hi {
				return false
			}
		}
		return true
	}
	return false
}

// clauseSpans returns the clause's location spans in the passage's essay, by group, each
// sorted by start: the phrase's matches for an exact phrase (located by the phrase
// searcher, in characters), the locations of each word jieba cut a word clause into, else
// those of the terms the clause accepts.
func (p *passage) clauseSpans(n *Clause, info *ClauseInfo) [][]locSpan {
	if gs, ok := p.cache[n]; ok {
		return gs
	}
	collect := func(match func(string) bool) []locSpan {
		var g []locSpan
		for _, l := range p.locs {
			if containsField(info.Fields, l.Field) && match(l.Term) {
				g = append(g, locSpan{int(l.Location.Start), int(l.Location.End)})
			}
		}
		return g
	}
	var gs [][]locSpan
	if info.Phrase != "" {
		gs = [][]locSpan{collect(func(t string) bool { return t == info.Phrase })}
	} else if ws, ok := p.words[n]; ok {
		gs = [][]locSpan{nil} // a word that jieba cuts into nothing is in no passage
		if len(ws) > 0 {
			gs = gs[:0]
		}
		for _, w := range ws {
			gs = append(gs, collect(func(t string) bool { return t == w }))
		}
	} else {
		gs = [][]locSpan{collect(termMatcher(n, info))}
	}
	for _, g := range gs {
		sort.Slice(g, func(i, j int) bool { return g[i].start < g[j].start })
	}
	p.cache[n] = gs
	return gs
}

// termMatcher returns the test of an indexed term against a clause on a keyword-like field
// (markers, categories) or on the words' field (wildcard, regexp, fuzzy).
func termMatcher(n *Clause, info *ClauseInfo) func(string) bool {
	if info.IDs != nil {
		return func(t string) bool { return containsField(info.IDs, t) }
	}
	switch n.Kind {
	case Wildcard:
		re := regexp.MustCompile("^" + wildcardRegexp(strings.ToLower(n.Value)) + "$")
		return re.MatchString
	case Regexp:
		re, err := regexp.Compile("^(?:" + n.Value + ")$")
		if err != nil {
			return func(string) bool { return false }
		}
		return re.MatchString
	}
	v := strings.ToLower(n.Value)
	if n.Fuzziness > 0 {
		return func(t string) bool { return editDistance(t, v) <= n.Fuzziness }
	}
	return func(t string) bool { return t == v }
}

// wildcardRegexp turns a wildcard (* any run, ? one character) into a regular expression.
func wildcardRegexp(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

func containsField(fs []string, f string) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}
