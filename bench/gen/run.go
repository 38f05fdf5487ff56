package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Output formats accepted by -format.
const (
	FormatMarkdown = "md"    // one .md file with YAML front matter per document
	FormatJSONL    = "jsonl" // one JSON object per document, many per file
	FormatMixed    = "mixed" // each document goes to md or jsonl, drawn with the seed
)

// bytesPerMB is the unit of -mb and of the summary: a megabyte is 2^20 bytes.
const bytesPerMB = 1 << 20

// config holds the parsed flags of one run.
type config struct {
	docs        int     // documents to write at least
	out         string  // output folder; must be absent or empty
	seed        uint64  // seed of the random choices
	format      string  // FormatMarkdown, FormatJSONL or FormatMixed
	mb          float64 // megabytes to write at least (0: no minimum)
	corpus      string  // folder of the sample corpus
	dirFiles    int     // most .md files in one folder
	fileRecords int     // most records in one .jsonl file
}

// Run parses args (without the program name), reads the sample corpus, writes the synthetic
// corpus and prints a one-line summary to stdout. Usage and flag errors go to stderr; -h
// returns flag.ErrHelp. It stops between two documents when ctx is cancelled and returns
// ctx.Err(); the files written so far stay, complete.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	s, err := loadSample(cfg.corpus)
	if err != nil {
		return err
	}
	if err := prepareOut(cfg.out); err != nil {
		return err
	}
	sum, err := generate(ctx, cfg, s)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "gen: %d docs, %d files, %.2f MB (%s, seed %d) in %s\n",
		sum.docs, sum.files, float64(sum.bytes)/bytesPerMB, cfg.format, cfg.seed, cfg.out)
	return err
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.docs, "docs", 1000, "number of documents to write (at least)")
	fs.StringVar(&cfg.out, "out", "", "output folder (created; must be absent or empty)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the random choices: the same seed gives the same corpus")
	fs.StringVar(&cfg.format, "format", FormatMarkdown, "output format: md, jsonl or mixed")
	fs.Float64Var(&cfg.mb, "mb", 0, "keep writing past -docs until at least this many MB (2^20 bytes) are written")
	fs.StringVar(&cfg.corpus, "corpus", "corpora", "folder of the sample corpus (essays/*.md, weibo.jsonl, forum.csv)")
	fs.IntVar(&cfg.dirFiles, "dir-files", 1000, "most .md files in one folder")
	fs.IntVar(&cfg.fileRecords, "file-records", 5000, "most records in one .jsonl file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen -docs N -out DIR [-seed S] [-format md|jsonl|mixed] [-mb M] [-corpus DIR]")
		fmt.Fprintln(stderr, "Builds a synthetic benchmark corpus from the sample corpus.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var problems []error
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if cfg.out == "" {
		problems = append(problems, errors.New("-out is required"))
	}
	switch cfg.format {
	case FormatMarkdown, FormatJSONL, FormatMixed:
	default:
		problems = append(problems, fmt.Errorf("-format %q: want md, jsonl or mixed", cfg.format))
	}
	if cfg.docs < 0 {
		problems = append(problems, fmt.Errorf("-docs %d: must not be negative", cfg.docs))
	}
	if cfg.mb < 0 {
		problems = append(problems, fmt.Errorf("-mb %g: must not be negative", cfg.mb))
	}
	if cfg.docs == 0 && cfg.mb == 0 {
		problems = append(problems, errors.New("-docs 0 and no -mb: nothing to write"))
	}
	if cfg.dirFiles < 1 {
		problems = append(problems, fmt.Errorf("-dir-files %d: must be at least 1", cfg.dirFiles))
	}
	if cfg.fileRecords < 1 {
		problems = append(problems, fmt.Errorf("-file-records %d: must be at least 1", cfg.fileRecords))
	}
	if err := errors.Join(problems...); err != nil {
		fs.Usage()
		return cfg, err
	}
	return cfg, nil
}

// prepareOut creates dir, or accepts it when it exists and is empty, so that two runs never
// mix their files.
func prepareOut(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("output folder: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("output folder %s is not empty (%s, …): choose a new one", dir, filepath.Join(dir, entries[0].Name()))
	}
	return nil
}
