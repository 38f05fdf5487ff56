package search

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/huashu/huashu/pipeline/codebook"
	hindex "github.com/huashu/huashu/pipeline/index"
)

// Schema names the index fields that the query language's fields stand for, and holds the
// codebook whose IDs the shorthands are checked against. NewSchema fills it from the index;
// it is read-only afterwards and safe for concurrent use.
type Schema struct {
	// Text is the field of jieba words (stored: the original text, which KWIC reads);
	// Exact the field for exact phrases and substrings.
	Text, Exact string
	// Date is the datetime field; DateText, when set, a keyword field with doc values that
	// holds each date as given, which month and year facets count.
	Date, DateText string
	// Keywords maps a query field (title, author, source, url, tag, id…) to its keyword field.
	Keywords map[string]string
	// Meta is the index prefix of metadata keys: the query field meta.KEY is Meta+KEY.
	Meta string
	// Numbers maps a query field (chars, tokens…) to its numeric field.
	Numbers map[string]string
	// Marker and MarkerNeg are the keyword fields of the terms of asserted and negated
	// markers; Category and CategoryNeg those of their categories (frames and rhetoric).
	Marker, MarkerNeg     string
	Category, CategoryNeg string
	// FrameNumber returns the numeric field of a frame's hits per 1,000 characters.
	FrameNumber func(id string) string
	// StanceLabel and StanceScore return the keyword field of a target's stance label and
	// the numeric field of its score.
	StanceLabel, StanceScore func(target string) string
	// Spans is the doc-values field of an essay's paragraph spans, in characters and bytes
	// (index.FieldSpans).
	Spans string
	// Latin, when set, is the field of the text's runs of letters and digits
	// (index.FieldLatin), where a phrase made of them alone is found.
	Latin string
	// Annotation, when set, is the stored field of an essay's annotation (annotate's JSON),
	// from which a hit of a stance clause shows the sentences that decided the stance.
	Annotation string
	// PassageFields lists the index fields whose matches have term locations, so that a
	// passage (paragraph) can tell whether it holds them; a clause on another field is a
	// condition on the passage's essay.
	PassageFields []string
	// Codebook is the index's codebook: frames, rhetoric and targets are checked against it.
	Codebook *codebook.Codebook
	// Fold folds a character as the exact field compares it (nil: no folding), so that
	// KWIC finds phrases where the index does.
	Fold func(rune) rune
}

// CompileOptions configures Compile.
type CompileOptions struct {
	// Passages compiles the query for passages: the bleve query is relaxed so that it
	// matches every essay that may hold a matching passage (a clause on a passage field
	// under a NOT is left out: the essay may hold it in another passage), and Plan.Clauses
	// records each clause, to be decided passage by passage.
	Passages bool
}

// ClauseInfo is what passage search knows of one clause.
type ClauseInfo struct {
	// Query is the clause's query on essays.
	Query query.Query
	// Passage says the clause is decided passage by passage (its fields have term
	// locations); otherwise it holds or not for the whole essay.
	Passage bool
	// Phrase is the string of an exact phrase, found in the passage by its locations.
	Phrase string
	// Required says the clause stands under no NOT and no OR: every essay that the plan's
	// query matches holds it.
	Required bool
	// Fields are the index fields the clause searches.
	Fields []string
	// IDs are the codebook IDs a frame:, rhetoric: or category: clause stands for.
	IDs []string
}

// Plan is a compiled query: the bleve query and what keyword-in-context lines should show.
type Plan struct {
	Query query.Query
	// Needles are the strings to find in the text of a hit (phrases, markers): every clause
	// that is not under a NOT.
	Needles []string
	// LocationFields lists the index fields whose term locations KWIC shows: the words'
	// field, the marker and category fields, for clauses outside a NOT.
	LocationFields []string
	// Words are the values of the word clauses outside a NOT, for KWIC where the index has no
	// term locations (passages).
	Words []string
	// StanceTargets lists the targets of the stance clauses, in query order: a hit shows the
	// sentences that decided its stance toward them.
	StanceTargets []string
	// Passages says the plan is for passages; Tree is then the syntax tree, Clauses the
	// clauses' information, and Locate the queries of the passage clauses that stand under
	// a NOT, which the search adds as optional clauses so that bleve reports their term
	// locations (it reports those of the other clauses where they match).
	Passages bool
	Tree     Node
	Clauses  map[*Clause]*ClauseInfo
	Locate   []query.Query
}

