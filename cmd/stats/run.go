package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/index"
	"github.com/huashu/huashu/pipeline/search"
	"github.com/huashu/huashu/pipeline/segment"
	"github.com/huashu/huashu/pipeline/stats"
	"github.com/huashu/huashu/pipeline/stats/chart"
)

// Tables that -table names.
var tableNames = []string{"docs", "groups", "markers", "cooccurrence", "keyness", "collocates"}

// config holds the parsed flags.
type config struct {
	index       string
	query       string
	annotations string
	codebook    string
	table       string
	by          []string
	compare     []string
	term        string
	window      int
	min         int
	correction  string
	format      string
	excel, long bool
	out         string
	chart       string
	frames      []string
	font        string
	export      string
	importFile  string
	dictDir     string
	// tableSet, indexSet and codebookSet say that -table, -index and -codebook were given.
	tableSet, indexSet, codebookSet bool
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: stats [flags]

Writes a table of frame statistics (CSV by default, to standard output) and, with -chart,
draws a chart, from the index that cmd/index builds (-index, -query) or from annotate's
JSON Lines (-annotations). Columns are named <id>_<measure> (bubble_hits, bubble_per_1k, us_ai_favor);
docs/stats.md lists them all.

Tables (-table): docs, groups (-by), markers, cooccurrence, keyness (-compare A B),
collocates (-term).

Flags:
`)
		fs.PrintDefaults()
	}
	var by, frames, compareA string
	fs.StringVar(&c.index, "index", "huashu.bleve", "read the essays of the index in `DIR` (built by cmd/index)")
	fs.StringVar(&c.query, "query", "", "only the essays that `QUERY` finds (the query language of docs/query.md, as cmd/search)")
	fs.StringVar(&c.annotations, "annotations", "", "read annotate's JSON Lines from `FILE` (- for standard input) instead of an index")
	fs.StringVar(&c.codebook, "codebook", "", "codebook YAML `FILE` the annotations were made with (default: the embedded codebook; an index carries its own)")
	fs.StringVar(&c.table, "table", "groups", "`TABLE`: "+strings.Join(tableNames, ", "))
	fs.StringVar(&by, "by", "", "group by `KEYS`, comma-separated: source, author, month, year, date, title, or a metadata key")
	fs.StringVar(&compareA, "compare", "", "keyness of the documents of `QUERY_A` against those of QUERY_B, the next argument")
	fs.StringVar(&c.term, "term", "", "node `WORD` of the collocates table")
	fs.IntVar(&c.window, "window", 5, "collocates: `N` words on each side")
	fs.IntVar(&c.min, "min", 0, "keyness: leave out features seen fewer than `N` times in all; collocates: fewer than N times near the term")
	fs.StringVar(&c.correction, "correction", "default", "keyness G² correction, as quanteda's: default (Yates where needed), yates, williams, none; or rayson (AntConc's two-cell log-likelihood)")
	fs.StringVar(&c.format, "format", "", "`FORMAT` of the table: csv, tsv or json (default: from -o's extension, else csv)")
	fs.BoolVar(&c.excel, "excel", false, "start CSV/TSV with a UTF-8 byte order mark and use CRLF, so that Excel shows the Chinese")
	fs.BoolVar(&c.long, "long", false, "tidy long format: one row per row and measure (for R and pandas)")
	fs.StringVar(&c.out, "o", "", "write the table to `FILE` (default: standard output)")
	fs.StringVar(&c.chart, "chart", "", "draw the groups as a chart in `FILE` (.svg or .png): frame shares as stacked bars, or frame rates as lines with -by month or year")
	fs.StringVar(&frames, "frames", "", "chart only these frame `IDS`, comma-separated (default: every frame)")
	fs.StringVar(&c.font, "font", os.Getenv("HUASHU_CJK_FONT"), "CJK font `FILE` for a PNG chart (default $HUASHU_CJK_FONT, else one found on the system)")
	fs.StringVar(&c.export, "export-codebook", "", "write the codebook as a `FORMAT` dictionary: quanteda (YAML, patterns split as jieba cuts them) or liwc (.dic)")
	fs.StringVar(&c.importFile, "codebook-import", "", "read a quanteda YAML (.yml, .yaml) or LIWC (.dic) dictionary `FILE` and write it as a huashu codebook")
	fs.StringVar(&c.dictDir, "dict-dir", "", "jieba dictionary `DIR` for -export-codebook quanteda (default $HUASHU_DICT_DIR, else gojieba's)")
	usage := func(format string, args ...any) error {
		fmt.Fprintf(stderr, "stats: "+format+"\n", args...)
		return errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	rest := fs.Args()
	if compareA != "" {
		// -compare takes two queries: the second is the next argument; flags may follow it.
		if len(rest) == 0 {
			return nil, usage("-compare needs two queries: -compare 'QUERY A' 'QUERY B'")
		}
		c.compare = []string{compareA, rest[0]}
		if err := fs.Parse(rest[1:]); err != nil {
			return nil, errUsage
		}
		rest = fs.Args()
	}
	if len(rest) > 0 {
		return nil, usage("unexpected argument %q (quote a query that has spaces)", rest[0])
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "table":
			c.tableSet = true
		case "index":
			c.indexSet = true
		case "codebook":
			c.codebookSet = true
		}
	})
	c.by, c.frames = splitList(by), splitList(frames)
	if c.compare != nil && !c.tableSet {
		c.table = "keyness"
	}
	known := false
	for _, t := range tableNames {
		known = known || t == c.table
	}
	if !known {
		return nil, usage("-table %q: want one of %s", c.table, strings.Join(tableNames, ", "))
	}
	switch {
	case c.table == "keyness" && c.compare == nil:
		return nil, usage("-table keyness needs -compare 'QUERY A' 'QUERY B'")
	case c.compare != nil && c.table != "keyness":
		return nil, usage("-compare makes the keyness table, not -table %s", c.table)
	case c.compare != nil && c.chart != "":
		return nil, usage("-chart draws groups of documents; it does not go with -compare")
	case c.annotations != "" && (c.indexSet || c.query != "" || c.compare != nil):
		return nil, usage("-annotations reads every document of a file; -index, -query and -compare read an index: give one or the other")
	case c.annotations == "" && c.codebookSet && c.export == "" && c.importFile == "":
		return nil, usage("-codebook goes with -annotations: an index carries the codebook it was built with")
	case c.table == "collocates" && c.term == "":
		return nil, usage("-table collocates needs -term WORD")
	case c.window < 1:
		return nil, usage("-window must be at least 1")
	}
	if c.format == "" {
		switch strings.ToLower(filepath.Ext(c.out)) {
		case ".tsv", ".tab":
			c.format = "tsv"
		case ".json":
			c.format = "json"
		default:
			c.format = "csv"
		}
	}
	switch c.format {
	case "csv", "tsv", "json":
	default:
		return nil, usage("-format %q: want csv, tsv or json", c.format)
	}
	if c.chart != "" {
		switch strings.ToLower(filepath.Ext(c.chart)) {
		case ".svg", ".png":
		default:
			return nil, usage("-chart %q: the file must end in .svg or .png", c.chart)
		}
	}
	switch c.export {
	case "", "quanteda", "liwc":
	default:
		return nil, usage("-export-codebook %q: want quanteda or liwc", c.export)
	}
	return c, nil
}

// Run runs the command with args (without the program name); stdin is read for
// -annotations -.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	switch {
	case c.importFile != "":
		return importCodebook(c, stdout)
	case c.export != "":
		cb, err := exportedCodebook(c)
		if err != nil {
			return err
		}
		return exportCodebook(c, cb, stdout)
	case c.annotations != "":
		cb, err := loadCodebook(c.codebook)
		if err != nil {
			return err
		}
		acc, err := newTables(c, cb)
		if err != nil {
			return err
		}
		if err := scanAnnotations(c.annotations, stdin, acc.add); err != nil {
			return err
		}
		return report(c, acc, stdout)
	}
	ix, err := openIndex(c.index)
	if err != nil {
		return err
	}
	defer ix.Close()
	schema := search.NewSchema(ix)
	if c.compare != nil {
		return compare(ctx, c, ix, schema, stdout)
	}
	plan, err := compileQuery(ix, schema, namedQuery{"query", c.query})
	if err != nil {
		return err
	}
	acc, err := newTables(c, ix.Codebook)
	if err != nil {
		return err
	}
	if err := eachIndexDoc(ctx, ix, plan, acc.add); err != nil {
		return err
	}
	if acc.n == 0 {
		fmt.Fprintf(stderr, "stats: no essay: the index at %s is empty or the query finds none\n", c.index)
	}
	return report(c, acc, stdout)
}

// compare writes the keyness table of the essays of ix that the two queries of -compare
// (each with -query) find, reading one essay at a time.
func compare(ctx context.Context, c *config, ix *index.Index, schema *search.Schema, stdout io.Writer) error {
	names := [2]string{"query A", "query B"}
	var plans [2]*search.Plan
	for i, name := range names {
		var err error
		if plans[i], err = compileQuery(ix, schema, namedQuery{"query", c.query}, namedQuery{name, c.compare[i]}); err != nil {
			return err
		}
	}
	acc, err := stats.NewKeynessAcc(stats.KeynessOptions{Correction: stats.Correction(c.correction), Min: c.min})
	if err != nil {
		return err
	}
	for i, add := range [2]func(stats.Doc){acc.AddTarget, acc.AddReference} {
		n := 0
		err := eachIndexDoc(ctx, ix, plans[i], func(d stats.Doc) error {
			add(d)
			n++
			return nil
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("-compare: %s %q finds no essay", names[i], c.compare[i])
		}
	}
	tab, err := acc.Table()
	if err != nil {
		return err
	}
	return writeTable(c, tab, stdout)
}

// exportedCodebook is the codebook -export-codebook writes: -codebook FILE, else the index's
// when -index is given, else the embedded one.
func exportedCodebook(c *config) (*codebook.Codebook, error) {
	if c.codebookSet || !c.indexSet {
		return loadCodebook(c.codebook)
	}
	ix, err := openIndex(c.index)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	return ix.Codebook, nil
}

// tables accumulates, one document at a time, the table that c asks for and the groups
// table of its chart.
type tables struct {
	// cb is the codebook the documents were annotated with.
	cb    *codebook.Codebook
	table stats.Accumulator
	// groups accumulates the groups table for -chart when the table is another; else nil.
	groups stats.Accumulator
	// n counts the documents added.
	n int
}

// newTables returns the accumulators of c's table (not keyness: see compare) and chart.
func newTables(c *config, cb *codebook.Codebook) (*tables, error) {
	t := &tables{cb: cb}
	switch c.table {
	case "docs":
		t.table = stats.NewDocsAcc(cb)
	case "groups":
		t.table = stats.NewGroupsAcc(cb, c.by)
	case "markers":
		t.table = stats.NewMarkersAcc(cb)
	case "cooccurrence":
		t.table = stats.NewCooccurrenceAcc(cb)
	case "collocates":
		acc, err := stats.NewCollocatesAcc(stats.CollocateOptions{Term: c.term, Window: c.window, Min: c.min})
		if err != nil {
			return nil, err
		}
		t.table = acc
	default:
		return nil, fmt.Errorf("no accumulator for table %q", c.table)
	}
	if c.chart != "" && c.table != "groups" {
		t.groups = stats.NewGroupsAcc(cb, c.by)
	}
	return t, nil
}

// add adds d to the accumulators; d is not kept. The error is always nil: add is the
// callback of a document reader.
func (t *tables) add(d stats.Doc) error {
	t.n++
	t.table.Add(d)
	if t.groups != nil {
		t.groups.Add(d)
	}
	return nil
}

// report computes the table and the chart of c from the documents added to acc, and writes
// them.
func report(c *config, acc *tables, stdout io.Writer) error {
	tab, err := acc.table.Table()
	if err != nil {
		return err
	}
	if c.chart != "" {
		groups := tab
		if acc.groups != nil {
			if groups, err = acc.groups.Table(); err != nil {
				return err
			}
		}
		if err := drawChart(c, acc.cb, groups); err != nil {
			return err
		}
		if !c.tableSet && c.out == "" {
			return nil // -chart alone draws the chart only
		}
	}
	return writeTable(c, tab, stdout)
}

// writeTable writes tab to -o or stdout.
func writeTable(c *config, tab *stats.Table, stdout io.Writer) error {
	opts := stats.WriteOptions{Format: stats.Format(c.format), Excel: c.excel, Long: c.long}
	if c.out == "" {
		return stats.Write(stdout, tab, opts)
	}
	var buf bytes.Buffer
	if err := stats.Write(&buf, tab, opts); err != nil {
		return err
	}
	return os.WriteFile(c.out, buf.Bytes(), 0o644)
}

// isTime tells whether the grouping is by time, which is drawn as lines.
func isTime(by []string) bool {
	return len(by) == 1 && (by[0] == "month" || by[0] == "year" || by[0] == "date")
}

// drawChart draws the groups table as c.chart asks.
func drawChart(c *config, cb *codebook.Codebook, groups *stats.Table) error {
	var ch *chart.Chart
	var err error
	if isTime(c.by) {
		ch, err = chart.Rates(cb, groups, c.frames)
	} else {
		ch, err = chart.Shares(cb, groups, c.frames)
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if strings.EqualFold(filepath.Ext(c.chart), ".png") {
		var f *chart.Font
		if c.font != "" {
			f, err = chart.LoadFont(c.font)
		} else {
			f, err = chart.FindFont()
		}
		if err != nil {
			return err
		}
		err = ch.PNG(&buf, f)
	} else {
		err = ch.SVG(&buf)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(c.chart, buf.Bytes(), 0o644)
}

func loadCodebook(file string) (*codebook.Codebook, error) {
	if file == "" {
		return codebook.Default()
	}
	return codebook.Load(file)
}

// scanAnnotations calls fn for each annotation of annotate's JSON Lines in file ("-" is
// stdin), one at a time.
func scanAnnotations(file string, stdin io.Reader, fn func(stats.Doc) error) error {
	if file == "-" {
		return stats.ScanAnnotations(stdin, "standard input", fn)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	return stats.ScanAnnotations(f, file, fn)
}

// exportCodebook writes cb as a quanteda or LIWC dictionary.
func exportCodebook(c *config, cb *codebook.Codebook, stdout io.Writer) error {
	var buf bytes.Buffer
	switch c.export {
	case "quanteda":
		// Plain jieba, as an R user's jiebaR cuts the text: quanteda's tokens_lookup then
		// matches the split patterns on those tokens.
		seg, err := segment.New(segment.Options{DictDir: c.dictDir})
		if err != nil {
			return err
		}
		defer seg.Close()
		if err := cb.WriteQuanteda(&buf, seg.Cut); err != nil {
			return err
		}
	case "liwc":
		if err := cb.WriteLIWC(&buf); err != nil {
			return err
		}
	}
	return output(c.out, buf.Bytes(), stdout)
}

// importCodebook reads a quanteda or LIWC dictionary and writes it as a codebook YAML.
func importCodebook(c *config, stdout io.Writer) error {
	f, err := os.Open(c.importFile)
	if err != nil {
		return err
	}
	defer f.Close()
	var cb *codebook.Codebook
	switch strings.ToLower(filepath.Ext(c.importFile)) {
	case ".dic":
		cb, err = codebook.ReadLIWC(f, c.importFile)
	case ".yml", ".yaml":
		cb, err = codebook.ReadQuanteda(f, c.importFile)
	default:
		return fmt.Errorf("-codebook-import %s: the file must end in .yml or .yaml (quanteda) or .dic (LIWC)", c.importFile)
	}
	if err != nil {
		return err
	}
	return output(c.out, cb.Raw, stdout)
}

func output(file string, data []byte, stdout io.Writer) error {
	if file == "" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
