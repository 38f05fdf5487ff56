package stats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// tinyTables computes every table of the tiny corpus.
func tinyTables(t *testing.T) []*Table {
	t.Helper()
	cb := tinyCB(t)
	docs := tinyDocs()
	groups, err := Groups(cb, docs, []string{"source", "month"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := Keyness(docs[:1], docs[1:], KeynessOptions{})
	if err != nil {
		t.Fatal(err)
	}
	coll, err := Collocates(docs, CollocateOptions{Term: "泡沫", Window: 2})
	if err != nil {
		t.Fatal(err)
	}
	return []*Table{Docs(cb, docs), groups, Markers(cb, docs), Cooccurrence(cb, docs), key, coll}
}

// parseBack reads a CSV or TSV output and checks it against the table's declared columns:
// the header names, one record per row, and every field read back as its column's type
// equals the cell.
func parseBack(t *testing.T, data []byte, tab *Table, comma rune) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	if len(recs) != len(tab.Rows)+1 {
		t.Fatalf("%d records, want a header and %d rows", len(recs), len(tab.Rows))
	}
	for i, c := range tab.Columns {
		if recs[0][i] != c.Name {
			t.Fatalf("header %d = %q, want %q", i, recs[0][i], c.Name)
		}
	}
	for ri, rec := range recs[1:] {
		for i, field := range rec {
			c := tab.Columns[i]
			cell := tab.Rows[ri][i]
			switch c.Type {
			case String:
				if field != cell.(string) {
					t.Errorf("row %d %s = %q, want %q", ri+1, c.Name, field, cell)
				}
			case Int:
				n, err := strconv.Atoi(field)
				if err != nil || n != cell.(int) {
					t.Errorf("row %d %s = %q, want int %d", ri+1, c.Name, field, cell)
				}
			case Float:
				want := cell.(float64)
				if math.IsNaN(want) {
					if field != "" {
						t.Errorf("row %d %s = %q, want empty for NaN", ri+1, c.Name, field)
					}
					continue
				}
				f, err := strconv.ParseFloat(field, 64)
				if err != nil || !close12(f, want) {
					t.Errorf("row %d %s = %q, want float %v to 12 digits", ri+1, c.Name, field, want)
				}
			}
		}
	}
}

func TestWriteParsesBack(t *testing.T) {
	for _, tab := range tinyTables(t) {
		for _, long := range []bool{false, true} {
			want := tab
			if long {
				want = Long(tab)
			}
			name := tab.Name
			if long {
				name += "/long"
			}
			t.Run(name+"/csv", func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tab, WriteOptions{Format: CSV, Long: long}); err != nil {
					t.Fatal(err)
				}
				parseBack(t, buf.Bytes(), want, ',')
			})
			t.Run(name+"/excel", func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tab, WriteOptions{Format: CSV, Long: long, Excel: true}); err != nil {
					t.Fatal(err)
				}
				data, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xef\xbb\xbf"))
				if !ok {
					t.Fatal("no UTF-8 byte order mark")
				}
				if !bytes.Contains(data, []byte("\r\n")) {
					t.Error("no CRLF line ends")
				}
				parseBack(t, data, want, ',')
			})
			t.Run(name+"/tsv", func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tab, WriteOptions{Format: TSV, Long: long}); err != nil {
					t.Fatal(err)
				}
				parseBack(t, buf.Bytes(), want, '\t')
			})
			t.Run(name+"/json", func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tab, WriteOptions{Format: JSON, Long: long}); err != nil {
					t.Fatal(err)
				}
				var recs []map[string]any
				dec := json.NewDecoder(&buf)
				dec.UseNumber()
				if err := dec.Decode(&recs); err != nil {
					t.Fatalf("output is not JSON: %v", err)
				}
				if len(recs) != len(want.Rows) {
					t.Fatalf("%d objects, want %d", len(recs), len(want.Rows))
				}
				for ri, rec := range recs {
					if len(rec) != len(want.Columns) {
						t.Fatalf("object %d has %d keys, want %d", ri, len(rec), len(want.Columns))
					}
					for i, c := range want.Columns {
						v, ok := rec[c.Name]
						if !ok {
							t.Fatalf("object %d has no key %q", ri, c.Name)
						}
						cell := want.Rows[ri][i]
						if f, isF := cell.(float64); isF && math.IsNaN(f) {
							if v != nil {
								t.Errorf("object %d %s = %v, want null", ri, c.Name, v)
							}
							continue
						}
						var got any = v
						if n, ok := v.(json.Number); ok {
							if c.Type == Int {
								i, err := n.Int64()
								if err != nil {
									t.Errorf("object %d %s = %v, not an integer", ri, c.Name, n)
								}
								got = int(i)
							} else {
								got, _ = n.Float64()
							}
						}
						if f, ok := got.(float64); ok && close12(f, cell.(float64)) {
							continue
						}
						if got != cell {
							t.Errorf("object %d %s = %v, want %v", ri, c.Name, got, cell)
						}
					}
				}
			})
		}
	}
}

// close12 tells whether a float read back equals the cell to the 12 significant digits
// written.
func close12(got, want float64) bool {
	return math.Abs(got-want) <= 1e-11*math.Max(math.Abs(want), 1e-300)
}

func TestLong(t *testing.T) {
	cb := tinyCB(t)
	groups, err := Groups(cb, tinyDocs(), []string{"source"})
	if err != nil {
		t.Fatal(err)
	}
	long := Long(groups)
	var names []string
	for _, c := range long.Columns {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "source,category,measure,value" {
		t.Fatalf("long columns %s", got)
	}
	numeric := 0
	for _, c := range groups.Columns {
		if c.Type != String {
			numeric++
		}
	}
	if len(long.Rows) != numeric*len(groups.Rows) {
		t.Fatalf("%d long rows, want %d × %d", len(long.Rows), numeric, len(groups.Rows))
	}
	r := findRow(t, long, map[string]string{"source": "weibo", "category": "bubble", "measure": "per_1k"})
	if got := long.Float(r, "value"); math.Abs(got-2000.0/1500) > 1e-12 {
		t.Errorf("weibo bubble per_1k = %v", got)
	}
	r = findRow(t, long, map[string]string{"source": "blog", "category": "", "measure": "documents"})
	if got := long.Float(r, "value"); got != 1 {
		t.Errorf("blog documents = %v", got)
	}
	t.Run("no category column without categories", func(t *testing.T) {
		coll, err := Collocates(tinyDocs(), CollocateOptions{Term: "泡沫", Window: 2})
		if err != nil {
			t.Fatal(err)
		}
		if Long(coll).Col("category") >= 0 {
			t.Error("category column in the long collocates table")
		}
	})
}

func TestWriteErrors(t *testing.T) {
	tab := &Table{Name: "bad", Columns: []Column{{Name: "n", Type: Int}}, Rows: [][]any{{"x"}}}
	if err := Write(&bytes.Buffer{}, tab, WriteOptions{Format: CSV}); err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("err = %v, want a row-1 type error", err)
	}
	if err := Write(&bytes.Buffer{}, tinyTables(t)[0], WriteOptions{Format: "xlsx"}); err == nil {
		t.Error("no error for an unknown format")
	}
}

// TestGolden pins the exact text of each tiny table as CSV (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, tab := range tinyTables(t) {
		t.Run(tab.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tab, WriteOptions{Format: CSV}); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "tiny", tab.Name+".csv"), buf.Bytes())
		})
	}
}

func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it):\n%s", file, got)
	}
}