// Compile turns a syntax tree into a bleve query over the schema's fields. Unknown fields,
// IDs that the codebook does not define, and values that a field cannot take are errors at
// their place in query (the text the tree was parsed from).
func (s *Schema) Compile(queryText string, n Node) (*Plan, error) {
	return s.CompileWith(queryText, n, CompileOptions{})
}

// CompileWith is Compile with options: for passages, the query is relaxed and its clauses
// recorded, to be decided paragraph by paragraph (see CompileOptions).
func (s *Schema) CompileWith(queryText string, n Node, opts CompileOptions) (*Plan, error) {
	c := &compiler{s: s, src: queryText, plan: &Plan{Passages: opts.Passages}, opts: opts}
	if opts.Passages {
		c.plan.Tree = n
		c.plan.Clauses = map[*Clause]*ClauseInfo{}
	}
	q, err := c.node(n, false)
	if err != nil {
		return nil, err
	}
	c.plan.Query = q
	c.plan.Needles = dedupe(c.plan.Needles)
	c.plan.LocationFields = dedupe(c.plan.LocationFields)
	c.plan.Words = dedupe(c.plan.Words)
	return c.plan, nil
}

type compiler struct {
	s    *Schema
	src  string
	plan *Plan
	opts CompileOptions
	// used collects the index fields of the clause being compiled.
	used []string
	// phrase is the exact phrase of the clause being compiled, "" for another clause; ids
	// the codebook IDs of a category clause.
	phrase string
	catIDs []string
	// nots is the number of NOTs the node being compiled stands under (bleve reports no
	// term locations for a clause under a NOT), ors the number of ORs.
	nots, ors int
}

// field records that the clause being compiled uses index field f, and returns f.
func (c *compiler) field(f string) string {
	c.used = append(c.used, f)
	return f
}

func (c *compiler) errorf(off int, format string, args ...any) error {
	return Errorf(c.src, off, format, args...)
}

// node compiles n; negated says whether n stands under a NOT (its needles are not shown).
func (c *compiler) node(n Node, negated bool) (query.Query, error) {
	switch n := n.(type) {
	case *MatchAll:
		return query.NewMatchAllQuery(), nil
	case *And:
		var must, mustNot []query.Query
		for _, a := range n.Args {
			if not, ok := a.(*Not); ok {
				c.nots++
				q, err := c.node(not.Arg, !negated)
				c.nots--
				if err != nil {
					return nil, err
				}
				mustNot = append(mustNot, q)
				continue
			}
			q, err := c.node(a, negated)
			if err != nil {
				return nil, err
			}
			must = append(must, q)
		}
		if len(mustNot) == 0 {
			return query.NewConjunctionQuery(must), nil
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		return query.NewBooleanQuery(must, nil, mustNot), nil
	case *Or:
		qs := make([]query.Query, len(n.Args))
		c.ors++
		for i, a := range n.Args {
			q, err := c.node(a, negated)
			if err != nil {
				c.ors--
				return nil, err
			}
			qs[i] = q
		}
		c.ors--
		d := query.NewDisjunctionQuery(qs)
		d.SetMin(1)
		return d, nil
	case *Not:
		c.nots++
		q, err := c.node(n.Arg, !negated)
		c.nots--
		if err != nil {
			return nil, err
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q}), nil
	case *Clause:
		c.used, c.phrase, c.catIDs = c.used[:0], "", nil
		q, err := c.clause(n, negated)
		if err != nil {
			return nil, err
		}
		if n.Boost > 0 {
			if b, ok := q.(query.BoostableQuery); ok {
				b.SetBoost(n.Boost)
			}
		}
		if c.opts.Passages {
			info := &ClauseInfo{Query: q, Passage: c.onPassages(), Phrase: c.phrase, Fields: append([]string(nil), c.used...), IDs: c.catIDs,
				Required: c.nots == 0 && c.ors == 0}
			c.plan.Clauses[n] = info
			if info.Passage {
				if c.nots > 0 {
					// Its locations are asked for beside the query, where bleve reports them.
					c.plan.Locate = append(c.plan.Locate, q)
				}
				if negated {
					// The essay may hold it in another passage than the one that must not.
					return query.NewMatchNoneQuery(), nil
				}
			}
		}
		return q, nil
	}
	return nil, fmt.Errorf("search: unknown node %T", n)
}

