// Package ingest reads corpora into model.Documents: plain text and Markdown files (one
// document each, Markdown with optional YAML front matter), JSON Lines files (one document
// a line) and CSV/TSV files (one document a row), in UTF-8, UTF-16 with a byte order mark,
// GB18030/GBK or Big5 (the last two told apart by the share of common Chinese characters
// each decoding yields: hanzi.go, made by internal/genhanzi). It streams: a JSONL or CSV
// file is read record by record, never whole.
// CSV and TSV follow RFC 4180's quoting; a row whose quotation marks break it is read again
// line by line, the marks kept as text, as files from the web usually mean them (see
// walker.csv).
//
// A Markdown document's Text is its body after the front matter: offsets of later stages
// point into the body.
//
// Bad input does not stop a walk (until the diag.Log's limit of skips is reached): each
// bad file or record is reported as "path:line:col: reason" and skipped. Lines and
// columns in diagnostics are 1-based; columns count bytes of the decoded UTF-8 line.
package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/model"
)

// DefaultMaxSize is the per-file size limit, in bytes, used when Options.MaxSize is 0.
const DefaultMaxSize = 50 << 20

// Format names, as file extensions map to them and as Options.Format accepts them.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSONL    = "jsonl"
	FormatCSV      = "csv"
	FormatTSV      = "tsv"
	// formatIgnored marks a file of a folder that is not read (its extension is not one of
	// extFormats); the walk reports it as a warning.
	formatIgnored = "ignored"
)

// extFormats maps the extensions read inside a folder (lower-cased) to their format.
var extFormats = map[string]string{
	".txt":      FormatText,
	".md":       FormatMarkdown,
	".markdown": FormatMarkdown,
	".jsonl":    FormatJSONL,
	".ndjson":   FormatJSONL,
	".csv":      FormatCSV,
	".tsv":      FormatTSV,
}

// formatNames maps the names Options.Format accepts to a format.
var formatNames = map[string]string{
	"": FormatText, "text": FormatText, "txt": FormatText,
	"md": FormatMarkdown, "markdown": FormatMarkdown,
	"jsonl": FormatJSONL, "ndjson": FormatJSONL,
	"csv": FormatCSV, "tsv": FormatTSV,
}

// Options control Walk.
type Options struct {
	// TextField names the JSONL key or CSV column (case-insensitive) holding the text;
	// "" tries "text", then "content".
	TextField string
	// MaxSize is the limit in bytes of one file (checked before reading it), and of one
	// JSONL line or one text document read from standard input; 0 means DefaultMaxSize.
	MaxSize int64
	// Format is the format of standard input: "text" (the default), "md", "jsonl", "csv"
	// or "tsv". Files are read by their extension.
	Format string
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// NoHash leaves Document.Hash empty: the index needs it to find what changed, annotate
	// does not (SHA-256 of the text, ~1 % of annotate's time).
	NoHash bool
}

