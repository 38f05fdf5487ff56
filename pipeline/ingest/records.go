package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/diag"
)

// records reads a JSONL, CSV or TSV input, already decoded to UTF-8, record by record.
func (w *walker) records(f file, r io.Reader) error {
	if f.format == FormatJSONL {
		return w.jsonl(f, r)
	}
	return w.csv(f, r)
}

// textFields returns the lower-case names of the fields to take the text from, in order.
func (w *walker) textFields() []string {
	if w.opts.TextField != "" {
		return []string{strings.ToLower(w.opts.TextField)}
	}
	return []string{"text", "content"}
}

// noTextReason says that none of the text fields holds text.
func (w *walker) noTextReason() string {
	if w.opts.TextField != "" {
		return fmt.Sprintf("no text in field %q", w.opts.TextField)
	}
	return `no text in field "text" or "content"`
}

// jsonl reads one JSON object a line. Blank lines are ignored; a line can be as long as
// Options.MaxSize.
func (w *walker) jsonl(f file, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	dateWarned := false
	for lineNo := 1; ; lineNo++ {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		line, size, err := readLine(br, buf[:0], w.opts.MaxSize)
		buf = line[:0]
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return w.skip(f, lineNo, 0, diag.KindRead, "read error: "+cause(err))
		}
		if size > w.opts.MaxSize {
			if err := w.skip(f, lineNo, 0, diag.KindTooLarge, fmt.Sprintf("line is %s, over the limit of %s",
				formatSize(size), formatSize(w.opts.MaxSize))); err != nil {
				return err
			}
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fl, kind, col, reason := w.parseJSON(line)
		if reason != "" {
			if err := w.skip(f, lineNo, col, kind, reason); err != nil {
				return err
			}
			continue
		}
		if fl.badDate != "" && !dateWarned {
			dateWarned = true
			if err := w.warn(f, lineNo, diag.KindJSON, badDateReason(fl.badDate)+
				" (later bad dates in this file are not reported)"); err != nil {
				return err
			}
		}
		if err := w.add(f, lineNo, fl); err != nil {
			return err
		}
	}
}

// readLine reads the next line of br into buf without its "\n" or "\r\n". size is the
// length of the line in bytes with its line ending; a line longer than max is read to
// its end but not kept whole. err is io.EOF only when nothing was left to read.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, size int64, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		size += int64(len(frag))
		if size <= max+2 {
			buf = append(buf, frag...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF && size > 0 {
			break // a last line without "\n"
		}
		if err != nil {
			return buf, size, err
		}
		break
	}
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	buf = bytes.TrimSuffix(buf, []byte("\r"))
	return buf, size, nil
}

func article(noun string) string {
	if strings.IndexByte("aeiou", noun[0]) >= 0 {
		return "an"
	}
	return "a"
}

