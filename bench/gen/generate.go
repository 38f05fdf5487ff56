package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Length bounds of a generated document's text, in characters (code points).
const (
	minChars = 300
	maxChars = 5000
)

// The dates of generated documents are drawn from firstDay to lastDay, both included.
var (
	firstDay = time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// doc is one generated document.
type doc struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Author string   `json:"author"`
	Source string   `json:"source"`
	Date   string   `json:"date"`
	Tags   []string `json:"tags"`
	URL    string   `json:"url,omitempty"`
	// Text is the body: Markdown paragraphs separated by blank lines.
	Text string `json:"text"`
}

// generator draws documents from a sample. It is not safe for concurrent use.
type generator struct {
	s   *sample
	rng *rand.Rand
}

func newGenerator(s *sample, seed uint64) *generator {
	return &generator{s: s, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// next returns document number i (0-based).
func (g *generator) next(i int) doc {
	// Log-uniform length: as many documents around 500 as around 3,000 characters per octave,
	// median about 1,200.
	target := int(minChars * math.Exp(g.rng.Float64()*math.Log(float64(maxChars)/minChars)))
	d := doc{
		ID:     fmt.Sprintf("gen-%06d", i),
		Title:  g.pick(g.s.titles),
		Author: g.pick(g.s.authors),
		Source: g.pick(g.s.sources),
		Date:   firstDay.AddDate(0, 0, g.rng.IntN(int(lastDay.Sub(firstDay).Hours()/24)+1)).Format(time.DateOnly),
		Text:   g.body(target),
	}
	if g.rng.IntN(3) == 0 {
		d.URL = fmt.Sprintf("https://bench.example.org/%s/%s", d.Date[:7], d.ID)
	}
	if n := g.rng.IntN(4); n > 0 && len(g.s.tags) > 0 {
		d.Tags = g.pickDistinct(g.s.tags, n)
	}
	return d
}

// pickDistinct draws up to n distinct entries of list.
func (g *generator) pickDistinct(list []string, n int) []string {
	var out []string
	chosen := map[int]bool{}
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		k := g.rng.IntN(len(list))
		if !chosen[k] {
			chosen[k] = true
			out = append(out, list[k])
		}
	}
	return out
}

// body joins sample paragraphs, with now and then a heading or a quoted post, until the text
// has at least target characters; it never passes maxChars: the last paragraph is cut after
// a sentence end, or left out.
func (g *generator) body(target int) string {
	var b strings.Builder
	n := 0 // characters in b
	for n < target {
		var p string
		switch r := g.rng.IntN(20); {
		case r < 2 && n > 0 && len(g.s.headings) > 0:
			p = "## " + g.pick(g.s.headings)
		case r < 5 && len(g.s.posts) > 0:
			p = "> " + strings.ReplaceAll(g.pick(g.s.posts), "\n", "\n> ")
		default:
			p = g.pick(g.s.paragraphs)
		}
		sep := 0
		if n > 0 {
			sep = 2
		}
		pn := utf8.RuneCountInString(p)
		if n+sep+pn > maxChars {
			cut := cutAtSentence(p, maxChars-n-sep)
			if cut == "" && n < minChars {
				cut = cutRunes(p, maxChars-n-sep) // no sentence end: cut anywhere
			}
			if cut == "" {
				break
			}
			p, pn = cut, utf8.RuneCountInString(cut)
		}
		if sep > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
		n += sep + pn
	}
	return b.String()
}

// cutAtSentence returns the longest prefix of p of at most limit characters that ends after
// a sentence-ending mark (。！？!? or a closing quote after one), or "" when there is none.
func cutAtSentence(p string, limit int) string {
	end, count := 0, 0
	for i, r := range p {
		if count == limit {
			break
		}
		count++
		switch r {
		case '。', '！', '？', '!', '?', '”', '』', '」':
			end = i + utf8.RuneLen(r)
		}
	}
	return p[:end]
}

// cutRunes returns the first n characters of s.
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// summary counts what a run wrote.
type summary struct {
	docs  int
	files int
	bytes int64
}

// generate writes documents until cfg.docs are written and, with -mb, at least cfg.mb
// megabytes.
func generate(ctx context.Context, cfg config, s *sample) (summary, error) {
	g := newGenerator(s, cfg.seed)
	route := rand.New(rand.NewPCG(cfg.seed, 0x6d69786564)) // md or jsonl, for -format mixed
	md := &mdSink{dir: filepath.Join(cfg.out, "md"), perDir: cfg.dirFiles}
	js := &jsonlSink{dir: filepath.Join(cfg.out, "jsonl"), perFile: cfg.fileRecords}
	var sum summary
	minBytes := int64(cfg.mb * bytesPerMB)
	for i := 0; i < cfg.docs || sum.bytes < minBytes; i++ {
		if err := ctx.Err(); err != nil {
			js.close()
			return sum, err
		}
		d := g.next(i)
		toJSONL := cfg.format == FormatJSONL || (cfg.format == FormatMixed && route.IntN(2) == 0)
		var n int64
		var err error
		if toJSONL {
			n, err = js.write(d)
		} else {
			n, err = md.write(d)
		}
		if err != nil {
			js.close()
			return sum, err
		}
		sum.docs++
		sum.bytes += n
	}
	if err := js.close(); err != nil {
		return sum, err
	}
	sum.files = md.files + js.files
	return sum, nil
}

// mdSink writes one Markdown file with YAML front matter per document, in numbered folders of
// at most perDir files.
type mdSink struct {
	dir    string
	perDir int
	files  int
	buf    bytes.Buffer
}

func (m *mdSink) write(d doc) (int64, error) {
	sub := filepath.Join(m.dir, fmt.Sprintf("%04d", m.files/m.perDir))
	if m.files%m.perDir == 0 {
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return 0, err
		}
	}
	m.buf.Reset()
	m.buf.WriteString("---\n")
	fmt.Fprintf(&m.buf, "title: %s\n", yamlString(d.Title))
	fmt.Fprintf(&m.buf, "author: %s\n", yamlString(d.Author))
	fmt.Fprintf(&m.buf, "source: %s\n", yamlString(d.Source))
	fmt.Fprintf(&m.buf, "date: %s\n", d.Date)
	if len(d.Tags) > 0 {
		quoted := make([]string, len(d.Tags))
		for i, t := range d.Tags {
			quoted[i] = yamlString(t)
		}
		fmt.Fprintf(&m.buf, "tags: [%s]\n", strings.Join(quoted, ", "))
	}
	if d.URL != "" {
		fmt.Fprintf(&m.buf, "url: %s\n", yamlString(d.URL))
	}
	m.buf.WriteString("---\n\n")
	m.buf.WriteString(d.Text)
	m.buf.WriteString("\n")
	path := filepath.Join(sub, d.ID+".md")
	if err := os.WriteFile(path, m.buf.Bytes(), 0o644); err != nil {
		return 0, err
	}
	m.files++
	return int64(m.buf.Len()), nil
}

