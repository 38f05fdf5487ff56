package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

// SkippedFile is the file, inside the index folder, that lists the records skipped by the
// last run: path, line and reason, tab-separated, under a header line.
const SkippedFile = "skipped.tsv"

// config holds the parsed flags.
type config struct {
	paths   []string
	index   string
	rebuild bool
	prune   bool
	quiet   bool
	workers int
	batchMB float64
	maxDoc  float64 // -max-doc-mb
	cli.Analysis
}

// defaultMaxDocMB bounds the text of one document that index takes: bleve builds a
// document's postings, positions and term vectors in memory at once, ~95 bytes a byte of
// text (a 10 MB document took peak RSS to 1.2 GB, a 20 MB one to 2.2 GB), so that one
// long text alone would break the 1 GB the index stage keeps to. An essay is a few KB.
const defaultMaxDocMB = 5

// indexInFlightBytes is the text that index lets analysis hold at once (analyze.Options).
const indexInFlightBytes = 8 << 20

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	var c config
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: index [flags] [PATH...]

Indexes the documents in each PATH (a file, or a folder read recursively: .txt, .md, .jsonl,
.ndjson, .csv, .tsv; "-" for standard input; default corpora/) into the bleve index -index.
A record already indexed with the same content is not indexed again; a changed one is
replaced. Bad input is reported as path:line: reason, listed in skipped.tsv inside the index
folder, and makes the exit status 1.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.index, "index", "huashu.bleve", "index folder `DIR`")
	fs.BoolVar(&c.rebuild, "rebuild", false, "remove the index and build it anew (needed after changing the codebook, user dictionary or stance)")
	fs.BoolVar(&c.prune, "prune", false, "remove from the index the records that the PATHs no longer hold")
	fs.BoolVar(&c.quiet, "q", false, "no progress and no summary")
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), "analysis goroutines")
	fs.Float64Var(&c.batchMB, "batch-mb", float64(index.DefaultBatchBytes)/(1<<20), "text per bleve batch, in `MB`")
	fs.Float64Var(&c.maxDoc, "max-doc-mb", defaultMaxDocMB, "skip a document whose text is longer than this many `MB` (memory: ~100 MB a MB; annotate reads it)")
	c.Analysis.Register(fs)
	paths, err := cli.Parse(fs, args) // flags may follow the paths
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := c.Analysis.Check(); err != nil {
		fmt.Fprintln(stderr, "index:", err)
		return nil, errUsage
	}
	if c.batchMB <= 0 || c.workers <= 0 || c.maxDoc <= 0 {
		fmt.Fprintln(stderr, "index: -max-size, -max-doc-mb, -batch-mb and -workers must be positive")
		return nil, errUsage
	}
	c.paths = paths
	if len(c.paths) == 0 {
		c.paths = []string{"corpora/"}
	}
	return &c, nil
}

