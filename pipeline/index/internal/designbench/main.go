// Command designbench measures designs of the exact-phrase field and of passage documents on
// real Chinese text, for docs/design.md. It is a measuring tool, not part of huashu:
//
//	go run ./pipeline/index/internal/designbench -exact unigram -docs essay -out /tmp/x.bleve
//
// Text: the bodies of ../shared/corpora/openaxo-news and the NLPCC 2016 Weibo posts of
// ../shared/eval/nlpcc2016 grouped 15 to an essay (one post a paragraph). Segmentation is done
// before the clock starts: every design indexes the same jieba words, and only bleve is timed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/huashu/huashu/pipeline/segment"
)

type essay struct {
	id    string
	text  string
	words []segment.Token // byte offsets into text; spaces and punctuation left out
	paras [][2]int        // byte spans of non-empty lines
}

func main() {
	exact := flag.String("exact", "unigram", "exact field: none, unigram, bigram, bigram-notv")
	docs := flag.String("docs", "essay", "documents: essay, passage, both, light (passages: words without term vectors, exact), words (passages: words without term vectors), words-stored (the same, text stored), words-tv (passages: words with term vectors, stored), alone (bleve alone: whitespace analyzer on pre-segmented text, with _all), alone-noall (the same, one field mapped)")
	out := flag.String("out", "", "index folder (removed first)")
	shared := flag.String("shared", "../shared", "the shared folder")
	repeat := flag.Int("repeat", 1, "index the corpus this many times (ids differ)")
	verify := flag.Int("verify", 0, "check this many phrases of 2-8 characters against a substring scan")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the indexing to this file")
	corpus := flag.String("corpus", "", "a folder of .md files (as bench/gen writes) to index instead of the shared texts")
	flag.Parse()
	profile = *prof
	if *docs == "positions" {
		*docs, positionsDesign = "essay", true
	}
	if err := run(*exact, *docs, *out, *shared, *corpus, *repeat, *verify); err != nil {
		fmt.Fprintln(os.Stderr, "designbench:", err)
		os.Exit(1)
	}
}

var profile string

// positionsDesign indexes essays only, each paragraph an array element of the text fields.
var positionsDesign bool