// invalidUTF8At returns the offset of the first byte of p that is not valid UTF-8, or -1.
func invalidUTF8At(p []byte) int {
	for i := 0; i < len(p); {
		c, size := utf8.DecodeRune(p[i:])
		if c == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// csv reads a CSV or TSV input with a header row naming its columns (case-insensitive).
// Quoted fields may span lines; a record's line is the line where it starts.
//
// A row that breaks CSV's quoting rules (a quotation mark inside a field that does not start
// with one, or a field that starts with one but does not close it before the next separator)
// is read again line by line, when that gives a line the header's number of fields: a TSV
// line as plain tab-separated text, quotation marks and all (TSV files, the IANA format and
// Weibo dumps, use quotation marks as text, while some, NLPCC's, also quote fields that span
// lines); a CSV line with its quoted fields unquoted and other quotation marks kept as text
// (encoding/csv's LazyQuotes, on that line alone, so that an unclosed quote cannot swallow the
// rows after it). One warning per file counts the rows so read; a line that still does not
// fit is skipped and reported.
func (w *walker) csv(f file, r io.Reader) error {
	rc := &recorder{r: r}
	r = rc
	cr := csv.NewReader(r)
	if f.format == FormatTSV {
		cr.Comma = '\t'
	}
	cr.ReuseRecord = true
	header, err := cr.Read() // also sets FieldsPerRecord to the header's length
	if err == io.EOF {
		return w.skip(f, 0, 0, diag.KindNoText, "empty file, not even a header row")
	}
	if err != nil {
		return w.csvError(f, err, 0, 0)
	}
	header = append([]string(nil), header...)
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	col := map[string]int{}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if l := strings.ToLower(header[i]); l != "" {
			if _, ok := col[l]; !ok {
				col[l] = i
			}
		}
	}
	t := &table{f: f, header: header}
	for _, name := range w.textFields() {
		if i, ok := col[name]; ok {
			t.textCols = append(t.textCols, i)
		}
	}
	if len(t.textCols) == 0 {
		want := `"text" or "content"`
		if w.opts.TextField != "" {
			want = fmt.Sprintf("%q", w.opts.TextField)
		}
		return w.skip(f, 1, 0, diag.KindCSV, fmt.Sprintf("no column %s in the header (%s)", want, strings.Join(header, ", ")))
	}
	rc.forget(cr.InputOffset())
	plain, firstPlain := 0, 0 // rows read again line by line
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		rec, err := cr.Read()
		if err == io.EOF {
			if plain > 0 {
				rows := "rows"
				if plain == 1 {
					rows = "row"
				}
				how := "as plain tab-separated text"
				if f.format == FormatCSV {
					how = "line by line"
				}
				return w.warn(f, firstPlain, diag.KindCSV, fmt.Sprintf("quotation marks not as CSV quotes them: %d %s read %s, the marks kept as text (the first at line %d)",
					plain, rows, how, firstPlain))
			}
			return nil
		}
		var pe *csv.ParseError
		if err != nil && errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
			// Read the row's lines again, one by one.
			for k, l := range strings.Split(strings.TrimSuffix(string(rc.forget(cr.InputOffset())), "\n"), "\n") {
				line := pe.StartLine + k
				l = strings.TrimSuffix(l, "\r")
				if l == "" {
					continue
				}
				fields, how := lenientRow(l, cr.Comma, len(header))
				if len(fields) != len(header) {
					col := 0
					if line == pe.Line {
						col = pe.Column
					}
					if err := w.skip(f, line, col, diag.KindCSV, fmt.Sprintf("invalid CSV (%v); read %s, the row has %s, header has %d", pe.Err, how, nFields(len(fields)), len(header))); err != nil {
						return err
					}
					continue
				}
				if plain++; plain == 1 {
					firstPlain = line
				}
				pos := func(int) (int, int) { return line, 0 } // columns moved with the quotes
				if err := w.csvRow(t, fields, line, pos); err != nil {
					return err
				}
			}
			continue
		}
		rc.forget(cr.InputOffset())
		if err != nil {
			if err := w.csvError(f, err, len(rec), len(header)); err != nil {
				return err
			}
			if !errors.As(err, &pe) {
				return nil // a read error: the rest of the file is lost
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if err := w.csvRow(t, rec, line, cr.FieldPos); err != nil {
			return err
		}
	}
}

// lenientRow splits one line of a CSV (comma ',') or TSV ('\t') input that encoding/csv
// refused into want fields, or says how many it found: a TSV line at every tab, quotation
// marks kept; a CSV line with LazyQuotes (quoted fields unquoted, other quotation marks
// kept), else, when that does not give want fields, at every comma. how says which, for a
// diagnostic.
func lenientRow(line string, comma rune, want int) (fields []string, how string) {
	if comma == '\t' {
		return strings.Split(line, "\t"), "as plain tab-separated text"
	}
	cr := csv.NewReader(strings.NewReader(line))
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	if fields, err := cr.Read(); err == nil && len(fields) == want {
		return fields, "with lenient quotes"
	}
	return strings.Split(line, ","), "with lenient quotes or at every comma"
}

// table is what csvRow needs to know of a CSV or TSV input.
type table struct {
	f          file
	header     []string
	textCols   []int // the columns that may hold the text, in order of preference
	dateWarned bool
}

// csvRow makes a document of one row (rec, starting at line) of t, or reports why it cannot.
// pos gives the line and column (1-based, in bytes; 0 when unknown) where field i begins.
func (w *walker) csvRow(t *table, rec []string, line int, pos func(i int) (int, int)) error {
	f, header := t.f, t.header
	for i, v := range rec {
		if !utf8.ValidString(v) {
			fline, fcol := pos(i)
			j := invalidUTF8At([]byte(v))
			return w.skip(f, fline, fcol+j, diag.KindEncoding,
				fmt.Sprintf("not valid UTF-8 (byte 0x%02X) in column %q", v[j], header[i]))
		}
	}
	fl := &fields{}
	textCol := -1
	for _, i := range t.textCols {
		if strings.TrimSpace(rec[i]) != "" {
			textCol = i
			fl.doc.Text = rec[i]
			break
		}
	}
	if textCol < 0 {
		return w.skip(f, line, 0, diag.KindNoText, w.noTextReason())
	}
	for i, v := range rec {
		if i != textCol && header[i] != "" {
			fl.set(header[i], v, nil)
		}
	}
	if fl.badDate != "" && !t.dateWarned {
		t.dateWarned = true
		if err := w.warn(f, line, diag.KindCSV, badDateReason(fl.badDate)+
			" (later bad dates in this file are not reported)"); err != nil {
			return err
		}
	}
	return w.add(f, line, fl)
}

// recorder keeps the bytes that a csv.Reader has read (it reads ahead) from the end of the
// last row it returned on, so that a row it refuses can be read again line by line. It holds at most one
// row and the reader's buffer.
type recorder struct {
	r    io.Reader
	buf  []byte // the input from offset base on
	base int64
}

// Read implements io.Reader.
func (rc *recorder) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	rc.buf = append(rc.buf, p[:n]...)
	return n, err
}

// forget returns the input from the last offset forgotten to offset to (a csv.Reader's
// InputOffset after a row), and forgets it.
func (rc *recorder) forget(to int64) []byte {
	n := min(max(to-rc.base, 0), int64(len(rc.buf)))
	row := rc.buf[:n:n]
	rc.buf, rc.base = rc.buf[n:], rc.base+n
	return row
}

// nFields says "1 field" or "n fields".
func nFields(n int) string {
	if n == 1 {
		return "1 field"
	}
	return strconv.Itoa(n) + " fields"
}

// csvError reports an error of csv.Reader.Read: a row skipped for its number of fields
// (got fields where the header has columns), a row that does not parse, or a read error.
func (w *walker) csvError(f file, err error, got, columns int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return w.skip(f, pe.StartLine, 0, diag.KindCSV, fmt.Sprintf("row has %s, header has %d", nFields(got), columns))
	}
	return w.skip(f, pe.Line, pe.Column, diag.KindCSV, "invalid CSV: "+pe.Err.Error())
}
