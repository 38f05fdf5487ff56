package search

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// TableOptions configures the table that people read.
type TableOptions struct {
	// Query is the query as typed, for the heading.
	Query string
	// Passages says the hits are passages.
	Passages bool
	// KWICSort is SortPosition (lines under each hit), SortLeft or SortRight (one
	// concordance of every hit's lines, sorted, after the list of hits).
	KWICSort string
	// Color highlights keywords with ANSI escapes.
	Color bool
	// Frames and Targets list the codebook's frame and target IDs, in codebook order.
	Frames, Targets []string
}

// WriteTable writes a result as a table for people: the hits with their metadata, frames,
// stance and KWIC lines aligned on the keyword, then the facets.
func WriteTable(w io.Writer, r *Result, o TableOptions) error {
	var b strings.Builder
	unit := "essays"
	if o.Passages {
		unit = "passages"
	}
	q := o.Query
	if strings.TrimSpace(q) == "" {
		q = "*"
	}
	fmt.Fprintf(&b, "%d %s match %s", r.Total, unit, q)
	if len(r.Hits) > 0 && uint64(len(r.Hits)) < r.Total {
		fmt.Fprintf(&b, " (showing %d)", len(r.Hits))
	}
	b.WriteString("\n")
	var all []Line
	leftCols := 0 // every hit's lines line up on one column
	for _, h := range r.Hits {
		for _, l := range h.KWIC {
			leftCols = max(leftCols, Width(l.Left))
		}
	}
	for i, h := range r.Hits {
		b.WriteString("\n")
		fmt.Fprintf(&b, "%3d  %s", i+1, h.ID)
		fmt.Fprintf(&b, "  score %.3f\n", h.Score)
		var meta []string
		for _, s := range []string{h.Title, h.Author, h.Source, h.Date} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if h.Essay != "" {
			meta = append(meta, "in "+h.Essay)
		}
		if len(meta) > 0 {
			fmt.Fprintf(&b, "     %s\n", strings.Join(meta, " · "))
		}
		if line := frameLine(h, o.Frames); line != "" {
			fmt.Fprintf(&b, "     frames per 1,000 characters: %s\n", line)
		}
		if line := stanceLine(h, o.Targets); line != "" {
			fmt.Fprintf(&b, "     stance: %s\n", line)
		}
		for _, t := range o.Targets {
			for _, e := range h.Evidence[t] {
				fmt.Fprintf(&b, "       %s %s because: %s\n", t, h.Stance[t], Truncate(e, 100))
			}
		}
		if o.KWICSort == SortLeft || o.KWICSort == SortRight {
			all = append(all, h.KWIC...)
			continue
		}
		formatLines(&b, h.KWIC, "       ", nil, o.Color, leftCols)
	}
	if len(all) > 0 {
		if err := SortLines(all, o.KWICSort); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\nconcordance, %d lines sorted by %s context\n", len(all), o.KWICSort)
		FormatLines(&b, all, "  ", func(l Line) string { return l.DocID }, o.Color)
	}
	for _, f := range r.Facets {
		writeFacet(&b, f)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func frameLine(h *Hit, frames []string) string {
	var parts []string
	for _, id := range frames {
		if v, ok := h.Frames[id]; ok {
			parts = append(parts, fmt.Sprintf("%s %.2f", id, v))
		}
	}
	return strings.Join(parts, ", ")
}

func stanceLine(h *Hit, targets []string) string {
	var parts []string
	for _, id := range targets {
		if v, ok := h.Stance[id]; ok {
			parts = append(parts, id+" "+v)
		}
	}
	return strings.Join(parts, ", ")
}

// writeFacet writes one facet: a value per line with its count and a bar.
func writeFacet(b *strings.Builder, f *Facet) {
	fmt.Fprintf(b, "\nfacet %s", f.Name)
	if f.Missing > 0 {
		fmt.Fprintf(b, " (%d without a value)", f.Missing)
	}
	b.WriteString("\n")
	if len(f.Values) == 0 {
		b.WriteString("  (none)\n")
		return
	}
	cols, top := 0, 0
	for _, v := range f.Values {
		cols = max(cols, Width(v.Value))
		top = max(top, v.Count)
	}
	cols = min(cols, 40)
	for _, v := range f.Values {
		bar := strings.Repeat("█", (v.Count*30+top-1)/max(top, 1))
		fmt.Fprintf(b, "  %s %6d %s\n", PadRight(Truncate(v.Value, cols), cols), v.Count, bar)
	}
	if f.Other > 0 {
		fmt.Fprintf(b, "  %s %6d\n", PadRight("(other)", cols), f.Other)
	}
}

// WriteJSON writes a result as one JSON object: {"total": N, "hits": [...], "facets": {...}}.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV writes one row per hit: id, essay, title, author, source, date, score, one column
// per frame (hits per 1,000 characters) and per stance target, the KWIC lines, one per line
// of the cell, the keyword in brackets, and, when the query has stance clauses, a column
// evidence.TARGET per target of them with the hit's evidence sentences, one per line.
func WriteCSV(w io.Writer, r *Result, frames, targets []string) error {
	cw := csv.NewWriter(w)
	head := []string{"id", "essay", "title", "author", "source", "date", "score"}
	for _, f := range frames {
		head = append(head, "frame."+f)
	}
	for _, t := range targets {
		head = append(head, "stance."+t)
	}
	head = append(head, "kwic")
	var evidence []string // the targets of the query's stance clauses
	for _, t := range targets {
		for _, h := range r.Hits {
			if _, ok := h.Evidence[t]; ok {
				evidence = append(evidence, t)
				head = append(head, "evidence."+t)
				break
			}
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, h := range r.Hits {
		row := []string{h.ID, h.Essay, h.Title, h.Author, h.Source, h.Date, strconv.FormatFloat(h.Score, 'f', 4, 64)}
		for _, f := range frames {
			row = append(row, strconv.FormatFloat(h.Frames[f], 'f', 2, 64))
		}
		for _, t := range targets {
			row = append(row, h.Stance[t])
		}
		var lines []string
		for _, l := range h.KWIC {
			lines = append(lines, l.Left+"["+l.Keyword+"]"+l.Right)
		}
		row = append(row, strings.Join(lines, "\n"))
		for _, t := range evidence {
			row = append(row, strings.Join(h.Evidence[t], "\n"))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Matrix is the hit counts of saved queries per group.
type Matrix struct {
	// By is the facet the counts are grouped by ("" for totals only).
	By string `json:"by,omitempty"`
	// Groups are the column heads: months and years in time order, other values by their
	// total count, largest first.
	Groups []string    `json:"groups"`
	Rows   []MatrixRow `json:"rows"`
}

// MatrixRow is one saved query's counts.
type MatrixRow struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Query       string `json:"query"`
	Total       uint64 `json:"total"`
	// Counts holds the count of each group of Matrix.Groups, in order.
	Counts []int `json:"counts"`
	// Missing counts the matching documents that have no value of the group field.
	Missing int `json:"missing,omitempty"`
}

// RunSaved runs saved queries and counts their hits per group of the facet by ("" for
// totals only). A query that does not compile is an error naming its file.
func (s *Searcher) RunSaved(ctx context.Context, saved []*Saved, by string, passages bool) (*Matrix, error) {
	m := &Matrix{By: by, Groups: []string{}}
	perRow := make([]map[string]int, len(saved))
	totals := map[string]int{}
	for i, sq := range saved {
		plan, err := s.schema.CompileWith(sq.Query, sq.Tree, CompileOptions{Passages: passages})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sq.File, err)
		}
		opts := Options{FacetSize: 10000}
		if by != "" {
			opts.Facets = []string{by}
		}
		r, err := s.Run(ctx, plan, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sq.File, err)
		}
		row := MatrixRow{Name: sq.Name, Description: sq.Description, Query: sq.Query, Total: r.Total}
		perRow[i] = map[string]int{}
		if f := r.Facets.Get(by); f != nil {
			row.Missing = f.Missing
			for _, v := range f.Values {
				perRow[i][v.Value] = v.Count
				totals[v.Value] += v.Count
			}
		}
		m.Rows = append(m.Rows, row)
	}
	for g := range totals {
		m.Groups = append(m.Groups, g)
	}
	sort.Slice(m.Groups, func(i, j int) bool {
		a, b := m.Groups[i], m.Groups[j]
		if by != FacetMonth && by != FacetYear && totals[a] != totals[b] {
			return totals[a] > totals[b]
		}
		return a < b
	})
	for i := range m.Rows {
		m.Rows[i].Counts = make([]int, len(m.Groups))
		for j, g := range m.Groups {
			m.Rows[i].Counts[j] = perRow[i][g]
		}
	}
	return m, nil
}

// WriteTable writes the matrix for people: one row per query, one column per group.
func (m *Matrix) WriteTable(w io.Writer) error {
	var b strings.Builder
	nameCols := len("query")
	for _, r := range m.Rows {
		nameCols = max(nameCols, Width(r.Name))
	}
	colW := make([]int, len(m.Groups))
	for j, g := range m.Groups {
		colW[j] = max(Width(g), 5)
	}
	b.WriteString(PadRight("query", nameCols))
	b.WriteString(PadLeft("total", 7))
	for j, g := range m.Groups {
		b.WriteString("  " + PadLeft(g, colW[j]))
	}
	b.WriteString("\n")
	for _, r := range m.Rows {
		b.WriteString(PadRight(r.Name, nameCols))
		b.WriteString(PadLeft(strconv.FormatUint(r.Total, 10), 7))
		for j, c := range r.Counts {
			b.WriteString("  " + PadLeft(strconv.Itoa(c), colW[j]))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the matrix as CSV: name, total, then one column per group.
func (m *Matrix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"query", "total"}, m.Groups...)); err != nil {
		return err
	}
	for _, r := range m.Rows {
		row := []string{r.Name, strconv.FormatUint(r.Total, 10)}
		for _, c := range r.Counts {
			row = append(row, strconv.Itoa(c))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the matrix as one JSON object.
func (m *Matrix) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