// Walk reads each of paths in turn, in the order given: a file, a folder (its files read
// recursively in lexical order of their paths, hidden files and folders skipped, only
// the extensions .txt .md .markdown .jsonl .ndjson .csv .tsv read), or "-" for standard
// input. A file named directly is read by its extension, as plain text when no reader
// handles it. Walk calls emit for every document, in order, from the calling goroutine;
// emit owns the Document it is given.
//
// Bad input is reported to log (which may be nil) as a Diagnostic with Skipped true, and
// the walk goes on; warnings about a record that is kept have Skipped false. Walk returns
// the first error of emit, ctx.Err(), or the error of log.Report (which wraps
// diag.ErrTooMany) as they are, and an error for an unknown Options.Format. Separate
// calls of Walk share nothing but log and standard input; duplicate IDs are found within
// one call.
func Walk(ctx context.Context, paths []string, opts Options, log *diag.Log, emit func(*model.Document) error) error {
	stdinFormat, ok := formatNames[strings.ToLower(opts.Format)]
	if !ok {
		return fmt.Errorf("ingest: unknown format %q (want text, md, jsonl, csv or tsv)", opts.Format)
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	w := &walker{ctx: ctx, opts: opts, log: log, emit: emit, seen: map[string]origin{}}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if p == "-" {
			err = w.readStdin(stdinFormat)
		} else {
			err = visit(p, func(f file) error {
				if f.format == formatIgnored {
					return w.report(diag.Diagnostic{Path: f.shown, Kind: diag.KindFormat, Reason: "not read: " + f.why})
				}
				return w.readFile(f)
			}, func(path string, err error) error {
				return w.skip(file{shown: path}, 0, 0, diag.KindRead, "cannot read: "+cause(err))
			})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Scan counts the files that Walk would read under paths and the sum of their sizes in
// bytes, without opening them; standard input ("-") counts nothing. It is meant for a
// progress bar. Paths it cannot see are left out of the counts; err is the first such
// problem.
func Scan(paths []string) (files int, size int64, err error) {
	sizes, err := ScanSizes(paths)
	for _, n := range sizes {
		size += n
	}
	return len(sizes), size, err
}

// ScanSizes is Scan file by file: the size in bytes of each file that Walk would read, keyed
// by the Path its documents will carry (relative to its corpus root). Two files of the same
// relative path under different roots share one entry, their sizes added.
func ScanSizes(paths []string) (sizes map[string]int64, err error) {
	sizes = make(map[string]int64)
	fail := func(_ string, e error) error {
		if err == nil {
			err = e
		}
		return nil
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		visit(p, func(f file) error {
			if f.format == formatIgnored {
				return nil
			}
			info, e := os.Stat(f.osPath)
			if e != nil {
				return fail(f.shown, e)
			}
			sizes[f.path] += info.Size()
			return nil
		}, fail)
	}
	return sizes, err
}

// file is one file to read.
type file struct {
	osPath string // the path to open
	path   string // Document.Path: relative to the corpus root, with forward slashes
	shown  string // the path for diagnostics: as the user can open it, forward slashes
	format string
	why    string // with formatIgnored: why the file is not read
}

// notCorpus is why a file of a folder with an extension that no reader handles is not read.
const notCorpus = "not a corpus file (read are .txt .md .markdown .jsonl .ndjson .csv .tsv; name a file to read it as text)"

// readmeNotRead is why a folder's README is not read: it describes the corpus, it is not a
// record of it (a README of the sample corpus would otherwise count in every table).
const readmeNotRead = "a README documents its folder and is not read as a record (name the file to read it)"

// isReadme tells whether a file name is a folder's README (README, README.md, readme.txt …).
func isReadme(name string) bool {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	return strings.EqualFold(base, "readme")
}

// visit calls fn for each file that Walk reads under root: root itself when it is a file
// (plain text when its extension is unknown), else the files of the tree in lexical order
// that have a known extension, hidden files and folders left out. Symbolic links to files
// are followed, links to folders are not. A path that cannot be read goes to fail. The
// first error of fn or fail stops the visit and is returned.
func visit(root string, fn func(file) error, fail func(path string, err error) error) error {
	info, err := os.Stat(root)
	if err != nil {
		return fail(filepath.ToSlash(root), err)
	}
	if !info.IsDir() {
		p := filepath.ToSlash(filepath.Clean(root))
		format, ok := extFormats[strings.ToLower(filepath.Ext(root))]
		if !ok {
			format = FormatText
		}
		return fn(file{osPath: root, path: p, shown: p, format: format})
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fail(filepath.ToSlash(path), err)
		}
		if path == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			if d.Type()&fs.ModeSymlink == 0 {
				return nil // a device, pipe or socket
			}
			target, err := os.Stat(path)
			if err != nil {
				return fail(filepath.ToSlash(path), err)
			}
			if !target.Mode().IsRegular() {
				return nil
			}
		}
		format, ok := extFormats[strings.ToLower(filepath.Ext(path))]
		if !ok || isReadme(d.Name()) {
			// Not a corpus file (LICENSE, an image, a .json, a README): nothing is read from
			// it, and fn is told so that the walk can say it, never leave it out silently.
			why := notCorpus
			if isReadme(d.Name()) {
				why = readmeNotRead
			}
			return fn(file{osPath: path, shown: filepath.ToSlash(path), format: formatIgnored, why: why})
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return fail(filepath.ToSlash(path), err)
		}
		return fn(file{osPath: path, path: filepath.ToSlash(rel), shown: filepath.ToSlash(path), format: format})
	})
}