// onPassages tells whether every field the clause just compiled uses has term locations,
// so that the clause can be decided passage by passage.
func (c *compiler) onPassages() bool {
	if c.phrase != "" {
		return true
	}
	for _, f := range c.used {
		found := false
		for _, p := range c.s.PassageFields {
			found = found || p == f
		}
		if !found {
			return false
		}
	}
	return true
}

// Query fields with a fixed meaning (docs/query.md).
const (
	FieldText     = "text"
	FieldExact    = "exact"
	FieldDate     = "date"
	FieldFrame    = "frame"
	FieldRhetoric = "rhetoric"
	FieldCategory = "category"
	FieldMarker   = "marker"
	FieldStance   = "stance"
	FieldMeta     = "meta"
)

// Modifiers of marker:, frame:, rhetoric: and category:.
const (
	modNeg = "neg" // negated markers only
	modAny = "any" // asserted and negated alike
)

func (c *compiler) clause(n *Clause, negated bool) (query.Query, error) {
	field := n.Field
	head, rest, dotted := strings.Cut(field, ".")
	switch {
	case field == "" || field == FieldText:
		return c.text(n, negated)
	case field == FieldExact:
		if n.Kind != Word && n.Kind != Phrase {
			return nil, c.errorf(n.ValueStart, "exact: takes a word or a \"phrase\", not a %s", n.Kind)
		}
		return c.exact(n, negated), nil
	case field == FieldDate:
		return c.date(n)
	case c.s.Keywords[field] != "":
		return c.keyword(n, c.s.Keywords[field])
	case c.s.Numbers[field] != "":
		return c.number(n, c.s.Numbers[field])
	case head == FieldMeta && dotted && rest != "":
		return c.keyword(n, c.s.Meta+rest)
	case head == FieldMarker && (!dotted || rest == modNeg || rest == modAny):
		return c.marker(n, rest, negated)
	case (head == FieldFrame || head == FieldRhetoric || head == FieldCategory) && (!dotted || rest == modNeg || rest == modAny):
		return c.category(n, head, rest, negated)
	case head == FieldFrame && dotted:
		if c.s.Codebook.Category(rest) == nil || c.s.Codebook.Category(rest).Kind != codebook.KindFrame {
			return nil, c.errorf(n.FieldStart, "unknown frame %q in %s (frames: %s)", rest, field, strings.Join(c.ids(codebook.KindFrame), ", "))
		}
		return c.number(n, c.s.FrameNumber(rest))
	case head == FieldStance && dotted:
		return c.stance(n, rest)
	}
	return nil, c.errorf(n.FieldStart, "unknown field %q%s", field, c.suggest(field))
}

// text compiles a clause on the jieba field; a bare phrase goes to the exact field.
func (c *compiler) text(n *Clause, negated bool) (query.Query, error) {
	switch n.Kind {
	case Phrase:
		if n.Field == "" {
			return c.exact(n, negated), nil
		}
		q := query.NewMatchPhraseQuery(n.Value)
		q.SetField(c.field(c.s.Text))
		c.words(negated)
		return q, nil
	case Word:
		q := query.NewMatchQuery(n.Value)
		q.SetField(c.field(c.s.Text))
		q.SetOperator(query.MatchQueryOperatorAnd)
		if n.Fuzziness > 0 {
			q.SetFuzziness(n.Fuzziness)
		}
		c.words(negated)
		if !negated {
			c.plan.Words = append(c.plan.Words, n.Value)
		}
		return q, nil
	case Wildcard:
		q := query.NewWildcardQuery(strings.ToLower(n.Value))
		q.SetField(c.field(c.s.Text))
		c.words(negated)
		return q, nil
	case Regexp:
		if _, err := regexp.Compile(n.Value); err != nil {
			return nil, c.errorf(n.ValueStart, "invalid regular expression: %v", err)
		}
		q := query.NewRegexpQuery(n.Value)
		q.SetField(c.field(c.s.Text))
		c.words(negated)
		return q, nil
	}
	return nil, c.errorf(n.ValueStart, "a range (%s) needs a numeric or date field, such as frame.bubble:%s2 or date:%s\"2024-02-01\"", n.Op, n.Op, n.Op)
}

