package model

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

// stdJSON is the reference: what annotate printed before AppendJSON, without the newline.
func stdJSON(t testing.TB, a *Annotation) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// full has every field set, several map keys to sort and strings that need escaping.
func full() *Annotation {
	return &Annotation{
		ID: "a/b.md#L3", Path: "a/b.md", Line: 3, Title: "“遥遥领先”？", Author: "咸鱼<翻身>&",
		Source: "东岸\t观察", Date: "2024-05-01", URL: "https://example.org/?a=1&b=2",
		Tags:       []string{"芯片", "", "泡沫"},
		Meta:       map[string]string{"z": "1", "a": "\"q\"", "中": "\\", "": "empty key"},
		Chars:      605,
		Tokens:     297,
		Paragraphs: []Span{{0, 43}, {45, 60}},
		Sentences: []Sentence{
			{Start: 0, End: 27, Paragraph: 0, Frames: []string{}},
			{Start: 27, End: 43, Paragraph: 0, Question: true, Rhetorical: true, Frames: []string{"risk", "bubble"},
				Stance:      map[string]string{"us_ai": "against", "china_ai": "favor"},
				StanceScore: map[string]float64{"us_ai": -0.5, "china_ai": 1},
				Evidence:    map[string][]string{"us_ai": {"泡沫", "neg:不是"}, "china_ai": nil}},
			{Start: 45, End: 60, Paragraph: 1, Frames: nil},
		},
		Markers: []Marker{
			{Term: "遥遥领先", Pattern: "遥遥领先", Start: 1, End: 5, Sentence: 0, Categories: []string{"hype", "race"}, Quoted: true},
			{Term: "Sora", Pattern: "sora", Start: 30, End: 34, Sentence: 1, Categories: nil, Negated: true, Question: true},
		},
		Frames: map[string]FrameStat{"risk": {Hits: 1, Per1K: 1.653, Share: 0.333}, "bubble": {Hits: 2, Per1K: 3.306, Share: 0.667}},
		Stance: map[string]DocStance{
			"us_ai":    {Label: "against", Score: -0.25, Favor: 1, Against: 3, Evidence: []int{1, 4}},
			"china_ai": {Label: "none", Evidence: nil},
			"eu_ai":    {Label: "favor", Score: 1e-7, Evidence: []int{}},
		},
		Text: "line\nnext\r\x00\x1f\x7f end",
	}
}

// jsonCases are the annotations TestAppendJSON and TestWriteJSON encode.
func jsonCases() []struct {
	name string
	a    *Annotation
} {
	return []struct {
		name string
		a    *Annotation
	}{
		{"zero", &Annotation{}},
		{"empty slices and maps", &Annotation{ID: "x", Tags: []string{}, Meta: map[string]string{}, Paragraphs: []Span{},
			Sentences: []Sentence{}, Markers: []Marker{}, Frames: map[string]FrameStat{}, Stance: map[string]DocStance{}}},
		{"full", full()},
		{"escapes", &Annotation{ID: "\"\\/\b\f\n\r\t\x01\x1f <>&\u2028\u2029\u2027\u202a\x7f"}},
		{"invalid UTF-8", &Annotation{ID: "a\xffb\xe4\xb8c\xed\xa0\x80d\xf0\x9f\x98e\xc0\xafz\xe0\x80\x80"}},
		{"every width", &Annotation{ID: "aé中\u3000\uff01\U0001F600\u0800\u1000\u2000\ue000\uffff"}},
		{"ends in a partial character", &Annotation{ID: "中\xe4\xb8"}},
		{"floats", &Annotation{Frames: map[string]FrameStat{
			"a": {Per1K: 0.1, Share: 1.0 / 3}, "b": {Per1K: 1e21, Share: 1e20}, "c": {Per1K: 1e-6, Share: 9.99e-7},
			"d": {Per1K: -0.0, Share: -1e-9}, "e": {Per1K: 123456789.125, Share: 5e-324}, "f": {Per1K: math.MaxFloat64},
		}}},
		{"negative ints", &Annotation{Line: -1, Chars: -2, Tokens: math.MinInt64, Paragraphs: []Span{{-1, math.MaxInt64}}}},
		{"long text", func() *Annotation {
			a := bigAnnotation()
			a.Text = strings.Repeat("遥遥领先\n\"é\xff\xe4\xb8\U0001F600\u2028ab", 5000)
			return a
		}()},
	}
}

