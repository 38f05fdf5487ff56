package search

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/normalize"
)

// Options configures one search.
type Options struct {
	// Passages returns passages (paragraphs) instead of essays.
	Passages bool
	// Sort is SortScore (the default), SortDate (oldest first), SortDateDesc, or a number of
	// the essay, least first (chars, tokens, passages, frame.ID, stance.TARGET) or greatest
	// first with "-" before it (-frame.bubble); ties keep the order of their scores.
	Sort string
	// Size is the number of hits to return (0: none, only the total and facets); From skips
	// that many first.
	Size, From int
	// Facets names the facets to count: a keyword field (source, author, meta.KEY…), frame,
	// rhetoric, category, marker, marker.neg, stance.TARGET, month or year.
	Facets []string
	// FacetSize is the number of values a terms facet returns (default 20).
	FacetSize int
	// Context is the number of characters of context on each side of a KWIC line; 0 means
	// no KWIC lines.
	Context int
	// Lines is the largest number of KWIC lines per hit; 0 means all.
	Lines int
}

// Sort orders of hits.
const (
	SortScore    = "score"
	SortDate     = "date"
	SortDateDesc = "-date"
)

// Facets with a meaning of their own; any keyword field may also be a facet.
const (
	FacetMonth = "month"
	FacetYear  = "year"
)

// Result is the answer to a search.
type Result struct {
	// Total is the number of matching documents (essays or passages).
	Total uint64 `json:"total"`
	Hits  []*Hit `json:"hits"`
	// Facets maps a facet's name to its counts, in the order Options.Facets gave them.
	Facets Facets `json:"facets"`
	// Took is the time bleve took.
	Took time.Duration `json:"-"`
}

// Hit is one matching essay or passage.
type Hit struct {
	ID string `json:"id"`
	// Essay is the id of a passage's essay ("" for an essay).
	Essay  string  `json:"essay,omitempty"`
	Title  string  `json:"title"`
	Author string  `json:"author,omitempty"`
	Source string  `json:"source"`
	Date   string  `json:"date"`
	Score  float64 `json:"score"`
	// Frames holds each frame's hits per 1,000 characters, frames with no hit left out.
	Frames map[string]float64 `json:"frames"`
	// Stance holds each target's label.
	Stance map[string]string `json:"stance"`
	// KWIC holds the keyword-in-context lines of the hit, in text order.
	KWIC []Line `json:"kwic"`
	// Evidence holds, for each target of the query's stance clauses, up to maxEvidence
	// sentences that decided the essay's stance toward it, in text order (white space
	// folded, markup left out); absent for other queries and for passages.
	Evidence map[string][]string `json:"evidence,omitempty"`
}

// Facet is the counts of one facet.
type Facet struct {
	Name string
	// Values holds the counts, largest first for a terms facet, in time order for month
	// and year.
	Values []FacetValue
	// Total counts values in matching documents (a document may have several, or none);
	// Missing counts matching documents without a value; Other counts values beyond Values.
	Total, Missing, Other int
}

// FacetValue is one value of a facet and the number of matching documents that have it.
type FacetValue struct {
	Value string
	Count int
}

// Facets is the facets of a result, in the order asked for.
type Facets []*Facet

