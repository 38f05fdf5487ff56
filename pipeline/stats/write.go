package stats

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Format is an output format of Write.
type Format string

// Output formats.
const (
	CSV  Format = "csv"  // RFC 4180, UTF-8, a header line
	TSV  Format = "tsv"  // the same with tabs (a field holding a tab, newline or '"' is quoted)
	JSON Format = "json" // an array of objects, one per row, keys in column order
)

// WriteOptions configures Write.
type WriteOptions struct {
	Format Format
	// Excel starts the output with a UTF-8 byte order mark and ends lines with CRLF, so that
	// Excel opens a CSV or TSV file with its Chinese text intact (it reads a file without the
	// mark in the system's code page). Ignored for JSON.
	Excel bool
	// Long writes the tidy long format of the table (see Long).
	Long bool
}

// floatDigits is the number of significant digits of a float in the output.
const floatDigits = 12

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// Write writes t to w in the format of opts. Cells are written as follows: a string as it
// is, an int in decimal, a float64 rounded to 12 significant digits (so that 0.1 − 0.15 prints
// −0.05, not −0.04999999999999999) in the shortest form (strconv 'g': 1e-05 for small
// values, which R, pandas and Excel read), NaN as an empty field (JSON null), which R and
// pandas read as NA.
func Write(w io.Writer, t *Table, opts WriteOptions) error {
	if opts.Long {
		t = Long(t)
	}
	bw := bufio.NewWriter(w)
	var err error
	switch opts.Format {
	case CSV, TSV, "":
		err = writeDelimited(bw, t, opts)
	case JSON:
		err = writeJSON(bw, t)
	default:
		return fmt.Errorf("stats: unknown format %q (want csv, tsv or json)", opts.Format)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("stats: writing table %s: %w", t.Name, err)
	}
	return nil
}

func writeDelimited(w *bufio.Writer, t *Table, opts WriteOptions) error {
	if opts.Excel {
		if _, err := w.WriteString(bom); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if opts.Format == TSV {
		cw.Comma = '\t'
	}
	cw.UseCRLF = opts.Excel
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for r, row := range t.Rows {
		for i, v := range row {
			s, err := formatCell(v, t.Columns[i])
			if err != nil {
				return fmt.Errorf("row %d: %w", r+1, err)
			}
			rec[i] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatCell formats one cell as CSV text, checking it against its column's type.
func formatCell(v any, c Column) (string, error) {
	switch x := v.(type) {
	case string:
		if c.Type == String {
			return x, nil
		}
	case int:
		if c.Type == Int {
			return strconv.Itoa(x), nil
		}
	case float64:
		if c.Type == Float {
			if math.IsNaN(x) {
				return "", nil
			}
			return strconv.FormatFloat(x, 'g', floatDigits, 64), nil
		}
	}
	return "", fmt.Errorf("column %s (%s) holds %T", c.Name, c.Type, v)
}

func writeJSON(w *bufio.Writer, t *Table) error {
	keys := make([][]byte, len(t.Columns))
	for i, c := range t.Columns {
		k, err := json.Marshal(c.Name)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	w.WriteString("[")
	for r, row := range t.Rows {
		if r > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n{")
		for i, v := range row {
			if i > 0 {
				w.WriteString(",")
			}
			w.Write(keys[i])
			w.WriteString(":")
			s, err := formatCell(v, t.Columns[i])
			if err != nil {
				return fmt.Errorf("row %d: %w", r+1, err)
			}
			switch {
			case t.Columns[i].Type == String:
				b, err := json.Marshal(s)
				if err != nil {
					return err
				}
				w.Write(b)
			case s == "":
				w.WriteString("null")
			default:
				w.WriteString(s)
			}
		}
		w.WriteString("}")
	}
	if len(t.Rows) > 0 {
		w.WriteString("\n")
	}
	_, err := w.WriteString("]\n")
	return err
}

// Long returns the tidy long form of t, one row per row of t and numeric column: the String
// columns of t (ids and labels) repeated, then category and measure (the column's Category
// and Measure; category is left out when no column of t has one), then value, a Float. So
// groups' bubble_per_1k of the row 2024-02 becomes the row
//
//	month=2024-02, category=bubble, measure=per_1k, value=3.2
//
// which R's ggplot2 and pandas take as they are.
func Long(t *Table) *Table {
	var ids, nums []int
	hasCat := false
	for i, c := range t.Columns {
		if c.Type == String {
			ids = append(ids, i)
			continue
		}
		nums = append(nums, i)
		if c.Category != "" {
			hasCat = true
		}
	}
	out := &Table{Name: t.Name}
	for _, i := range ids {
		out.Columns = append(out.Columns, t.Columns[i])
	}
	if hasCat {
		out.Columns = append(out.Columns, Column{Name: "category", Type: String, Measure: "category"})
	}
	out.Columns = append(out.Columns,
		Column{Name: "measure", Type: String, Measure: "measure"},
		Column{Name: "value", Type: Float, Measure: "value"})
	for _, row := range t.Rows {
		for _, n := range nums {
			r := make([]any, 0, len(out.Columns))
			for _, i := range ids {
				r = append(r, row[i])
			}
			c := t.Columns[n]
			if hasCat {
				r = append(r, c.Category)
			}
			var v float64
			switch x := row[n].(type) {
			case int:
				v = float64(x)
			case float64:
				v = x
			}
			r = append(r, c.Measure, v)
			out.Rows = append(out.Rows, r)
		}
	}
	return out
}