func TestAppendJSON(t *testing.T) {
	for _, tt := range jsonCases() {
		t.Run(tt.name, func(t *testing.T) {
			want := stdJSON(t, tt.a)
			got, err := tt.a.AppendJSON([]byte("prefix"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, append([]byte("prefix"), want...)) {
				t.Errorf("AppendJSON:\n got %s\nwant prefix%s", got, want)
			}
		})
	}
}

// TestAppendJSONGolden compares with encoding/json on every annotation of annotate's golden
// file, read back.
func TestAppendJSONGolden(t *testing.T) {
	f, err := os.Open("../../cmd/annotate/testdata/golden.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var a Annotation
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		got, err := a.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := stdJSON(t, &a); !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %s\nwant %s", a.ID, got, want)
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no annotation in the golden file")
	}
}

// pieces records what WriteJSON writes, one piece per call.
type pieces struct {
	all     bytes.Buffer
	largest int
	calls   int
}

func (p *pieces) Write(b []byte) (int, error) {
	p.calls++
	p.largest = max(p.largest, len(b))
	return p.all.Write(b)
}

// TestWriteJSON holds WriteJSON to AppendJSON and a newline, with pieces of every size from
// a byte on, and checks that a long annotation goes out in pieces of about the size asked.
func TestWriteJSON(t *testing.T) {
	for _, tt := range jsonCases() {
		want, err := tt.a.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		for _, spill := range []int{1, 2, 3, 7, 100, 4096, spillAt} {
			var p pieces
			buf, err := tt.a.writeJSON(&p, []byte("junk"), spill)
			if err != nil {
				t.Fatalf("%s, pieces of %d: %v", tt.name, spill, err)
			}
			if !bytes.Equal(p.all.Bytes(), want) {
				t.Fatalf("%s, pieces of %d:\n got %s\nwant %s", tt.name, spill, p.all.Bytes(), want)
			}
			if len(buf) != 0 {
				t.Errorf("%s: returned scratch space holds %q", tt.name, buf)
			}
			// Between two spills come at most an array element (the frames and stance objects
			// are ~400 bytes) and a piece of text, which escaping may make sixfold.
			if tt.name == "long text" && (p.calls < len(want)/(7*spill+400) || p.largest > 7*spill+400) {
				t.Errorf("%s, pieces of %d: %d bytes in %d writes, the largest %d", tt.name, spill, len(want), p.calls, p.largest)
			}
		}
	}
}

// TestWriteJSONErrors: a score that cannot be encoded writes nothing; an error of the
// writer is returned.
func TestWriteJSONErrors(t *testing.T) {
	a := bigAnnotation()
	a.Sentences[len(a.Sentences)-1].StanceScore = map[string]float64{"us_ai": math.NaN()}
	var p pieces
	if _, err := a.writeJSON(&p, nil, 16); err == nil || !strings.Contains(err.Error(), "unsupported value") {
		t.Errorf("NaN score: err = %v", err)
	}
	if p.calls != 0 {
		t.Errorf("NaN score: %d writes of %d bytes, want none", p.calls, p.all.Len())
	}
	w := &failing{after: 3}
	if _, err := bigAnnotation().writeJSON(w, nil, 16); err != errFull {
		t.Errorf("failing writer: err = %v, want %v", err, errFull)
	}
	if w.calls != 4 {
		t.Errorf("failing writer: written %d times, want 4 (no write after the error)", w.calls)
	}
}

var errFull = errors.New("disk full")

// failing fails every write after the first `after`.
type failing struct{ after, calls int }

func (f *failing) Write(b []byte) (int, error) {
	f.calls++
	if f.calls > f.after {
		return 0, errFull
	}
	return len(b), nil
}

func TestAppendJSONUnsupported(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := &Annotation{Sentences: []Sentence{{StanceScore: map[string]float64{"us_ai": f}}}}
		if _, err := json.Marshal(a); err == nil {
			t.Fatalf("encoding/json accepts %v", f)
		}
		out, err := a.AppendJSON(nil)
		if err == nil || !strings.Contains(err.Error(), "unsupported value") {
			t.Errorf("%v: err = %v, want unsupported value", f, err)
		}
		if !json.Valid(out) {
			t.Errorf("%v: output is not JSON: %s", f, out)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("遥遥领先", "a\"b\\c\n", "\u2028\xff", 0.5, -1e-7, 42)
	f.Add("", "", "", 0.0, 1e21, 0)
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, x, y float64, n int) {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
			return
		}
		a := &Annotation{
			ID: s1, Path: s2, Line: n, Title: s3, Tags: []string{s1, s2}, Meta: map[string]string{s1: s2, s3: s1},
			Chars: n, Sentences: []Sentence{{Start: n, Frames: []string{s3},
				Stance: map[string]string{s2: s3}, StanceScore: map[string]float64{s1: x, s3: y},
				Evidence: map[string][]string{s1: {s2, s3}}}},
			Markers: []Marker{{Term: s1, Pattern: s2, Categories: []string{s3}, Negated: n%2 == 0}},
			Frames:  map[string]FrameStat{s1: {Hits: n, Per1K: x, Share: y}},
			Stance:  map[string]DocStance{s2: {Label: s3, Score: y, Evidence: []int{n}}},
			Text:    s1 + s2 + s3,
		}
		got, err := a.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		want := stdJSON(t, a)
		if !bytes.Equal(got, want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
		var p pieces
		if _, err := a.writeJSON(&p, nil, 1+n&7); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p.all.Bytes(), append(want, '\n')) {
			t.Fatalf("writeJSON:\n got %s\nwant %s", p.all.Bytes(), want)
		}
	})
}

func BenchmarkAppendJSON(b *testing.B) {
	a := bigAnnotation()
	size := len(stdJSON(b, a))
	b.Run("AppendJSON", func(b *testing.B) {
		b.SetBytes(int64(size))
		var buf []byte
		for b.Loop() {
			buf, _ = a.AppendJSON(buf[:0])
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(size))
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			_ = enc.Encode(a)
		}
	})
}

// bigAnnotation is an essay-sized annotation: 60 sentences, 40 markers.
func bigAnnotation() *Annotation {
	a := full()
	for i := range 60 {
		s := Sentence{Start: i * 30, End: i*30 + 30, Paragraph: i / 5, Frames: []string{}}
		if i%7 == 0 {
			s.Frames = []string{"bubble"}
			s.Stance = map[string]string{"us_ai": "none"}
			s.StanceScore = map[string]float64{"us_ai": 0}
		}
		a.Sentences = append(a.Sentences, s)
	}
	for i := range 40 {
		a.Markers = append(a.Markers, Marker{Term: "划时代", Pattern: "划时代", Start: i * 40, End: i*40 + 3,
			Sentence: i, Categories: []string{"hype"}})
	}
	return a
}
