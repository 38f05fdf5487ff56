// Package stats computes the frame statistics that researchers publish: tables of documents,
// groups, markers, frame co-occurrence, keyness and collocates, written as CSV, TSV, JSON or a
// tidy long format. It works on plain Go values (model.Annotation and word lists), so it does
// not care where they come from: cmd/stats reads them from the index, tests build them by hand.
//
// Every table is a *Table whose columns are declared with a name and a type. Column names
// follow one pattern so that a script can find them: <id>_<measure>, as bubble_hits,
// bubble_per_1k, us_ai_favor; keyness has g2 and log_ratio.
//
// Rates: "per_1k" is per 1,000 characters (code points) of the original text, the unit of
// model.Annotation.Chars. Keyness and collocates count jieba words.
//
// Each table has an accumulator (DocsAcc, GroupsAcc, MarkersAcc, CooccurrenceAcc,
// KeynessAcc, CollocatesAcc) that folds documents into it one at a time and keeps none of
// them, so that a corpus can be streamed (ScanAnnotations, or an index's essays) in memory
// bounded by the table: its rows, groups, distinct terms or words, not its documents. The
// functions named after the tables (Docs, Groups, …) run an accumulator over a slice.
//
// The functions of this package are pure: they do not modify their inputs, and are safe for
// concurrent use on shared inputs. An accumulator is not safe for concurrent use.
package stats

import (
	"fmt"
	"math"
	"strings"

	"github.com/huashu/huashu/pipeline/model"
)

// Doc is one document as stats sees it.
type Doc struct {
	// Ann is the document's annotation: metadata, chars, sentences, markers, stance. Required.
	Ann *model.Annotation
	// Words are the document's jieba words in text order, punctuation and spaces left out
	// (as model.Analyzed.Tokens, flattened). Keyness on words and collocates need them; the
	// other tables do not. Nil when unknown.
	Words []string
}

// Accumulator folds documents into one table, one at a time. Add reads what the table needs
// of a document and keeps no reference to d.Ann, its slices and maps, d.Words or the text of
// the words (it may keep short strings a table shows, such as an ID, a title, a marker's
// term), so the caller may drop or overwrite the document once Add returns, and the
// accumulator's memory grows with the table (rows, groups, distinct terms or words), not with
// the documents added. Table computes
// the table from the documents added so far; it may be called again after more Adds. An
// Accumulator is not safe for concurrent use.
type Accumulator interface {
	Add(d Doc)
	Table() (*Table, error)
}

// run adds docs to acc in order and returns its table.
func run(acc Accumulator, docs []Doc) (*Table, error) {
	for _, d := range docs {
		acc.Add(d)
	}
	return acc.Table()
}

// Type is the type of a column's values.
type Type int

// Column types. A String cell holds a string, an Int cell an int, a Float cell a float64 (NaN
// for a value that is not defined, such as the PMI of two frames never seen together, written
// as an empty CSV field and as JSON null).
const (
	String Type = iota
	Int
	Float
)

// String returns the type's name: string, int or float.
func (t Type) String() string {
	switch t {
	case String:
		return "string"
	case Int:
		return "int"
	case Float:
		return "float"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Column declares one column of a Table.
type Column struct {
	// Name is the column's header, such as bubble_per_1k.
	Name string
	Type Type
	// Category is the codebook ID (frame, rhetoric category or target) the column measures,
	// "" for a column about the row as a whole; Measure is what it measures (hits, per_1k).
	// Name is Category + "_" + Measure when Category is set. The long format writes them as
	// two columns.
	Category string
	Measure  string
}

// Table is a computed table: declared columns and rows of cells in column order (see Type
// for what each cell holds).
type Table struct {
	// Name is the table's kind: docs, groups, markers, cooccurrence, keyness, collocates.
	Name    string
	Columns []Column
	Rows    [][]any
}

// Col returns the index of the column with the given name, or -1.
func (t *Table) Col(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Float returns the cell of row r in column name as a float64 (an Int cell converted); it
// panics when there is no such column, so tests and charts fail loudly on a typo.
func (t *Table) Float(r int, name string) float64 {
	i := t.Col(name)
	if i < 0 {
		panic(fmt.Sprintf("stats: table %s has no column %q", t.Name, name))
	}
	switch v := t.Rows[r][i].(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	panic(fmt.Sprintf("stats: column %q of table %s is not numeric", name, t.Name))
}

// Str returns the cell of row r in column name as a string; it panics when there is no such
// column or it is not a String column.
func (t *Table) Str(r int, name string) string {
	i := t.Col(name)
	if i < 0 {
		panic(fmt.Sprintf("stats: table %s has no column %q", t.Name, name))
	}
	return t.Rows[r][i].(string)
}

// builder appends columns and row cells in step, so that a row cannot drift from the header.
type builder struct {
	t *Table
}

func newBuilder(name string) *builder { return &builder{t: &Table{Name: name}} }

func (b *builder) col(name string, typ Type) {
	b.t.Columns = append(b.t.Columns, Column{Name: name, Type: typ, Measure: name})
}

func (b *builder) catCol(cat, measure string, typ Type) {
	b.t.Columns = append(b.t.Columns, Column{Name: cat + "_" + measure, Type: typ, Category: cat, Measure: measure})
}

func (b *builder) add(row []any) {
	if len(row) != len(b.t.Columns) {
		panic(fmt.Sprintf("stats: table %s: row of %d cells for %d columns", b.t.Name, len(row), len(b.t.Columns)))
	}
	b.t.Rows = append(b.t.Rows, row)
}

// counts holds what the tables need of one document: hits per codebook category, counted
// from its markers (negated ones included, as FrameStat.Hits counts them).
type counts struct {
	hits map[string]int
	// questions and rhetorical count the document's question sentences and rhetorical ones.
	questions, rhetorical int
}

func countDoc(a *model.Annotation) counts {
	c := counts{hits: map[string]int{}}
	for _, m := range a.Markers {
		for _, cat := range m.Categories {
			c.hits[cat]++
		}
	}
	for _, s := range a.Sentences {
		if s.Question {
			c.questions++
		}
		if s.Rhetorical {
			c.rhetorical++
		}
	}
	return c
}

// per1k is hits per 1,000 characters; 0 for an empty text.
func per1k(hits, chars int) float64 {
	if chars == 0 {
		return 0
	}
	return float64(hits) * 1000 / float64(chars)
}

// ratio is num/den, NaN when den is 0.
func ratio(num, den int) float64 {
	if den == 0 {
		return math.NaN()
	}
	return float64(num) / float64(den)
}

// Month returns the YYYY-MM of a date written YYYY-MM-DD (or YYYY-MM), "" otherwise.
func Month(date string) string {
	if len(date) >= 7 && isDigits(date[:4]) && date[4] == '-' && isDigits(date[5:7]) {
		return date[:7]
	}
	return ""
}

// Year returns the YYYY of a date that starts with four digits, "" otherwise.
func Year(date string) string {
	if len(date) >= 4 && isDigits(date[:4]) && (len(date) == 4 || date[4] == '-') {
		return date[:4]
	}
	return ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// dominant returns the frame with the most hits, the first in codebook order on a tie, ""
// when the document has no frame hit.
func dominant(frames []string, c counts) string {
	best, n := "", 0
	for _, f := range frames {
		if c.hits[f] > n {
			best, n = f, c.hits[f]
		}
	}
	return best
}

// fold lower-cases Latin letters so that GPT and gpt count as one word; Han is unchanged.
func fold(s string) string { return strings.ToLower(s) }