func (c *compiler) words(negated bool) {
	if !negated {
		c.plan.LocationFields = append(c.plan.LocationFields, c.s.Text)
	}
}

// exact compiles an exact phrase: the phrase analysed as the exact field is at index time,
// so that its hits are exactly the texts that hold it as a substring.
func (c *compiler) exact(n *Clause, negated bool) query.Query {
	q := &exactPhraseQuery{Phrase: n.Value, Field: c.field(c.s.Exact), Latin: c.s.Latin}
	c.phrase = n.Value
	if !negated {
		c.plan.Needles = append(c.plan.Needles, n.Value)
	}
	return q
}

// keyword compiles a clause on a keyword field: the whole value, exactly.
func (c *compiler) keyword(n *Clause, field string) (query.Query, error) {
	switch n.Kind {
	case Word, Phrase:
		q := query.NewTermQuery(n.Value)
		q.SetField(c.field(field))
		return q, nil
	case Wildcard:
		q := query.NewWildcardQuery(n.Value)
		q.SetField(c.field(field))
		return q, nil
	case Regexp:
		if _, err := regexp.Compile(n.Value); err != nil {
			return nil, c.errorf(n.ValueStart, "invalid regular expression: %v", err)
		}
		q := query.NewRegexpQuery(n.Value)
		q.SetField(c.field(field))
		return q, nil
	}
	return nil, c.errorf(n.FieldStart, "%s: is a keyword field: a range needs a numeric or date field", n.Field)
}

// number compiles a comparison (or an equality, for a bare number) on a numeric field.
func (c *compiler) number(n *Clause, field string) (query.Query, error) {
	if n.Kind != Word && n.Kind != Range && n.Kind != Phrase {
		return nil, c.errorf(n.ValueStart, "%s: is numeric: want a number or a comparison such as >2", n.Field)
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		return nil, c.errorf(n.ValueStart, "%s: is numeric: %q is not a number", n.Field, n.Value)
	}
	q := &hindex.NumberRangeQuery{Field: c.field(field)}
	switch n.Op {
	case ">":
		q.Min = &v
	case ">=":
		q.Min, q.InclusiveMin = &v, true
	case "<":
		q.Max = &v
	case "<=":
		q.Max, q.InclusiveMax = &v, true
	default: // "=" or a bare number
		q.Min, q.Max, q.InclusiveMin, q.InclusiveMax = &v, &v, true, true
	}
	return q, nil
}

// date compiles a date clause. A value is a year (2024), a month (2024-02), a day
// (2024-02-18) or an RFC 3339 time, and stands for the whole period: date:2024-02 is
// February, date:>2024-02 is from March on, date:<=2024 is up to the end of 2024.
func (c *compiler) date(n *Clause) (query.Query, error) {
	if n.Kind != Word && n.Kind != Range && n.Kind != Phrase {
		return nil, c.errorf(n.ValueStart, "date: wants a date (2024, 2024-02, 2024-02-18) or a comparison such as >=\"2024-02-01\"")
	}
	from, to, err := ParsePeriod(n.Value)
	if err != nil {
		return nil, c.errorf(n.ValueStart, "date: %v", err)
	}
	t, f := true, false
	var q *query.DateRangeQuery
	switch n.Op {
	case ">":
		q = query.NewDateRangeInclusiveQuery(to, time.Time{}, &t, nil)
	case ">=":
		q = query.NewDateRangeInclusiveQuery(from, time.Time{}, &t, nil)
	case "<":
		q = query.NewDateRangeInclusiveQuery(time.Time{}, from, nil, &f)
	case "<=":
		q = query.NewDateRangeInclusiveQuery(time.Time{}, to, nil, &f)
	default:
		q = query.NewDateRangeInclusiveQuery(from, to, &t, &f)
	}
	q.SetField(c.field(c.s.Date))
	return q, nil
}