func run(exact, docs, out, shared, corpus string, repeat, verify int) error {
	load := func(shared string) ([]*essay, error) { return loadShared(shared) }
	if corpus != "" {
		load = func(string) ([]*essay, error) { return loadMarkdown(corpus) }
	}
	essays, err := load(shared)
	if err != nil {
		return err
	}
	seg, err := segment.New(segment.Options{})
	if err != nil {
		return err
	}
	for _, e := range essays {
		for _, t := range seg.Tokenize(e.text) {
			if isWord(t.Text) {
				e.words = append(e.words, t)
			}
		}
	}
	seg.Close()

	os.RemoveAll(out)
	m := bleve.NewIndexMapping()
	if strings.HasPrefix(docs, "alone") {
		if err := m.AddCustomAnalyzer("ws", map[string]any{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
			return err
		}
		m.DefaultAnalyzer = "ws"
		if docs == "alone-noall" {
			text := bleve.NewTextFieldMapping()
			text.Analyzer = "ws"
			text.Store = true
			text.IncludeTermVectors = true
			text.IncludeInAll = false
			title := bleve.NewKeywordFieldMapping()
			title.IncludeInAll = false
			m.DefaultMapping.AddFieldMappingsAt("text", text)
			m.DefaultMapping.AddFieldMappingsAt("title", title)
			m.DefaultMapping.Dynamic = false
		}
	} else {
		m.DefaultAnalyzer = keyword.Name
	}
	idx, err := bleve.New(out, m)
	if err != nil {
		return err
	}
	var bytes int64
	ndocs := 0
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	start, cpu0 := time.Now(), cpuSeconds()
	b := idx.NewBatch()
	batchBytes := 0
	flush := func(force bool) error {
		full := batchBytes >= 3<<19 // 1.5 MB, about 500 essays of 3 KB
		if strings.HasPrefix(docs, "alone") {
			full = b.Size() >= 500
		}
		if b.Size() == 0 || (!force && !full) {
			return nil
		}
		if err := idx.Batch(b); err != nil {
			return err
		}
		b = idx.NewBatch()
		batchBytes = 0
		return nil
	}
	for r := 0; r < repeat; r++ {
		for _, e := range essays {
			id := fmt.Sprintf("%s@%d", e.id, r)
			bytes += int64(len(e.text))
			batchBytes += len(e.text)
			if strings.HasPrefix(docs, "alone") {
				ws := make([]string, len(e.words))
				for i, w := range e.words {
					ws[i] = w.Text
				}
				ndocs++
				if err := b.Index(id, map[string]any{"text": strings.Join(ws, " "), "title": id}); err != nil {
					return err
				}
			} else {
				if docs != "passage" {
					ndocs++
					if err := b.IndexAdvanced(essayDoc(id, e, exact, true)); err != nil {
						return err
					}
				} else {
					ndocs++
					if err := b.IndexAdvanced(essayDoc(id, e, exact, false)); err != nil {
						return err
					}
				}
				if docs != "essay" {
					for i, p := range e.paras {
						ndocs++
						if err := b.IndexAdvanced(passageDoc(fmt.Sprintf("%s/p%d", id, i), id, e, p, exact, docs)); err != nil {
							return err
						}
					}
				}
			}
			if err := flush(false); err != nil {
				return err
			}
		}
	}
	if err := flush(true); err != nil {
		return err
	}
	if err := idx.Close(); err != nil {
		return err
	}
	secs, cpu := time.Since(start).Seconds(), cpuSeconds()-cpu0
	size := dirSize(out)
	fmt.Printf("exact=%s docs=%s essays=%d bleve-docs=%d MB=%.2f seconds=%.2f cpu-seconds=%.2f docs/s=%.0f MB/s=%.3f MB/cpu-s=%.3f index-MB=%.1f\n",
		exact, docs, len(essays)*repeat, ndocs, float64(bytes)/1e6, secs, cpu, float64(ndocs)/secs,
		float64(bytes)/1e6/secs, float64(bytes)/1e6/cpu, float64(size)/1e6)
	if verify > 0 {
		return check(out, essays, exact, docs, verify)
	}
	return nil
}

func isWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

const (
	textOpts  = index.IndexField | index.StoreField | index.IncludeTermVectors
	exactTV   = index.IndexField | index.IncludeTermVectors
	exactNoTV = index.IndexField
	kwOpts    = index.IndexField | index.StoreField | index.DocValues
)

// essayDoc builds an essay document with metadata-like fields; with text, also the words and
// exact fields.
func essayDoc(id string, e *essay, exact string, text bool) *document.Document {
	d := document.NewDocument(id)
	d.AddField(document.NewTextFieldCustom("title", nil, []byte(e.id), kwOpts, nil))
	d.AddField(document.NewTextFieldCustom("kind", nil, []byte("essay"), kwOpts, nil))
	for i := 0; i < 10; i++ {
		d.AddField(document.NewNumericFieldWithIndexingOptions(fmt.Sprintf("frame.f%d", i), nil, float64(len(e.text)%(i+3)), index.IndexField|index.DocValues))
	}
	if !text {
		d.AddField(document.NewTextFieldCustom("text", nil, []byte(e.text), index.StoreField, nil))
		return d
	}
	if positionsDesign {
		// One stored instance of the whole text, then one indexed instance per paragraph
		// whose array position is the paragraph's index.
		d.AddField(document.NewTextFieldCustom("text", nil, []byte(e.text), index.StoreField, nil))
		pos := 0
		for i, p := range e.paras {
			ts := words(e.words, p[0], p[1])
			for _, t := range ts {
				t.Start += p[0]
				t.End += p[0]
				pos++
				t.Position = pos
			}
			ap := []uint64{uint64(i)}
			d.AddField(document.NewTextFieldCustom("text", ap, nil, exactTV, pretokens(ts)))
			d.AddField(document.NewTextFieldCustom("exact", ap, []byte(e.text[p[0]:p[1]]), exactTV, unigram{}))
		}
		return d
	}
	d.AddField(document.NewTextFieldCustom("text", nil, []byte(e.text), textOpts, pretokens(words(e.words, 0, len(e.text)))))
	addExact(d, e.text, exact)
	return d
}

func passageDoc(id, parent string, e *essay, p [2]int, exact, docs string) *document.Document {
	d := document.NewDocument(id)
	d.AddField(document.NewTextFieldCustom("parent", nil, []byte(parent), kwOpts, nil))
	d.AddField(document.NewTextFieldCustom("kind", nil, []byte("passage"), kwOpts, nil))
	text := e.text[p[0]:p[1]]
	opts := index.FieldIndexingOptions(textOpts)
	switch docs {
	case "light", "words":
		opts = index.IndexField
	case "words-stored":
		opts = index.IndexField | index.StoreField
	}
	d.AddField(document.NewTextFieldCustom("text", nil, []byte(text), opts, pretokens(words(e.words, p[0], p[1]))))
	if docs != "words" && docs != "words-stored" && docs != "words-tv" {
		addExact(d, text, exact)
	}
	return d
}

func addExact(d *document.Document, text, exact string) {
	switch exact {
	case "unigram":
		d.AddField(document.NewTextFieldCustom("exact", nil, []byte(text), exactTV, unigram{}))
	case "bigram":
		d.AddField(document.NewTextFieldCustom("exact", nil, []byte(text), exactTV, bigram{}))
	case "bigram-notv":
		d.AddField(document.NewTextFieldCustom("exact", nil, []byte(text), exactNoTV, bigram{}))
	}
}

// words returns the tokens of ws inside [from, to), offsets made relative to from.
func words(ws []segment.Token, from, to int) analysis.TokenStream {
	i := sort.Search(len(ws), func(i int) bool { return ws[i].Start >= from })
	var out analysis.TokenStream
	for ; i < len(ws) && ws[i].End <= to; i++ {
		out = append(out, &analysis.Token{Term: []byte(strings.ToLower(ws[i].Text)), Start: ws[i].Start - from,
			End: ws[i].End - from, Position: len(out) + 1, Type: analysis.Ideographic})
	}
	return out
}

type pretokens analysis.TokenStream

func (p pretokens) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(p) }