// Run runs the command with args (without the program name). Diagnostics, progress and the
// summary go to stderr; stdout is not used. It returns errSkipped when input was skipped.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	for _, p := range c.paths {
		if p == "-" {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w (give the corpus folder or files to index)", err)
		}
	}
	stopProfile, err := c.StartProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	// bleve makes much short-lived garbage: the collector runs less often (GOGC 200) under
	// a soft limit that bounds the heap all the same (docs/design.md, §6).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(500 << 20)
	}

	opts, err := c.Options()
	if err != nil {
		return err
	}
	// bleve holds a document again at tens of bytes a byte of text (the batch being filled,
	// the one queued, the one being written): with 16 MB in analysis, 8 documents of 4.9 MB
	// took index to 1.1 GB, with 8 MB 0.92 GB (and 21.6 s instead of 29).
	opts.InFlightBytes = indexInFlightBytes
	stanceName := "rules"
	switch {
	case c.NoStance:
		stanceName = "none"
	case c.StanceModel != "":
		if stanceName, err = modelName(c.StanceModel); err != nil {
			return err
		}
	}
	begin := time.Now()
	an, err := analyze.New(opts)
	if err != nil {
		return err
	}
	defer func() {
		if !exiting {
			an.Close()
		}
	}()
	defer index.ShareSegmenter(an.Segmenter())() // withdrawn before the segmenter closes

	w, err := index.OpenWriter(c.index, index.Options{
		Codebook: an.Codebook(), UserDict: an.Segmenter().UserDict(), Stance: stanceName,
		Rebuild: c.rebuild, BatchBytes: int(c.batchMB * (1 << 20)),
	})
	if err != nil {
		return err
	}
	// Diagnostics print above the progress bar: the bar redraws itself below them.
	prog := newProgress(stderr, c.quiet)
	log := diag.NewLog(prog.lineWriter(), c.MaxErrors)
	sizes, _ := ingest.ScanSizes(c.paths)
	prog.start(sizes)

	start := time.Now()
	err = run(ctx, c, an, w, log, prog)
	pruned := 0
	if err == nil && c.prune {
		pruned, err = w.Prune()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	prog.finish()
	if werr := writeSkipped(filepath.Join(c.index, SkippedFile), log.All()); err == nil {
		err = werr
	}
	if !c.quiet {
		st := w.Stats()
		secs := time.Since(start).Seconds()
		mb := float64(st.Bytes) / (1 << 20)
		fmt.Fprintf(stderr, "index: %d documents (%d passages), %s after %.2f s loading jieba's dictionaries and opening the index, into %s; %d unchanged",
			st.Essays, st.Passages, cli.Rate(mb, secs), start.Sub(begin).Seconds(), c.index, st.Unchanged)
		if c.prune {
			fmt.Fprintf(stderr, ", %d pruned", pruned)
		}
		fmt.Fprintf(stderr, "; skipped %d", log.Skipped())
		if log.Skipped() > 0 {
			fmt.Fprintf(stderr, " (%s; see %s)", log.Summary(), filepath.Join(c.index, SkippedFile))
		}
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	if log.Skipped() > 0 {
		return errSkipped
	}
	return nil
}

// run streams the corpus through analysis into the writer: ingest on one goroutine, analysis
// on c.workers, and the writer on the goroutine that calls run (the only one that writes).
func run(ctx context.Context, c *config, an *analyze.Analyzer, w *index.Writer, log *diag.Log, prog *progress) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	iopts := c.Ingest()
	ch := make(chan *model.Document, 2*c.workers)
	walkErr := make(chan error, 1)
	go func() {
		defer close(ch)
		maxDoc := int(c.maxDoc * (1 << 20))
		walkErr <- ingest.Walk(ctx, c.paths, iopts, log, func(d *model.Document) error {
			prog.read(d)
			if len(d.Text) > maxDoc {
				return log.Report(diag.Diagnostic{Path: d.Path, Line: d.Line, Kind: diag.KindTooLarge, Skipped: true,
					Reason: fmt.Sprintf("%.1f MB of text, over -max-doc-mb %g: bleve would need ~%.0f MB of memory for it; split it or raise -max-doc-mb (annotate takes it whole, and stats -annotations reads annotate's output)",
						float64(len(d.Text))/(1<<20), c.maxDoc, 100*float64(len(d.Text))/(1<<20))})
			}
			if w.Unchanged(d) {
				return nil
			}
			select {
			case ch <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	err := an.Stream(ctx, ch, c.workers, log, func(a *model.Analyzed) error {
		return w.Add(a)
	})
	cancel()
	// Stream returns nil only once ingest closed ch, so werr is then ingest's own error
	// (such as too many skipped records), never our cancel.
	if werr := <-walkErr; err == nil {
		err = werr
	}
	return err
}

// modelName names a stance model file by its base name and content hash.
func modelName(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return "model " + filepath.Base(path) + " sha256 " + hex.EncodeToString(sum[:]), nil
}

// writeSkipped writes the skipped records to path, replacing the list of an earlier run.
func writeSkipped(path string, all []diag.Diagnostic) error {
	var b strings.Builder
	b.WriteString("path\tline\treason\n")
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, d := range all {
		if !d.Skipped {
			continue
		}
		b.WriteString(clean.Replace(d.Path))
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(d.Line))
		b.WriteByte('\t')
		b.WriteString(clean.Replace(d.Reason))
		b.WriteByte('\n')
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