// MarshalJSON writes the facets as {"name": {"value": count, …}, …}, in their order.
func (fs Facets) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.Name)
		b.Write(name)
		b.WriteString(":{")
		for j, v := range f.Values {
			if j > 0 {
				b.WriteByte(',')
			}
			value, _ := json.Marshal(v.Value)
			fmt.Fprintf(&b, "%s:%d", value, v.Count)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// Get returns the facet of that name, or nil.
func (fs Facets) Get(name string) *Facet {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Searcher answers queries from one index. It is safe for concurrent use.
type Searcher struct {
	idx    bleve.Index
	schema *Schema
	// markdown finds the markup of a Markdown essay, to leave it out of KWIC lines.
	markdown *normalize.Normalizer

	datesOnce sync.Once
	first     time.Time // the earliest and latest dates of the index
	last      time.Time
	datesErr  error

	// loadWords, when set, loads the analyzer of the word field, reporting why it cannot
	// (the analyzer itself would silently find nothing); close closes the index.
	loadWords func() error
	close     func() error
	// parts is the number of parts a search runs as at once (split.go); 1 for an index
	// that is not read-only.
	parts int
	// bleveFacets makes bleve count the terms facets too (tests compare the two).
	bleveFacets bool
}

// Close closes the index when the Searcher opened it (Open); otherwise it does nothing.
func (s *Searcher) Close() error {
	if s.close == nil {
		return nil
	}
	return s.close()
}

// NewSearcher returns a Searcher over idx, whose fields schema names. The index stays the
// caller's to close.
func NewSearcher(idx bleve.Index, schema *Schema) *Searcher {
	md, err := normalize.New(normalize.Options{Markdown: true})
	if err != nil {
		// Without Traditional, New fails only on a negative MaxSentence.
		panic(err)
	}
	return &Searcher{idx: idx, schema: schema, markdown: md, parts: 1}
}

// visibility returns how each character of an essay's text is shown in KWIC lines: the
// markup of a Markdown essay (by its path, as the analysis decided) hidden; nil when the
// essay is not Markdown.
func (s *Searcher) visibility(path, text string) []normalize.Visibility {
	if !normalize.IsMarkdownPath(path) {
		return nil
	}
	return s.markdown.Normalize(text).Visibility()
}

// Schema returns the searcher's schema.
func (s *Searcher) Schema() *Schema { return s.schema }

// Compile parses and compiles a query for essays, or for passages; a mistake is an
// *Error.
func (s *Searcher) Compile(queryText string, passages bool) (*Plan, error) {
	n, err := Parse(queryText)
	if err != nil {
		return nil, err
	}
	return s.schema.CompileWith(queryText, n, CompileOptions{Passages: passages})
}

// Search runs a query.
func (s *Searcher) Search(ctx context.Context, queryText string, opts Options) (*Result, error) {
	plan, err := s.Compile(queryText, opts.Passages)
	if err != nil {
		return nil, err
	}
	return s.Run(ctx, plan, opts)
}

// Run runs a compiled query; it returns passages when the plan was compiled for them.
func (s *Searcher) Run(ctx context.Context, plan *Plan, opts Options) (*Result, error) {
	if s.loadWords != nil && (len(plan.Words) > 0 || containsField(plan.LocationFields, s.schema.Text)) {
		if err := s.loadWords(); err != nil {
			return nil, err
		}
	}
	if plan.Passages {
		return s.runPassages(ctx, plan, opts)
	}
	req := bleve.NewSearchRequestOptions(plan.Query, opts.Size, opts.From, false)
	if err := sortBy(req, opts.Sort, s.schema); err != nil {
		return nil, err
	}
	if opts.Size > 0 {
		req.Fields = s.displayFields(opts.Context > 0)
		if len(plan.StanceTargets) > 0 && s.schema.Annotation != "" {
			req.Fields = append(req.Fields, s.schema.Annotation)
		}
	}
	counted, err := s.addFacets(ctx, req, opts)
	if err != nil {
		return nil, err
	}
	res, err := s.search(ctx, req, counted...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Took: res.Took, Hits: []*Hit{}, Facets: Facets{}}
	if opts.Context > 0 && len(plan.LocationFields) > 0 && len(res.Hits) > 0 {
		if err := s.locate(ctx, plan.Query, res.Hits); err != nil {
			return nil, err
		}
	}
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, s.hit(dm, plan, opts))
	}
	for _, name := range opts.Facets {
		out.Facets = append(out.Facets, s.facet(name, res.Facets[name]))
	}
	return out, nil
}

// locate fills in the term locations of the hits shown, running q again on them alone:
// asking for locations in the main search would build them for every match.
func (s *Searcher) locate(ctx context.Context, q query.Query, hits []*bsearch.DocumentMatch) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("search: KWIC: %w", err)
	}
	byID := make(map[string]bsearch.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h.Locations
	}
	for _, h := range hits {
		h.Locations = byID[h.ID]
	}
	return nil
}

