package search

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// resultForTest is a result with every kind of field, built by hand.
func resultForTest() *Result {
	return &Result{
		Total: 3,
		Hits: []*Hit{
			{ID: "essays/2023-09-far-ahead-in-quotes.md", Title: "今天你“遥遥领先”了吗", Author: "罗小满", Source: "潮汐评论",
				Date: "2023-09-14", Score: 2.5, Frames: map[string]float64{"competition": 3.12, "bubble": 0.5},
				Stance: map[string]string{"us_ai": "none", "china_ai": "against"},
				KWIC: []Line{
					{DocID: "essays/2023-09-far-ahead-in-quotes.md", Start: 10, End: 14, Left: "最近我发现，“", Keyword: "遥遥领先", Right: "”已经变成了一个万能"},
					{DocID: "essays/2023-09-far-ahead-in-quotes.md", Start: 60, End: 64, Left: "准点率‘", Keyword: "遥遥领先", Right: "’。”中午点外卖"},
				}},
			{ID: "wb0042", Author: "拖延症晚期", Source: "weibo", Date: "2023-09-12", Score: 1.25,
				Frames: map[string]float64{"competition": 45.45}, Stance: map[string]string{"us_ai": "none", "china_ai": "none"},
				KWIC: []Line{{DocID: "wb0042", Start: 3, End: 7, Left: "GPT-4 是“地铁", Keyword: "遥遥领先", Right: "”地开走"}}},
		},
		Facets: Facets{
			{Name: "source", Values: []FacetValue{{"潮汐评论", 2}, {"weibo", 1}}, Total: 3},
			{Name: "month", Values: []FacetValue{{"2023-09", 3}}, Total: 3, Missing: 0},
			{Name: "frame", Values: []FacetValue{{"competition", 3}, {"bubble", 1}}, Total: 4, Other: 2},
		},
	}
}

func TestWriteTable(t *testing.T) {
	frames, targets := []string{"competition", "bubble"}, []string{"us_ai", "china_ai"}
	for _, tt := range []struct {
		name string
		o    TableOptions
	}{
		{"table.golden", TableOptions{Query: `"遥遥领先"`, Frames: frames, Targets: targets}},
		{"table-left.golden", TableOptions{Query: `"遥遥领先"`, KWICSort: SortLeft, Frames: frames, Targets: targets}},
		{"table-color.golden", TableOptions{Query: `"遥遥领先"`, Color: true, Frames: frames, Targets: targets}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTable(&b, resultForTest(), tt.o); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, resultForTest()); err != nil {
		t.Fatal(err)
	}
	golden(t, "result.json", b.Bytes())
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, resultForTest(), []string{"competition", "bubble"}, []string{"us_ai", "china_ai"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "result.csv", b.Bytes())

	// A query with a stance clause: its hits carry evidence sentences, in a column of their own.
	r := resultForTest()
	r.Hits[0].Evidence = map[string][]string{"china_ai": {"给“遥遥领先”加上引号，就是最温和的一种。", "今天你“遥遥领先”了吗？"}}
	b.Reset()
	if err := WriteCSV(&b, r, []string{"competition", "bubble"}, []string{"us_ai", "china_ai"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "result-evidence.csv", b.Bytes())
}

func TestMatrixOutput(t *testing.T) {
	m := &Matrix{By: "year", Groups: []string{"2023", "2024"}, Rows: []MatrixRow{
		{Name: "ironic-far-ahead", Total: 14, Counts: []int{6, 8}},
		{Name: "泡沫-否认", Total: 4, Counts: []int{1, 2}, Missing: 1},
	}}
	var table, csv, js bytes.Buffer
	if err := m.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	golden(t, "matrix.golden", append(append(table.Bytes(), csv.Bytes()...), js.Bytes()...))
}