type unigram struct{}

func (unigram) Analyze(b []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(b)/3)
	pos := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		pos++
		if !unicode.IsSpace(r) {
			out = append(out, &analysis.Token{Term: utf8.AppendRune(nil, unicode.ToLower(r)), Start: i, End: i + size, Position: pos, Type: analysis.Ideographic})
		}
		i += size
	}
	return out
}

type bigram struct{}

func (bigram) Analyze(b []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(b)/3)
	pos := 0
	prev, prevStart := rune(-1), 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		pos++
		if unicode.IsSpace(r) {
			prev = -1
		} else {
			r = unicode.ToLower(r)
			if prev >= 0 {
				t := utf8.AppendRune(utf8.AppendRune(nil, prev), r)
				out = append(out, &analysis.Token{Term: t, Start: prevStart, End: i + size, Position: pos - 1, Type: analysis.Ideographic})
			}
			prev, prevStart = r, i
		}
		i += size
	}
	return out
}

func check(out string, essays []*essay, exact, docs string, n int) error {
	idx, err := bleve.Open(out)
	if err != nil {
		return err
	}
	defer idx.Close()
	rng := rand.New(rand.NewSource(1))
	lower := make([]string, len(essays))
	for i, e := range essays {
		lower[i] = strings.ToLower(e.text)
	}
	bad := 0
	var qtime time.Duration
	for k := 0; k < n; k++ {
		var phrase string
		for phrase == "" {
			rs := []rune(lower[rng.Intn(len(lower))])
			l := 2 + rng.Intn(7)
			if len(rs) <= l {
				continue
			}
			s := rng.Intn(len(rs) - l)
			p := string(rs[s : s+l])
			if strings.IndexFunc(p, unicode.IsSpace) < 0 {
				phrase = p
			}
		}
		want := map[string]bool{}
		for i, t := range lower {
			if strings.Contains(t, phrase) {
				want[essays[i].id+"@0"] = true
			}
		}
		var q query.Query
		switch exact {
		case "unigram", "bigram":
			q = phraseQuery(phrase, exact)
		default:
			return fmt.Errorf("verify: not for exact=%s", exact)
		}
		req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
		req.Fields = []string{"parent"}
		t0 := time.Now()
		res, err := idx.Search(req)
		qtime += time.Since(t0)
		if err != nil {
			return err
		}
		got := map[string]bool{}
		for _, h := range res.Hits {
			if p, ok := h.Fields["parent"].(string); ok {
				got[p] = true
			} else if !strings.Contains(h.ID, "/p") {
				got[h.ID] = true
			}
		}
		if len(got) != len(want) {
			bad++
			fmt.Printf("MISMATCH %q: want %d essays, got %d\n", phrase, len(want), len(got))
			continue
		}
		for id := range want {
			if !got[id] {
				bad++
				fmt.Printf("MISMATCH %q: missing %s\n", phrase, id)
				break
			}
		}
	}
	fmt.Printf("verify: %d phrases, %d wrong, mean query %.1f ms\n", n, bad, float64(qtime.Microseconds())/1000/float64(n))
	return nil
}

