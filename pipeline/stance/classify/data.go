package classify

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/huashu/huashu/pipeline/model"
)

// Example is one labelled (or unlabelled) row of a stance data file.
type Example struct {
	// ID is the row's id column; "" when the file has none.
	ID string
	// Target is the stance target the text is judged toward, as written in the file.
	Target string
	// Text is the row's text.
	Text string
	// Label is model.Favor, model.Against or model.None; "" when the row has no label (a
	// predict file, or an unlabelled row of a training file).
	Label string
	// Line is the 1-based line of the file where the row starts.
	Line int
}

// Format names a data file format.
type Format string

// Data formats. FormatTSV reads the NLPCC 2016 files as they are: UTF-8 with a BOM, a header
// row, tab-separated, texts in double quotes that may span lines.
const (
	FormatTSV   Format = "tsv"
	FormatCSV   Format = "csv"
	FormatJSONL Format = "jsonl"
)

// FormatOf returns the format of a file from its extension (.tsv/.txt, .csv, .jsonl/.json/
// .ndjson), or an error.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv", ".tab", ".txt":
		return FormatTSV, nil
	case ".csv":
		return FormatCSV, nil
	case ".jsonl", ".json", ".ndjson":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("%s: unknown data format: want .tsv, .csv or .jsonl", path)
}

// ReadFile reads a stance data file in the format its extension names (see Read).
func ReadFile(path string) ([]Example, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path, format)
}

// Read reads stance rows from r. Columns are found by their header names, matched
// case-insensitively: id, target, text, and label (or stance). Only target and text are
// required. Labels are matched case-insensitively (FAVOR → favor); an empty label or UNKNOWN
// reads as "". A row with another label, or without target or text, is an error reported as
// name:line: message; every such row is reported, the rows read are returned with the error.
func Read(r io.Reader, name string, format Format) ([]Example, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	switch format {
	case FormatTSV, FormatCSV:
		return readDelimited(br, name, format)
	case FormatJSONL:
		return readJSONL(br, name)
	}
	return nil, fmt.Errorf("%s: unknown data format %q", name, format)
}

// columns maps the header to column indexes; -1 where a column is absent.
type columns struct{ id, target, text, label int }

func findColumns(header []string) (columns, error) {
	c := columns{-1, -1, -1, -1}
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "id":
			c.id = i
		case "target":
			c.target = i
		case "text":
			c.text = i
		case "label", "stance":
			c.label = i
		}
	}
	if c.target < 0 || c.text < 0 {
		return c, fmt.Errorf("header %q: want columns target and text (and id, label)", strings.Join(header, ","))
	}
	return c, nil
}

func readDelimited(r io.Reader, name string, format Format) ([]Example, error) {
	cr := csv.NewReader(r)
	if format == FormatTSV {
		cr.Comma = '\t'
	}
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: reading the header: %w", name, err)
	}
	cols, err := findColumns(header)
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w", name, err)
	}
	var out []Example
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, fmt.Errorf("%s:%d:%d: %v", name, pe.Line, pe.Column, pe.Err))
				continue
			}
			return out, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		field := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return rec[i]
		}
		ex, err := makeExample(field(cols.id), field(cols.target), field(cols.text), field(cols.label), line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		out = append(out, ex)
	}
	return out, errors.Join(errs...)
}

func readJSONL(r *bufio.Reader, name string) ([]Example, error) {
	var out []Example
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(b, &obj); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", name, line, err))
			continue
		}
		get := func(keys ...string) string {
			for k, v := range obj {
				for _, want := range keys {
					if strings.EqualFold(k, want) {
						switch v := v.(type) {
						case string:
							return v
						case float64:
							return fmt.Sprint(v)
						}
					}
				}
			}
			return ""
		}
		ex, err := makeExample(get("id"), get("target"), get("text"), get("label", "stance"), line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("%s: %w", name, err)
	}
	return out, errors.Join(errs...)
}

func makeExample(id, target, text, label string, line int) (Example, error) {
	ex := Example{ID: strings.TrimSpace(id), Target: strings.TrimSpace(target), Text: text, Line: line}
	if ex.Target == "" {
		return ex, fmt.Errorf("no target")
	}
	if strings.TrimSpace(text) == "" {
		return ex, fmt.Errorf("no text")
	}
	l, err := ParseLabel(label)
	if err != nil {
		return ex, err
	}
	ex.Label = l
	return ex, nil
}

// ParseLabel maps a label as written in a data file to model.Favor, model.Against or
// model.None, case-insensitively; "" and UNKNOWN map to "".
func ParseLabel(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "favor", "favour", "pro":
		return model.Favor, nil
	case "against", "con":
		return model.Against, nil
	case "none", "neither", "neutral":
		return model.None, nil
	case "", "unknown":
		return "", nil
	}
	return "", fmt.Errorf("label %q: want favor, against or none", s)
}
