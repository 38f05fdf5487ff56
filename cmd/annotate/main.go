// Command annotate reads a corpus (files, folders, or standard input) and writes one JSON
// object per document to standard output: markers, frames, sentences and stance with character
// offsets (contract: ../shared/ANNOTATIONS.md). With -pretty it prints a view for people.
//
//	go run ./cmd/annotate corpora/
//	echo '所谓“遥遥领先”，不过如此。' | go run ./cmd/annotate -pretty
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"time"

	"golang.org/x/term"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/analyze"
	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// The live heap is small (a few documents in flight) and annotate allocates ~50
		// bytes per byte of text, most of it gojieba's word lists. Collecting less often
		// saves CPU: GOGC=400 took ~15 % off the default 100 for ~30 MB more RSS, and 1000
		// takes another 5–8 % off the wall time (three batches of 6–10 alternated runs on
		// the 22.9 MB benchmark corpus) for ~40 MB more (~205 MB in all); 1600 did no
		// better where both ran, 3200 worse. GOGC in the environment overrides it.
		debug.SetGCPercent(1000)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// Documents of 1 MB took peak RSS to 490 MB at GOGC=400: the limit makes the
		// collector run sooner when the live heap is that large (390–430 MB), and costs
		// nothing when it is small.
		debug.SetMemoryLimit(300 << 20)
	}
	exiting = true
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// exiting is set by main, whose process ends as soon as Run returns: jieba's dictionaries
// are then left to the operating system, which frees them at once, where jieba's own
// destructors take 0.12 s. Tests call Run many times and free them.
var exiting bool

// errSkipped is returned when the run finished but some input was skipped (exit status 1).
var errSkipped = errors.New("some input was skipped")

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errSkipped):
		return 1
	default:
		fmt.Fprintln(os.Stderr, "annotate:", err)
		return 1
	}
}

// config holds the parsed flags.
type config struct {
	cli.Analysis
	paths   []string
	workers int
	format  string
	pretty  bool
	color   string
	text    bool
	quiet   bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	var c config
	fs := flag.NewFlagSet("annotate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: annotate [flags] [PATH...]

Annotates the documents in each PATH (a file, or a folder read recursively: .txt, .md,
.jsonl, .ndjson, .csv, .tsv) or in standard input when no PATH is given, and writes one JSON
object per document to standard output, in input order (JSON Lines; see ANNOTATIONS.md).
Bad input is reported on standard error as path:line: reason and skipped; the exit status is
1 when anything was skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	c.Analysis.Register(fs)
	fs.IntVar(&c.workers, "workers", runtime.NumCPU(), "analysis goroutines")
	fs.StringVar(&c.format, "format", "text", "format of standard input: text, md, jsonl, csv or tsv")
	fs.BoolVar(&c.pretty, "pretty", false, "print a view for people instead of JSON Lines")
	fs.StringVar(&c.color, "color", "auto", "colour the -pretty view: auto, always or never")
	fs.BoolVar(&c.text, "text", false, "include each document's original text in the JSON")
	fs.BoolVar(&c.quiet, "q", false, "no summary on standard error")
	paths, err := cli.Parse(fs, args) // flags may follow the paths
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	switch c.color {
	case "auto", "always", "never":
	default:
		fmt.Fprintf(stderr, "annotate: -color must be auto, always or never, not %q\n", c.color)
		return nil, errUsage
	}
	if err := c.Analysis.Check(); err != nil {
		fmt.Fprintln(stderr, "annotate:", err)
		return nil, errUsage
	}
	c.paths = paths
	return &c, nil
}

// Run runs the command with args (without the program name), reading standard input from
// stdin when no path is given. It returns errSkipped when input was skipped.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	stopProfile, err := c.StartProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	opts, err := c.Options()
	if err != nil {
		return err
	}
	opts.KeepText = c.text
	opts.NoWords = true // annotate prints the count of words, not the words
	begin := time.Now()
	an, err := analyze.New(opts)
	if err != nil {
		return err
	}
	loading := time.Since(begin)
	defer func() {
		if !exiting {
			an.Close()
		}
	}()

	log := diag.NewLog(stderr, c.MaxErrors)
	paths := c.paths
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	iopts := c.Ingest()
	iopts.Format, iopts.Stdin = c.format, stdin
	iopts.NoHash = true // the output has no hash

	out := bufio.NewWriterSize(stdout, 1<<16)
	var write func(*model.Analyzed) error
	if c.pretty {
		p := &prettyPrinter{w: out, color: useColor(c.color, stdout), cb: an.Codebook()}
		write = p.print
	} else {
		var buf []byte // WriteJSON's scratch space: the JSON goes out in pieces
		write = func(r *model.Analyzed) error {
			var err error
			if buf, err = r.Annotation.WriteJSON(out, buf); err != nil {
				return fmt.Errorf("%s: %w", r.Doc.ID, err)
			}
			return nil
		}
	}

	start := time.Now()
	var docs, chars int
	var bytes int64
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *model.Document, 2*c.workers)
	walkErr := make(chan error, 1)
	go func() {
		defer close(ch)
		walkErr <- ingest.Walk(ctx, paths, iopts, log, func(d *model.Document) error {
			select {
			case ch <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	err = an.Stream(ctx, ch, c.workers, log, func(r *model.Analyzed) error {
		docs++
		chars += r.Annotation.Chars
		bytes += int64(len(r.Doc.Text))
		return write(r)
	})
	cancel()
	if werr := <-walkErr; err == nil && werr != nil && !errors.Is(werr, context.Canceled) {
		err = werr
	}
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if !c.quiet {
		secs := time.Since(start).Seconds()
		mb := float64(bytes) / (1 << 20)
		fmt.Fprintf(stderr, "annotate: %s, %d characters, %s after %.2f s loading jieba's dictionaries",
			plural(docs, "document"), chars, cli.Rate(mb, secs), loading.Seconds())
		if n := log.Skipped(); n > 0 {
			fmt.Fprintf(stderr, "; skipped %d (%s)", n, log.Summary())
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

// useColor decides whether the pretty view is coloured.
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// plural formats n with a noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