// phraseQuery builds the phrase query over the exact field as the query analyzer would.
func phraseQuery(phrase, exact string) query.Query {
	var ts analysis.TokenStream
	if exact == "unigram" {
		ts = unigram{}.Analyze([]byte(phrase))
	} else {
		ts = bigram{}.Analyze([]byte(phrase))
	}
	terms := make([]string, len(ts))
	for i, t := range ts {
		terms[i] = string(t.Term)
	}
	if len(terms) == 1 {
		q := bleve.NewTermQuery(terms[0])
		q.SetField("exact")
		return q
	}
	q := bleve.NewPhraseQuery(terms, "exact")
	return q
}

func loadShared(shared string) ([]*essay, error) {
	files, _ := filepath.Glob(filepath.Join(shared, "corpora/openaxo-news/*/*/*.md"))
	essays, err := readMarkdown(files)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"unlabelled-15000.tsv", "train.tsv", "test-gold.tsv"} {
		f, err := os.Open(filepath.Join(shared, "eval/nlpcc2016", name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		var posts []string
		n := 0
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) < 3 || cols[0] == "ID" || strings.HasPrefix(cols[0], "\uFEFF") {
				continue
			}
			posts = append(posts, cols[2])
			if len(posts) == 15 {
				n++
				essays = append(essays, newEssay(fmt.Sprintf("%s#%d", name, n), strings.Join(posts, "\n")))
				posts = nil
			}
		}
		f.Close()
	}
	return essays, nil
}

func loadMarkdown(dir string) ([]*essay, error) {
	var files []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	return readMarkdown(files)
}

func readMarkdown(files []string) ([]*essay, error) {
	var essays []*essay
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := string(data)
		if strings.HasPrefix(text, "---\n") {
			if end := strings.Index(text[4:], "\n---\n"); end >= 0 {
				text = text[4+end+5:]
			}
		}
		essays = append(essays, newEssay(filepath.Base(f), text))
	}
	return essays, nil
}

func newEssay(id, text string) *essay {
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", ""), "\uFFFD")
	e := &essay{id: id, text: text}
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if strings.TrimSpace(text[start:end]) != "" {
			e.paras = append(e.paras, [2]int{start, end})
		}
		start = end + 1
	}
	return e
}

// cpuSeconds returns the user and system CPU time of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