// yamlString quotes s as a YAML double-quoted scalar: JSON's string escapes are a subset of
// YAML's.
func yamlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonlSink writes one JSON object a line, in numbered files of at most perFile records. Writes
// are buffered; close flushes the open file.
type jsonlSink struct {
	dir     string
	perFile int
	files   int
	records int // records in the open file
	f       *os.File
	w       *bufio.Writer
	enc     *json.Encoder
	cw      countingWriter
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (j *jsonlSink) write(d doc) (int64, error) {
	if j.f == nil || j.records == j.perFile {
		if err := j.close(); err != nil {
			return 0, err
		}
		if err := os.MkdirAll(j.dir, 0o755); err != nil {
			return 0, err
		}
		f, err := os.Create(filepath.Join(j.dir, fmt.Sprintf("part-%04d.jsonl", j.files)))
		if err != nil {
			return 0, err
		}
		j.f, j.w, j.records = f, bufio.NewWriterSize(f, 256<<10), 0
		j.cw = countingWriter{w: j.w}
		j.enc = json.NewEncoder(&j.cw)
		j.enc.SetEscapeHTML(false)
		j.files++
	}
	before := j.cw.n
	if err := j.enc.Encode(d); err != nil {
		return 0, fmt.Errorf("%s: record %d: %w", j.f.Name(), j.records+1, err)
	}
	j.records++
	return j.cw.n - before, nil
}

// close flushes and closes the open file, if any.
func (j *jsonlSink) close() error {
	if j.f == nil {
		return nil
	}
	err := j.w.Flush()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	j.f = nil
	if err != nil {
		return fmt.Errorf("jsonl output: %w", err)
	}
	return nil
}