// cause returns the reason of an error without the path that diagnostics show anyway.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// walker is the state of one Walk. It is used by one goroutine.
type walker struct {
	ctx  context.Context
	opts Options
	log  *diag.Log
	emit func(*model.Document) error
	// seen maps every ID emitted to where it was first read.
	seen  map[string]origin
	shown []string // diagnostic paths of the files read, indexed by origin.file
	// json parses JSON Lines (parseJSONValue); made at the first line. The values it
	// returns are valid until the next line is parsed: decodeJSON copies what it keeps.
	json *fastjson.Parser
	// jsonBuf holds the values of the JSON line being read, as written (parseJSON).
	jsonBuf []byte
}

// origin is where a record was read: an index into walker.shown and a line.
type origin struct {
	file int32
	line int32
}

func (w *walker) report(d diag.Diagnostic) error {
	if w.log == nil {
		return nil
	}
	return w.log.Report(d)
}

// skip reports a skipped record or file of f at line and column (0 for unknown).
func (w *walker) skip(f file, line, col int, kind, reason string) error {
	return w.report(diag.Diagnostic{Path: f.shown, Line: line, Col: col, Kind: kind, Reason: reason, Skipped: true})
}

// warn reports a problem with a record of f that is kept.
func (w *walker) warn(f file, line int, kind, reason string) error {
	return w.report(diag.Diagnostic{Path: f.shown, Line: line, Kind: kind, Reason: reason})
}

// readFile reads one file of the walk.
func (w *walker) readFile(f file) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	w.shown = append(w.shown, f.shown)
	fd, err := os.Open(f.osPath)
	if err != nil {
		return w.skip(f, 0, 0, diag.KindRead, "cannot open: "+cause(err))
	}
	defer fd.Close()
	info, err := fd.Stat()
	if err != nil {
		return w.skip(f, 0, 0, diag.KindRead, "cannot read: "+cause(err))
	}
	if info.IsDir() {
		return w.skip(f, 0, 0, diag.KindRead, "cannot read: is a directory")
	}
	if info.Size() > w.opts.MaxSize {
		return w.skip(f, 0, 0, diag.KindTooLarge, fmt.Sprintf("file is %s, over the limit of %s",
			formatSize(info.Size()), formatSize(w.opts.MaxSize)))
	}
	switch f.format {
	case FormatText, FormatMarkdown:
		data, err := io.ReadAll(io.LimitReader(fd, w.opts.MaxSize+1))
		if err != nil {
			return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
		}
		if int64(len(data)) > w.opts.MaxSize { // it grew since Stat
			return w.skip(f, 0, 0, diag.KindTooLarge, fmt.Sprintf("file is over the limit of %s",
				formatSize(w.opts.MaxSize)))
		}
		return w.whole(f, data)
	}
	rewind := func() (io.Reader, error) {
		_, err := fd.Seek(0, io.SeekStart)
		return fd, err
	}
	cs, err := detect(rewind, false)
	if err != nil {
		return w.rejected(f, err)
	}
	if _, err := rewind(); err != nil {
		return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
	}
	r, err := decodeReader(fd, cs)
	if err != nil {
		return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
	}
	return w.records(f, r)
}