// ParsePeriod parses a year, month, day or RFC 3339 time, in UTC, into the period it names:
// [from, to). An RFC 3339 time is a period of one nanosecond.
func ParsePeriod(s string) (from, to time.Time, err error) {
	for _, p := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(1) }},
	} {
		if t, err := time.Parse(p.layout, s); err == nil {
			return t, p.next(t), nil
		}
	}
	return from, to, fmt.Errorf("%q is not a date: want 2024, 2024-02, 2024-02-18 or 2024-02-18T10:00:00Z", s)
}

// marker compiles marker:TERM (asserted), marker.neg:TERM (negated), marker.any:TERM.
func (c *compiler) marker(n *Clause, mod string, negated bool) (query.Query, error) {
	// The index holds marker terms lower-cased, as the text has them apart from case.
	lc := *n
	lc.Value = strings.ToLower(n.Value)
	n = &lc
	var fields []string
	switch mod {
	case "":
		fields = []string{c.s.Marker}
	case modNeg:
		fields = []string{c.s.MarkerNeg}
	default:
		fields = []string{c.s.Marker, c.s.MarkerNeg}
	}
	var qs []query.Query
	for _, f := range fields {
		q, err := c.keyword(n, f)
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	if !negated {
		// The marker fields have term vectors: KWIC shows the markers themselves, asserted or
		// negated as asked.
		c.plan.LocationFields = append(c.plan.LocationFields, fields...)
	}
	return anyOf(qs), nil
}

// category compiles frame:ID, rhetoric:ID and category:ID, with .neg or .any; a wildcard or
// regexp value stands for every ID of the codebook it matches.
func (c *compiler) category(n *Clause, kind, mod string, negated bool) (query.Query, error) {
	want := ""
	switch kind {
	case FieldFrame:
		want = codebook.KindFrame
	case FieldRhetoric:
		want = codebook.KindRhetoric
	}
	ids := c.ids(want)
	var match []string
	switch n.Kind {
	case Word, Phrase:
		cat := c.s.Codebook.Category(n.Value)
		if cat == nil || want != "" && cat.Kind != want {
			return nil, c.errorf(n.ValueStart, "unknown %s %q (%ss: %s)", kind, n.Value, kind, strings.Join(ids, ", "))
		}
		match = []string{n.Value}
	case Wildcard, Regexp:
		for _, id := range ids {
			if ok, err := matchID(n, id); err != nil {
				return nil, c.errorf(n.ValueStart, "%v", err)
			} else if ok {
				match = append(match, id)
			}
		}
		if len(match) == 0 {
			return nil, c.errorf(n.ValueStart, "no %s matches %q (%ss: %s)", kind, n.Value, kind, strings.Join(ids, ", "))
		}
	default:
		return nil, c.errorf(n.FieldStart, "%s: takes an ID; for a number of hits per 1,000 characters write %s.ID:%s%s", n.Field, FieldFrame, n.Op, n.Value)
	}
	c.catIDs = match
	var fields []string
	switch mod {
	case "":
		fields = []string{c.s.Category}
	case modNeg:
		fields = []string{c.s.CategoryNeg}
	default:
		fields = []string{c.s.Category, c.s.CategoryNeg}
	}
	var qs []query.Query
	for _, f := range fields {
		for _, id := range match {
			q := query.NewTermQuery(id)
			q.SetField(c.field(f))
			qs = append(qs, q)
		}
	}
	if !negated {
		c.plan.LocationFields = append(c.plan.LocationFields, fields...)
	}
	return anyOf(qs), nil
}

// matchID tells whether a wildcard or regexp clause matches a codebook ID whole.
func matchID(n *Clause, id string) (bool, error) {
	if n.Kind == Wildcard {
		return path.Match(n.Value, id)
	}
	re, err := regexp.Compile("^(?:" + n.Value + ")$")
	if err != nil {
		return false, fmt.Errorf("invalid regular expression: %v", err)
	}
	return re.MatchString(id), nil
}

// stance compiles stance.TARGET:LABEL and stance.TARGET:>SCORE.
func (c *compiler) stance(n *Clause, target string) (query.Query, error) {
	var ids []string
	found := false
	for _, t := range c.s.Codebook.Targets {
		ids = append(ids, t.ID)
		found = found || t.ID == target
	}
	if !found {
		return nil, c.errorf(n.FieldStart, "unknown stance target %q (targets: %s)", target, strings.Join(ids, ", "))
	}
	if !slices.Contains(c.plan.StanceTargets, target) {
		c.plan.StanceTargets = append(c.plan.StanceTargets, target)
	}
	switch n.Kind {
	case Range:
		return c.number(n, c.s.StanceScore(target))
	case Word, Phrase:
		switch n.Value {
		case "favor", "against", "none":
			q := query.NewTermQuery(n.Value)
			q.SetField(c.field(c.s.StanceLabel(target)))
			return q, nil
		}
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return c.number(n, c.s.StanceScore(target))
		}
	}
	return nil, c.errorf(n.ValueStart, "%s: wants favor, against or none, or a score comparison such as <-0.3", n.Field)
}