// all returns every document that q matches, with the given stored fields.
func (s *Searcher) all(ctx context.Context, q query.Query, fields []string) ([]*bsearch.DocumentMatch, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := s.search(ctx, req)
	if err != nil || res.Total == 0 {
		return nil, err
	}
	req = bleve.NewSearchRequestOptions(q, int(res.Total), 0, false)
	req.Fields = fields
	req.SortBy([]string{"_id"})
	res, err = s.search(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// wordTerms cuts query words as the text field's analyzer cuts them.
func (s *Searcher) wordTerms(words []string) []string {
	if len(words) == 0 {
		return nil
	}
	m := s.idx.Mapping()
	a := m.AnalyzerNamed(m.AnalyzerNameForPath(s.schema.Text))
	if a == nil {
		return words
	}
	var out []string
	for _, w := range words {
		for _, t := range a.Analyze([]byte(w)) {
			out = append(out, string(t.Term))
		}
	}
	return dedupe(out)
}

// sortBy sets the order of a request's hits: by score, by date, or by a number of the
// essay (chars, frame.bubble, stance.us_ai…; "-" before it for the greatest first).
func sortBy(req *bleve.SearchRequest, order string, schema *Schema) error {
	// No "_id" to break ties: it makes bleve read the ID of every match (half the time of a
	// query matching most documents); ties keep the index's order.
	switch order {
	case SortScore, "":
		req.SortBy([]string{"-_score"})
	case SortDate:
		req.SortBy([]string{schema.Date})
	case SortDateDesc:
		req.SortBy([]string{"-" + schema.Date})
	default:
		name, desc := strings.CutPrefix(order, "-")
		field, ok := schema.NumberField(name)
		if !ok {
			return fmt.Errorf("sort %q: want %s, %s, %s or a number of the essay such as -frame.bubble, chars or stance.us_ai (\"-\" first: greatest first)", order, SortScore, SortDate, SortDateDesc)
		}
		if desc {
			field = "-" + field
		}
		req.SortBy([]string{field, "-_score"})
	}
	return nil
}

// displayFields lists the stored fields a hit is shown with.
func (s *Searcher) displayFields(text bool) []string {
	fs := []string{}
	for _, k := range []string{"title", "author", "source"} {
		if f := s.schema.Keywords[k]; f != "" {
			fs = append(fs, f)
		}
	}
	fs = append(fs, s.schema.Date)
	for _, c := range s.schema.Codebook.Frames {
		fs = append(fs, s.schema.FrameNumber(c.ID))
	}
	for _, t := range s.schema.Codebook.Targets {
		fs = append(fs, s.schema.StanceLabel(t.ID))
	}
	if text {
		fs = append(fs, s.schema.Text)
		if f := s.schema.Keywords["path"]; f != "" {
			fs = append(fs, f) // whether the text is Markdown
		}
	}
	return fs
}

// hit turns a bleve match into a Hit, with its KWIC lines.
func (s *Searcher) hit(dm *bsearch.DocumentMatch, plan *Plan, opts Options) *Hit {
	str := func(f string) string {
		switch v := dm.Fields[f].(type) {
		case string:
			return v
		case []any:
			if len(v) > 0 {
				if s, ok := v[0].(string); ok {
					return s
				}
			}
		}
		return ""
	}
	h := &Hit{
		ID:     dm.ID,
		Title:  str(s.schema.Keywords["title"]),
		Author: str(s.schema.Keywords["author"]),
		Source: str(s.schema.Keywords["source"]),
		Date:   dateOnly(str(s.schema.Date)),
		Score:  dm.Score,
		Frames: map[string]float64{},
		Stance: map[string]string{},
		KWIC:   []Line{},
	}
	for _, c := range s.schema.Codebook.Frames {
		if v, ok := dm.Fields[s.schema.FrameNumber(c.ID)].(float64); ok && v > 0 {
			h.Frames[c.ID] = v
		}
	}
	for _, t := range s.schema.Codebook.Targets {
		if v := str(s.schema.StanceLabel(t.ID)); v != "" {
			h.Stance[t.ID] = v
		}
	}
	evidence := len(plan.StanceTargets) > 0 && !plan.Passages
	if opts.Context == 0 && !evidence {
		return h
	}
	// The text as KWIC lines and evidence sentences show it: markup left out.
	text := str(s.schema.Text)
	runes := []rune(text)
	vis := s.visibility(str(s.schema.Keywords["path"]), text)
	if len(vis) != len(runes) {
		vis = nil
	}
	if evidence {
		h.Evidence = evidenceOf(str(s.schema.Annotation), runes, vis, h.Title, plan.StanceTargets)
	}
	if opts.Context > 0 {
		spans := hitSpans(text, runes, dm.Locations, plan, s.schema.Fold)
		if opts.Lines > 0 && len(spans) > opts.Lines {
			spans = spans[:opts.Lines]
		}
		h.KWIC = ConcordanceShown(dm.ID, runes, vis, spans, opts.Context)
	}
	return h
}

// maxEvidence bounds the evidence sentences shown per target.
const maxEvidence = 3

// evidenceOf returns the sentences of an essay that decided its stance toward each of
// targets, from its stored annotation (nil when there is none: an index without it, or a
// stance with no evidence). The sentences are cut from the essay's text (runes, with their
// visibility vis, nil for all visible) by their character offsets. A favor or against
// without evidence sentences was decided by the essay's title, which then stands as the
// evidence.
func evidenceOf(annotation string, runes []rune, vis []normalize.Visibility, title string, targets []string) map[string][]string {
	if annotation == "" || len(runes) == 0 {
		return nil
	}
	var ann struct {
		Sentences []struct{ Start, End int } `json:"sentences"`
		Stance    map[string]struct {
			Label    string `json:"label"`
			Evidence []int  `json:"evidence"`
		} `json:"stance"`
	}
	if json.Unmarshal([]byte(annotation), &ann) != nil {
		return nil
	}
	out := map[string][]string{}
	for _, t := range targets {
		for _, i := range ann.Stance[t].Evidence {
			if i < 0 || i >= len(ann.Sentences) || len(out[t]) == maxEvidence {
				continue
			}
			sp := ann.Sentences[i]
			if sp.Start < 0 || sp.End > len(runes) || sp.Start >= sp.End {
				continue
			}
			out[t] = append(out[t], strings.TrimSpace(cleanContext(runes, vis, sp.Start, sp.End)))
		}
		if st := ann.Stance[t]; len(out[t]) == 0 && title != "" && (st.Label == model.Favor || st.Label == model.Against) {
			out[t] = []string{title}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// dateOnly cuts a stored datetime (2024-02-18T00:00:00Z) to its day when it is midnight.
func dateOnly(s string) string {
	if d, ok := strings.CutSuffix(s, "T00:00:00Z"); ok {
		return d
	}
	return s
}

// hitSpans returns the character spans to show in a hit's text: every occurrence of the
// plan's needles, and every location of the terms bleve matched in its word fields, merged.
func hitSpans(text string, runes []rune, locs bsearch.FieldTermLocationMap, plan *Plan, fold func(rune) rune) []Span {
	var spans []Span
	for _, n := range plan.Needles {
		spans = append(spans, FindAll(runes, n, fold)...)
	}
	if len(plan.LocationFields) > 0 && len(locs) > 0 {
		var charAt []int32 // byte offset → character offset
		for _, f := range plan.LocationFields {
			for _, ls := range locs[f] {
				for _, l := range ls {
					if charAt == nil {
						charAt = byteToChar(text)
					}
					if int(l.End) <= len(text) && l.Start < l.End {
						spans = append(spans, Span{Start: int(charAt[l.Start]), End: int(charAt[l.End])})
					}
				}
			}
		}
	}
	return MergeSpans(spans)
}

// byteToChar maps each byte offset of text (and len(text)) to its character offset.
func byteToChar(text string) []int32 {
	m := make([]int32, len(text)+1)
	if utf8.ValidString(text) { // a character starts at every byte that continues none
		c := int32(-1)
		for i := 0; i < len(text); i++ {
			if text[i]&0xC0 != 0x80 {
				c++
			}
			m[i] = c
		}
		m[len(text)] = c + 1
		return m
	}
	c := int32(0)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := 0; k < size; k++ {
			m[i+k] = c
		}
		i += size
		c++
	}
	m[len(text)] = c
	return m
}

// addFacets adds the facets of opts to req, but for the terms facets, which the search
// counts itself (termfacet.go) and which it returns.
func (s *Searcher) addFacets(ctx context.Context, req *bleve.SearchRequest, opts Options) ([]countedFacet, error) {
	var counted []countedFacet
	for _, name := range opts.Facets {
		fr, err := s.facetRequest(ctx, name, opts.FacetSize)
		if err != nil {
			return nil, err
		}
		if !s.bleveFacets && fr.Field != "" && len(fr.NumericRanges) == 0 && len(fr.DateTimeRanges) == 0 {
			counted = append(counted, countedFacet{name: name, field: fr.Field, size: fr.Size})
			continue
		}
		req.AddFacet(name, fr)
	}
	return counted, nil
}

// facetRequest builds the bleve facet request of a facet name.
func (s *Searcher) facetRequest(ctx context.Context, name string, size int) (*bleve.FacetRequest, error) {
	if size <= 0 {
		size = 20
	}
	switch name {
	case FacetMonth, FacetYear:
		if s.schema.DateText != "" {
			// Every date as given, folded into months or years by facet: much cheaper than
			// bleve's date ranges, which test every range against every document.
			return bleve.NewFacetRequest(s.schema.DateText, maxDateTerms), nil
		}
		first, last, err := s.dates(ctx)
		if err != nil {
			return nil, err
		}
		fr := bleve.NewFacetRequest(s.schema.Date, 1)
		if first.IsZero() {
			return fr, nil
		}
		step := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
		layout := "2006-01"
		start := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
		if name == FacetYear {
			step = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
			layout = "2006"
			start = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		n := 0
		for t := start; !t.After(last); t = step(t) {
			fr.AddDateTimeRange(t.Format(layout), t, step(t))
			n++
		}
		fr.Size = n
		return fr, nil
	}
	field, err := s.facetField(name)
	if err != nil {
		return nil, err
	}
	if name == FieldFrame || name == FieldRhetoric {
		// The field holds frames and rhetoric alike: ask for all, keep one kind later.
		size = max(size, len(s.schema.Codebook.Categories()))
	}
	return bleve.NewFacetRequest(field, size), nil
}

// CheckSort returns the error of an order of hits that the index cannot sort by (see
// Options.Sort).
func (s *Searcher) CheckSort(order string) error {
	return sortBy(bleve.NewSearchRequest(query.NewMatchNoneQuery()), order, s.schema)
}

// CheckFacet reports whether name is a facet the index can count (see Options.Facets).
func (s *Searcher) CheckFacet(name string) error {
	if name == FacetMonth || name == FacetYear {
		return nil
	}
	_, err := s.facetField(name)
	return err
}

// facetField returns the keyword field that a terms facet counts.
func (s *Searcher) facetField(name string) (string, error) {
	head, rest, dotted := strings.Cut(name, ".")
	switch {
	case name == FieldFrame || name == FieldRhetoric || name == FieldCategory:
		return s.schema.Category, nil
	case name == FieldFrame+"."+modNeg || name == FieldRhetoric+"."+modNeg || name == FieldCategory+"."+modNeg:
		return s.schema.CategoryNeg, nil
	case name == FieldMarker:
		return s.schema.Marker, nil
	case name == FieldMarker+"."+modNeg:
		return s.schema.MarkerNeg, nil
	case s.schema.Keywords[name] != "":
		return s.schema.Keywords[name], nil
	case head == FieldMeta && dotted && rest != "":
		return s.schema.Meta + rest, nil
	case head == FieldStance && dotted:
		for _, t := range s.schema.Codebook.Targets {
			if t.ID == rest {
				return s.schema.StanceLabel(rest), nil
			}
		}
		return "", fmt.Errorf("facet %q: unknown stance target %q", name, rest)
	}
	return "", fmt.Errorf("facet %q: want month, year, frame, rhetoric, category, marker, marker.neg, stance.TARGET, meta.KEY or a keyword field (%s)", name, strings.Join(sortedKeys(s.schema.Keywords), ", "))
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// facet turns a bleve facet result into a Facet.
func (s *Searcher) facet(name string, fr *bsearch.FacetResult) *Facet {
	f := &Facet{Name: name}
	if fr == nil {
		return f
	}
	f.Total, f.Missing, f.Other = fr.Total, fr.Missing, fr.Other
	if (name == FacetMonth || name == FacetYear) && s.schema.DateText != "" {
		return dateFacet(f, fr, name)
	}
	if name == FacetMonth || name == FacetYear {
		for _, d := range fr.DateRanges {
			f.Values = append(f.Values, FacetValue{Value: d.Name, Count: d.Count})
		}
		sort.Slice(f.Values, func(i, j int) bool { return f.Values[i].Value < f.Values[j].Value })
		// bleve counts a date that falls in no range as missing; every date is in a range.
		return f
	}
	kind := ""
	switch name {
	case FieldFrame, FieldFrame + "." + modNeg:
		kind = "frame"
	case FieldRhetoric, FieldRhetoric + "." + modNeg:
		kind = "rhetoric"
	}
	if fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			if kind != "" {
				c := s.schema.Codebook.Category(t.Term)
				if c == nil || c.Kind != kind {
					f.Total -= t.Count
					continue
				}
			}
			f.Values = append(f.Values, FacetValue{Value: t.Term, Count: t.Count})
		}
	}
	return f
}

// maxDateTerms bounds the distinct dates a month or year facet reads.
const maxDateTerms = 1 << 20

// dateFacet folds a terms facet of dates as given into months or years (UTC, as the date
// field holds them); a value that is no date (YYYY-MM-DD or RFC 3339, as the index parses
// them) counts as missing, as it has no date in the date field.
func dateFacet(f *Facet, fr *bsearch.FacetResult, name string) *Facet {
	layout := "2006-01"
	if name == FacetYear {
		layout = "2006"
	}
	counts := map[string]int{}
	f.Total = 0
	if fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			d, ok := parseIndexDate(t.Term)
			if !ok {
				f.Missing += t.Count
				continue
			}
			counts[d.UTC().Format(layout)] += t.Count
			f.Total += t.Count
		}
	}
	for v, c := range counts {
		f.Values = append(f.Values, FacetValue{Value: v, Count: c})
	}
	sort.Slice(f.Values, func(i, j int) bool { return f.Values[i].Value < f.Values[j].Value })
	return f
}

// parseIndexDate parses a date as the index does for its date field.
func parseIndexDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dates returns the earliest and latest dates of the index (zero times when no document has
// a date), found once per Searcher.
func (s *Searcher) dates(ctx context.Context) (first, last time.Time, err error) {
	s.datesOnce.Do(func() {
		edge := func(order string) (time.Time, error) {
			// Any date: bleve keeps dates as int64 nanoseconds since 1970, from 1678 on.
			q := query.NewDateRangeInclusiveQuery(time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, nil, nil)
			q.SetField(s.schema.Date)
			req := bleve.NewSearchRequestOptions(q, 1, 0, false)
			req.SortBy([]string{order})
			req.Fields = []string{s.schema.Date}
			res, err := s.idx.SearchInContext(ctx, req)
			if err != nil || len(res.Hits) == 0 {
				return time.Time{}, err
			}
			v, _ := res.Hits[0].Fields[s.schema.Date].(string)
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return time.Time{}, fmt.Errorf("date of %s: %w", res.Hits[0].ID, err)
			}
			return t.UTC(), nil
		}
		if s.first, s.datesErr = edge(s.schema.Date); s.datesErr == nil {
			s.last, s.datesErr = edge("-" + s.schema.Date)
		}
	})
	return s.first, s.last, s.datesErr
}
