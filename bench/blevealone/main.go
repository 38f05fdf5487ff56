// Command blevealone is the baseline of bench/index.sh: bleve alone indexing a corpus whose
// words were cut beforehand, with a whitespace analyzer, one writer, batches of 500
// documents. It has two steps, so that only bleve is timed:
//
//	go run ./bench/blevealone -prep words.tsv corpora/   # ingest and jieba: one line per document
//	go run ./bench/blevealone -index DIR words.tsv       # bleve alone, timed
//
// The words file holds, per line, the document's ID, the length in bytes of its original
// text, and its jieba words (default mode, those with a letter or a digit) joined by
// spaces. MB/s counts the original text, as cmd/index does, so the two rates compare.
//
// With -all (the default) the mapping is bleve's default (dynamic fields, the _all field),
// as in ../shared/FACTS.md; -all=false maps the one text field, stored with term vectors,
// outside _all.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/segment"
)

// batchDocs is the number of documents per batch.
const batchDocs = 500

func main() {
	if err := Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "blevealone:", err)
		}
		os.Exit(1)
	}
}

// Run runs the command with args (without the program name).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("blevealone", flag.ContinueOnError)
	fs.SetOutput(stderr)
	prep := fs.String("prep", "", "cut the corpus PATHs into words and write them to `FILE`")
	dir := fs.String("index", "", "index the words FILE given as argument into the bleve index `DIR` (removed first)")
	all := fs.Bool("all", true, "bleve's default mapping, with the _all field (as in FACTS.md)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := cli.StartCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stop()
	switch {
	case *prep != "" && fs.NArg() > 0:
		return prepare(ctx, *prep, fs.Args(), stdout)
	case *dir != "" && fs.NArg() == 1:
		return index(*dir, fs.Arg(0), *all, stdout)
	}
	fs.Usage()
	return errors.New("want -prep FILE PATH... or -index DIR FILE")
}

// prepare cuts every document of paths into words and writes the words file.
func prepare(ctx context.Context, out string, paths []string, stdout io.Writer) error {
	seg, err := segment.New(segment.Options{})
	if err != nil {
		return err
	}
	defer seg.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Now()
	docs, bytes := 0, 0
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	log := diag.NewLog(nil, 0)
	err = ingest.Walk(ctx, paths, ingest.Options{}, log, func(d *model.Document) error {
		var words []string
		for _, t := range seg.Tokenize(d.Text) {
			if strings.IndexFunc(t.Text, isWordRune) >= 0 {
				words = append(words, t.Text)
			}
		}
		docs++
		bytes += len(d.Text)
		_, err := fmt.Fprintf(w, "%s\t%d\t%s\n", clean.Replace(d.ID), len(d.Text), clean.Replace(strings.Join(words, " ")))
		return err
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "blevealone: cut %d documents, %.1f MB in %.1f s (%d skipped)\n",
		docs, float64(bytes)/(1<<20), time.Since(start).Seconds(), log.Skipped())
	return nil
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// index indexes the words file into a new bleve index at dir and prints the rate.
func index(dir, words string, all bool, stdout io.Writer) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer("ws", map[string]any{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
		return err
	}
	m.DefaultAnalyzer = "ws"
	if !all {
		text := bleve.NewTextFieldMapping()
		text.Analyzer = "ws"
		text.Store = true
		text.IncludeTermVectors = true
		text.IncludeInAll = false
		m.DefaultMapping.AddFieldMappingsAt("text", text)
		m.DefaultMapping.Dynamic = false
	}
	f, err := os.Open(words)
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	idx, err := bleve.New(dir, m)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	b := idx.NewBatch()
	docs, bytes, line := 0, 0, 0
	for sc.Scan() {
		line++
		id, rest, ok1 := strings.Cut(sc.Text(), "\t")
		n, text, ok2 := strings.Cut(rest, "\t")
		size, err := strconv.Atoi(n)
		if !ok1 || !ok2 || err != nil {
			return fmt.Errorf("%s:%d: want id, bytes and words separated by tabs", words, line)
		}
		if err := b.Index(id, map[string]any{"text": text}); err != nil {
			return err
		}
		docs++
		bytes += size
		if b.Size() >= batchDocs {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b = idx.NewBatch()
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			return err
		}
	}
	if err := idx.Close(); err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	mb := float64(bytes) / (1 << 20)
	fmt.Fprintf(stdout, "blevealone: %d documents, %.1f MB in %.1f s (%.2f MB/s) into %s (_all %v)\n", docs, mb, secs, mb/secs, dir, all)
	return nil
}