// rejected reports an input that detect or decodeBytes refused, or could not read.
func (w *walker) rejected(f file, err error) error {
	var rej *rejection
	if errors.As(err, &rej) {
		return w.skip(f, 0, 0, rej.kind, rej.reason)
	}
	return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
}

// stdinPeek is how much of standard input decides its encoding when it holds records.
const stdinPeek = 64 << 10

// readStdin reads standard input as a file of the given format.
func (w *walker) readStdin(format string) error {
	f := file{path: "-", shown: "<stdin>", format: format}
	w.shown = append(w.shown, f.shown)
	switch format {
	case FormatText, FormatMarkdown:
		data, err := io.ReadAll(io.LimitReader(w.opts.Stdin, w.opts.MaxSize+1))
		if err != nil {
			return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
		}
		if int64(len(data)) > w.opts.MaxSize {
			return w.skip(f, 0, 0, diag.KindTooLarge, fmt.Sprintf("input is over the limit of %s",
				formatSize(w.opts.MaxSize)))
		}
		return w.whole(f, data)
	}
	// Records stream: the encoding is decided on a prefix, and each record is checked.
	br := bufio.NewReaderSize(w.opts.Stdin, stdinPeek)
	head, err := br.Peek(stdinPeek)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
	}
	partial := err == nil
	cs, err := detect(func() (io.Reader, error) { return bytes.NewReader(head), nil }, partial)
	if err != nil {
		return w.rejected(f, err)
	}
	r, err := decodeReader(br, cs)
	if err != nil {
		return w.skip(f, 0, 0, diag.KindRead, "read error: "+cause(err))
	}
	return w.records(f, r)
}

// whole makes one document of a whole text or Markdown input.
func (w *walker) whole(f file, data []byte) error {
	text, err := decodeBytes(data)
	if err != nil {
		return w.rejected(f, err)
	}
	var fl fields
	empty := "no text"
	if f.format == FormatMarkdown {
		yamlText, body, ok, unclosed := frontMatter(text)
		if unclosed {
			if err := w.warn(f, 1, diag.KindFrontMat,
				`front matter opened by "---" is never closed; the whole file is read as text`); err != nil {
				return err
			}
		}
		if ok {
			text, empty = body, "no text after the front matter"
			bad, dateLine := applyFrontMatter(yamlText, &fl)
			if bad != nil {
				bad.Path = f.shown
				if err := w.report(*bad); err != nil {
					return err
				}
			}
			if fl.badDate != "" {
				if err := w.warn(f, dateLine, diag.KindFrontMat, badDateReason(fl.badDate)); err != nil {
					return err
				}
			}
		}
	}
	if strings.TrimSpace(text) == "" {
		return w.skip(f, 0, 0, diag.KindNoText, empty)
	}
	fl.doc.Text = text
	return w.add(f, 0, &fl)
}

func badDateReason(date string) string {
	return fmt.Sprintf("date %q is not a date like 2024-02-18; kept as given", date)
}

// add completes a record's document (ID, Path, Line, Hash) and emits it, unless its ID
// was seen before in this walk.
func (w *walker) add(f file, line int, fl *fields) error {
	d := &fl.doc
	d.Path, d.Line, d.ID = f.path, line, fl.id
	if d.ID == "" {
		d.ID = f.path
		if line > 0 {
			d.ID += "#L" + strconv.Itoa(line)
		}
	}
	if first, dup := w.seen[d.ID]; dup {
		at := w.shown[first.file]
		if first.line > 0 {
			at += ":" + strconv.Itoa(int(first.line))
		}
		return w.skip(f, line, 0, diag.KindDuplicate, fmt.Sprintf("duplicate id %q, first read at %s", d.ID, at))
	}
	w.seen[d.ID] = origin{file: int32(len(w.shown) - 1), line: int32(line)}
	if !w.opts.NoHash {
		d.Hash = contentHash(d)
	}
	return w.emit(d)
}

// formatSize formats a size in bytes for a message.
func formatSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