// NumberField returns the numeric index field of a query field that holds a number of the
// essay (chars, tokens, passages, frame.ID: hits per 1,000 characters, stance.TARGET: the
// stance score), and whether there is one.
func (s *Schema) NumberField(name string) (string, bool) {
	if f := s.Numbers[name]; f != "" {
		return f, true
	}
	head, rest, _ := strings.Cut(name, ".")
	switch head {
	case FieldFrame:
		if cat := s.Codebook.Category(rest); cat != nil && cat.Kind == codebook.KindFrame {
			return s.FrameNumber(rest), true
		}
	case FieldStance:
		for _, t := range s.Codebook.Targets {
			if t.ID == rest {
				return s.StanceScore(rest), true
			}
		}
	}
	return "", false
}

// ids returns the codebook IDs of a kind ("" for every category).
func (c *compiler) ids(kind string) []string {
	var ids []string
	for _, cat := range c.s.Codebook.Categories() {
		if kind == "" || cat.Kind == kind {
			ids = append(ids, cat.ID)
		}
	}
	return ids
}

// Fields returns the query fields the schema knows, sorted (patterns such as frame.ID
// spelled out with the codebook's first ID).
func (s *Schema) Fields() []string {
	fs := []string{FieldText, FieldExact, FieldDate, FieldFrame, FieldFrame + "." + modNeg, FieldFrame + "." + modAny,
		FieldRhetoric, FieldRhetoric + "." + modNeg, FieldRhetoric + "." + modAny,
		FieldCategory, FieldCategory + "." + modNeg, FieldCategory + "." + modAny,
		FieldMarker, FieldMarker + "." + modNeg, FieldMarker + "." + modAny, FieldMeta + ".KEY"}
	for f := range s.Keywords {
		fs = append(fs, f)
	}
	for f := range s.Numbers {
		fs = append(fs, f)
	}
	if s.Codebook != nil {
		for _, cat := range s.Codebook.Frames {
			fs = append(fs, FieldFrame+"."+cat.ID)
		}
		for _, t := range s.Codebook.Targets {
			fs = append(fs, FieldStance+"."+t.ID)
		}
	}
	sort.Strings(fs)
	return fs
}

// suggest returns ` (did you mean "x"?)` for the known field nearest to f, or a list of the
// fields when none is near.
func (c *compiler) suggest(f string) string {
	best, bestD := "", 3
	for _, k := range c.s.Fields() {
		if d := editDistance(f, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return " (fields: " + strings.Join(c.s.Fields(), ", ") + ")"
}

// editDistance is the Levenshtein distance between a and b, in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// anyOf returns q alone, or the disjunction of qs.
func anyOf(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(1)
	return d
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
