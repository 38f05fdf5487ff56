package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/huashu/huashu/internal/cli"
	"github.com/huashu/huashu/pipeline/search"
)

// usageError is a mistake in the flags; err nil means -h was asked for.
type usageError struct{ err error }

func (e *usageError) Error() string {
	if e.err == nil {
		return "usage"
	}
	return e.err.Error()
}

func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// options holds the parsed flags.
type options struct {
	index     string
	n         int
	sort      string
	passages  bool
	facets    string
	facetSize int
	kwic      int
	kwicLines int
	kwicSort  string
	json      bool
	csv       bool
	color     string
	saved     string
	by        string
	query     string
}

// Run runs the search command with args (without the program name), writing results to
// stdout and diagnostics to stderr. It returns a *usageError or a *search.Error for a
// mistake of the caller (exit status 2), another error for a failure.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	s, err := search.Open(o.index)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, f := range append(splitList(o.facets), splitList(o.by)...) {
		if err := s.CheckFacet(f); err != nil {
			return &usageError{err}
		}
	}
	if err := s.CheckSort(o.sort); err != nil {
		return &usageError{err}
	}
	if o.saved != "" {
		return runSaved(ctx, s, o, stdout)
	}
	return runQuery(ctx, s, o, o.query, stdout)
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.index, "index", "huashu.bleve", "the index `folder` that cmd/index built")
	fs.IntVar(&o.n, "n", 20, "number of hits to show")
	fs.StringVar(&o.sort, "sort", search.SortScore, "order of hits: score, date (oldest first), -date, or a number of the essay such as chars, frame.bubble or stance.us_ai (\"-\" first: greatest first)")
	fs.BoolVar(&o.passages, "passages", false, "return passages (paragraphs) instead of essays")
	fs.StringVar(&o.facets, "facet", "", "facets to count, comma-separated: source, author, month, year, frame, rhetoric, marker, marker.neg, stance.TARGET, meta.KEY…")
	fs.IntVar(&o.facetSize, "facet-size", 20, "values per terms facet")
	fs.IntVar(&o.kwic, "kwic", 20, "characters of context on each side of a keyword; 0 for no KWIC lines")
	fs.IntVar(&o.kwicLines, "kwic-lines", 10, "KWIC lines per hit; 0 for all")
	fs.StringVar(&o.kwicSort, "kwic-sort", search.SortPosition, "KWIC order: position, left or right (one concordance sorted by the context next to the keyword)")
	fs.BoolVar(&o.json, "json", false, "write JSON: {\"total\": N, \"hits\": […], \"facets\": {…}}")
	fs.BoolVar(&o.csv, "csv", false, "write CSV: one row per hit (or per saved query)")
	fs.StringVar(&o.color, "color", "auto", "highlight keywords: auto (on a terminal), always or never")
	fs.StringVar(&o.saved, "saved", "", "run the saved queries of a `folder` (a matrix of counts) or one saved query file (its hits)")
	fs.StringVar(&o.by, "by", "", "with -saved: group counts by a facet (source, month, year, any keyword field)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `usage: search [flags] QUERY
       search -saved queries/ [-by source|month|year|FIELD] [-csv|-json]

Searches the index that cmd/index built. The query language (docs/query.md):
  泡沫                     jieba words        "遥遥领先"        exact substring
  frame:bubble             asserted frame     frame.neg:bubble  negated frame
  marker:泡沫  marker.neg:泡沫                stance.us_ai:against   frame.bubble:>2
  source:X  author:X  date:>="2024-02-01"  date:2024-02     a OR b   NOT a   -a   ( … )

flags:
`)
		fs.PrintDefaults()
	}
	// Flags may stand before or after the query (search 泡沫 -n 5).
	query, err := cli.Parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, &usageError{}
		}
		return nil, &usageError{err}
	}
	o.query = strings.Join(query, " ")
	switch {
	case o.json && o.csv:
		return nil, usagef("-json and -csv: choose one")
	case o.n < 0 || o.kwic < 0 || o.kwicLines < 0 || o.facetSize < 1:
		return nil, usagef("-n, -kwic and -kwic-lines must be 0 or more, -facet-size 1 or more")
	case o.saved != "" && o.query != "":
		return nil, usagef("-saved runs saved queries: give no query with it (got %q)", o.query)
	case o.by != "" && o.saved == "":
		return nil, usagef("-by groups the counts of -saved queries; for one query use -facet %s", o.by)
	}
	switch o.kwicSort {
	case search.SortPosition, search.SortLeft, search.SortRight:
	default:
		return nil, usagef("-kwic-sort %q: want position, left or right", o.kwicSort)
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return nil, usagef("-color %q: want auto, always or never", o.color)
	}
	return o, nil
}

// runQuery runs one query and writes its result.
func runQuery(ctx context.Context, s *search.Searcher, o *options, q string, stdout io.Writer) error {
	opts := search.Options{
		Passages:  o.passages,
		Sort:      o.sort,
		Size:      o.n,
		Facets:    splitList(o.facets),
		FacetSize: o.facetSize,
		Context:   o.kwic,
		Lines:     o.kwicLines,
	}
	res, err := s.Search(ctx, q, opts)
	if err != nil {
		return err
	}
	cb := s.Schema().Codebook
	var frames, targets []string
	for _, f := range cb.Frames {
		frames = append(frames, f.ID)
	}
	for _, t := range cb.Targets {
		targets = append(targets, t.ID)
	}
	switch {
	case o.json:
		return search.WriteJSON(stdout, res)
	case o.csv:
		return search.WriteCSV(stdout, res, frames, targets)
	}
	return search.WriteTable(stdout, res, search.TableOptions{
		Query: q, Passages: o.passages, KWICSort: o.kwicSort, Color: useColor(o.color, stdout),
		Frames: frames, Targets: targets,
	})
}

// runSaved runs saved queries: a folder gives the matrix of counts, one file its hits.
func runSaved(ctx context.Context, s *search.Searcher, o *options, stdout io.Writer) error {
	st, err := os.Stat(o.saved)
	if err != nil {
		return err
	}
	if !st.IsDir() && o.by == "" {
		sq, err := search.ReadSaved(o.saved)
		if err != nil {
			return err
		}
		if o.facets == "" {
			o.facets = strings.Join(sq.Facets, ",")
		}
		if err := runQuery(ctx, s, o, sq.Query, stdout); err != nil {
			return fmt.Errorf("%s: %w", o.saved, err)
		}
		return nil
	}
	saved, err := search.LoadSaved(o.saved)
	if err != nil {
		return err
	}
	m, err := s.RunSaved(ctx, saved, o.by, o.passages)
	if err != nil {
		return err
	}
	switch {
	case o.json:
		return m.WriteJSON(stdout)
	case o.csv:
		return m.WriteCSV(stdout)
	}
	return m.WriteTable(stdout)
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// useColor tells whether to highlight: always, never, or auto when w is a terminal and
// NO_COLOR is not set.
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := w.(*os.File)
	return ok && os.Getenv("NO_COLOR") == "" && term.IsTerminal(int(f.Fd()))
}
