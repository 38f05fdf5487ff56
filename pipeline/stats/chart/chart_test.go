package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stats"
)

// groupsTable builds a groups table by month over four documents with the default codebook:
// 2024-01 has bubble 3 and compute 1 (shares 0.75, 0.25), 2024-02 labor 2 (share 1), and one
// undated document has compute 1.
func groupsTable(t *testing.T) (*codebook.Codebook, *stats.Table) {
	t.Helper()
	cb, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	doc := func(id, date string, chars int, cats ...string) stats.Doc {
		a := &model.Annotation{ID: id, Date: date, Chars: chars}
		for _, c := range cats {
			a.Markers = append(a.Markers, model.Marker{Term: c, Categories: []string{c}})
		}
		return stats.Doc{Ann: a}
	}
	docs := []stats.Doc{
		doc("a", "2024-01-03", 1000, "bubble", "bubble", "compute"),
		doc("b", "2024-01-20", 1000, "bubble"),
		doc("c", "2024-02-01", 500, "labor", "labor"),
		doc("d", "", 100, "compute"),
	}
	tab, err := stats.Groups(cb, docs, []string{"month"})
	if err != nil {
		t.Fatal(err)
	}
	return cb, tab
}

// svgTexts parses an SVG document as XML and returns the content of its text elements and
// the number of rect elements.
func svgTexts(t *testing.T, data []byte) (texts []string, rects int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	inText := false
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "text":
				inText = true
				cur.Reset()
			case "rect":
				rects++
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				texts = append(texts, cur.String())
				inText = false
			}
		}
	}
	return texts, rects
}

func TestSVG(t *testing.T) {
	cb, tab := groupsTable(t)
	t.Run("shares", func(t *testing.T) {
		ch, err := Shares(cb, tab, []string{"bubble", "compute", "labor"})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := ch.SVG(&buf); err != nil {
			t.Fatal(err)
		}
		texts, rects := svgTexts(t, buf.Bytes())
		for _, want := range []string{"泡沫与资本", "算力与芯片", "就业冲击", "2024-01", "2024-02", noValue, "100%", "60%"} {
			if !contains(texts, want) {
				t.Errorf("no text %q in %q", want, texts)
			}
		}
		if !strings.Contains(texts[0], "框架占比") {
			t.Errorf("title %q", texts[0])
		}
		// Background, 3 legend swatches, and the bar segments: 2024-01 bubble + compute,
		// 2024-02 labor, undated compute.
		if rects != 1+3+4 {
			t.Errorf("%d rects, want 8", rects)
		}
		if !bytes.Contains(buf.Bytes(), []byte(`"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC"`)) ||
			!bytes.Contains(buf.Bytes(), []byte(`"Microsoft YaHei"`)) {
			t.Error("no CJK font-family list")
		}
	})
	t.Run("rates", func(t *testing.T) {
		ch, err := Rates(cb, tab, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.XLabels) != 2 {
			t.Fatalf("x labels %q: the undated group must be left out", ch.XLabels)
		}
		// bubble in 2024-01: 3 hits in 2000 characters = 1.5 per 1,000.
		if got := ch.Series[1].Values[0]; ch.Series[1].Label != "泡沫与资本" || got != 1.5 {
			t.Errorf("series 1 = %q %v, want 泡沫与资本 1.5", ch.Series[1].Label, ch.Series[1].Values)
		}
		var buf bytes.Buffer
		if err := ch.SVG(&buf); err != nil {
			t.Fatal(err)
		}
		texts, _ := svgTexts(t, buf.Bytes())
		for _, f := range cb.Frames {
			if !contains(texts, f.Zh) {
				t.Errorf("no legend %q", f.Zh)
			}
		}
		if n := bytes.Count(buf.Bytes(), []byte("<polyline")); n < 10 {
			t.Errorf("%d polylines, want one per frame at least", n)
		}
	})
	t.Run("escaping", func(t *testing.T) {
		ch := &Chart{Kind: Lines, Title: `<a & "b">`, XLabels: []string{"x"}, Series: []Series{{Label: "s", Values: []float64{math.NaN()}}}}
		var buf bytes.Buffer
		if err := ch.SVG(&buf); err != nil {
			t.Fatal(err)
		}
		texts, _ := svgTexts(t, buf.Bytes())
		if !contains(texts, `<a & "b">`) {
			t.Errorf("title not escaped and read back: %q", texts)
		}
	})
	t.Run("errors", func(t *testing.T) {
		if _, err := Shares(cb, tab, []string{"hype"}); err == nil {
			t.Error("no error for a rhetoric category as a frame")
		}
		if err := (&Chart{}).SVG(io.Discard); err == nil {
			t.Error("no error for an empty chart")
		}
		bad := &Chart{XLabels: []string{"a", "b"}, Series: []Series{{Label: "s", Values: []float64{1}}}}
		if err := bad.SVG(io.Discard); err == nil {
			t.Error("no error for a series of the wrong length")
		}
	})
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestSVGGolden pins the SVG of both kinds of chart (go test -update rewrites them).
func TestSVGGolden(t *testing.T) {
	cb, tab := groupsTable(t)
	for _, c := range []struct {
		name string
		make func(*codebook.Codebook, *stats.Table, []string) (*Chart, error)
	}{{"shares", Shares}, {"rates", Rates}} {
		t.Run(c.name, func(t *testing.T) {
			ch, err := c.make(cb, tab, []string{"bubble", "compute", "labor"})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := ch.SVG(&buf); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", c.name+".svg")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the output (go test -update rewrites it)", file)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPNG draws with the CJK font found on this machine, or skips where there is none.
func TestPNG(t *testing.T) {
	f, err := FindFont()
	if err != nil {
		t.Skip(err)
	}
	t.Logf("font: %s (%s)", f.Name, f.Path)
	cb, tab := groupsTable(t)
	ch, err := Shares(cb, tab, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ch.PNG(&buf, f); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("HUASHU_CHART_OUT"); out != "" { // to look at it
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 1000 {
		t.Fatalf("image %v, want 1600 × 1000 (800 × 500 points at 2 pixels a point)", b)
	}
	// The title is drawn: dark pixels in the band of the title line (points 12–36 → pixels
	// 24–72), which is otherwise white.
	dark := 0
	for y := 24; y < 72; y++ {
		for x := 0; x < 1600; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r+g+b < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 200 {
		t.Errorf("%d dark pixels in the title band: no title drawn", dark)
	}
}

func TestFindFontFails(t *testing.T) {
	dir := t.TempDir()
	// A file named like a CJK font that is no font at all.
	if err := os.WriteFile(dir+"/NotoSansCJK-Regular.ttc", []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := fontDirs
	fontDirs = []string{dir}
	defer func() { fontDirs = saved }()
	_, err := FindFont()
	if err == nil {
		t.Fatal("found a font in a folder without one")
	}
	for _, want := range []string{dir, "NotoSansCJK-Regular.ttc", "fonts-noto-cjk", "-font"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if err := (&Chart{XLabels: []string{"a"}, Series: []Series{{Values: []float64{1}}}}).PNG(io.Discard, nil); err == nil {
		t.Error("PNG without a font did not fail")
	}
}

func TestLoadFontWithoutChinese(t *testing.T) {
	const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	if _, err := os.Stat(dejavu); err != nil {
		t.Skip("no DejaVu Sans on this machine")
	}
	if _, err := LoadFont(dejavu); err == nil || !strings.Contains(err.Error(), "no face with Chinese glyphs") {
		t.Errorf("err = %v, want no Chinese glyphs", err)
	}
}
