package search

import (
	"strconv"
	"strings"
	"time"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// oracleDoc is one document as annotate sees it: the oracle evaluates a syntax tree on it
// directly, by brute force, to check what the index answers.
type oracleDoc struct {
	doc   *model.Document
	ann   *model.Annotation
	lower string // the text, Latin letters lower-cased, as the exact field compares
}

func newOracleDoc(doc *model.Document, ann *model.Annotation) *oracleDoc {
	return &oracleDoc{doc: doc, ann: ann, lower: strings.ToLower(doc.Text)}
}

// oracleUnknown is raised (as a panic value) when the oracle cannot decide a clause without
// jieba (a bare word): such queries are not checked by the oracle.
type oracleUnknown struct{ clause string }

// eval tells whether n holds for d; it panics with oracleUnknown for a clause it cannot
// decide.
func (d *oracleDoc) eval(cb *codebook.Codebook, n Node) bool {
	switch n := n.(type) {
	case *MatchAll:
		return true
	case *And:
		for _, a := range n.Args {
			if !d.eval(cb, a) {
				return false
			}
		}
		return true
	case *Or:
		for _, a := range n.Args {
			if d.eval(cb, a) {
				return true
			}
		}
		return false
	case *Not:
		return !d.eval(cb, n.Arg)
	case *Clause:
		return d.clause(cb, n)
	}
	panic("oracle: unknown node")
}

func (d *oracleDoc) clause(cb *codebook.Codebook, n *Clause) bool {
	head, rest, _ := strings.Cut(n.Field, ".")
	switch {
	case n.Field == "" && n.Kind == Phrase, n.Field == FieldExact:
		return strings.Contains(d.lower, strings.ToLower(n.Value))
	case n.Field == "source":
		return d.doc.Source == n.Value
	case n.Field == "author":
		return d.doc.Author == n.Value
	case n.Field == "title":
		return d.doc.Title == n.Value
	case n.Field == FieldDate:
		return d.date(n)
	case head == FieldMarker:
		return d.anyMarker(rest, func(m model.Marker) bool { return m.Term == n.Value })
	case head == FieldFrame && rest != "" && rest != modNeg && rest != modAny:
		return compare(d.ann.Frames[rest].Per1K, n)
	case head == FieldFrame || head == FieldRhetoric || head == FieldCategory:
		var ids []string
		if n.Kind == Wildcard {
			for _, c := range cb.Categories() {
				if ok, _ := matchID(n, c.ID); ok && (head == FieldCategory || c.Kind == head) {
					ids = append(ids, c.ID)
				}
			}
		} else {
			ids = []string{n.Value}
		}
		return d.anyMarker(rest, func(m model.Marker) bool {
			for _, c := range m.Categories {
				for _, id := range ids {
					if c == id {
						return true
					}
				}
			}
			return false
		})
	case head == FieldStance:
		st := d.ann.Stance[rest]
		if n.Kind == Range {
			return compare(st.Score, n)
		}
		return st.Label == n.Value
	case n.Field == "chars":
		return compare(float64(d.ann.Chars), n)
	case n.Field == "tokens":
		return compare(float64(d.ann.Tokens), n)
	}
	panic(oracleUnknown{String(n)})
}

// anyMarker tells whether a marker of the document satisfies ok, among the asserted ones
// (mod ""), the negated ones (mod "neg") or all.
func (d *oracleDoc) anyMarker(mod string, ok func(model.Marker) bool) bool {
	for _, m := range d.ann.Markers {
		if mod == "" && m.Negated || mod == modNeg && !m.Negated {
			continue
		}
		if ok(m) {
			return true
		}
	}
	return false
}

func (d *oracleDoc) date(n *Clause) bool {
	t, err := time.Parse("2006-01-02", d.doc.Date)
	if err != nil {
		return false
	}
	from, to, err := ParsePeriod(n.Value)
	if err != nil {
		panic(err)
	}
	switch n.Op {
	case ">":
		return !t.Before(to)
	case ">=":
		return !t.Before(from)
	case "<":
		return t.Before(from)
	case "<=":
		return t.Before(to)
	}
	return !t.Before(from) && t.Before(to)
}

func compare(v float64, n *Clause) bool {
	x, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		panic(err)
	}
	switch n.Op {
	case ">":
		return v > x
	case ">=":
		return v >= x
	case "<":
		return v < x
	case "<=":
		return v <= x
	}
	return v == x
}
