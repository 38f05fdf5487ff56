// Package diag collects diagnostics about bad input: each one names a place (file, line,
// column) and a reason, is printed as soon as it is reported, and is counted by kind for the
// summary at the end of a run. It imports nothing of the project.
package diag

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Kinds of diagnostic, used to count skipped records by reason in summaries.
const (
	KindRead      = "unreadable"   // the file could not be read
	KindBinary    = "binary"       // a binary file (NUL bytes, image header)
	KindEncoding  = "encoding"     // bytes that decode in no supported encoding
	KindTooLarge  = "too-large"    // a file over the size limit
	KindJSON      = "bad-json"     // a malformed JSON line
	KindCSV       = "bad-csv"      // a CSV/TSV row that does not parse or has the wrong number of fields
	KindNoText    = "no-text"      // a record with no text
	KindFrontMat  = "front-matter" // unreadable YAML front matter (the record is kept, metadata lost)
	KindDuplicate = "duplicate-id" // a second record with an ID already seen
	KindPanic     = "internal"     // analysis of the record failed; a bug, reported rather than lost
	KindFormat    = "unsupported"  // a file whose extension no reader handles
)

// Diagnostic is one problem at one place.
type Diagnostic struct {
	// Path is the file, as the user named it or relative to the corpus root.
	Path string
	// Line and Col are 1-based; 0 means unknown (the whole file, or the whole line).
	Line int
	Col  int
	// Kind is one of the Kind constants.
	Kind string
	// Reason says what is wrong, in words a user understands.
	Reason string
	// Skipped is true when the record (or file) was left out of the output; false for a
	// warning about a record that was kept.
	Skipped bool
}

// String formats d as "path:line:col: reason", leaving out unknown parts.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if !d.Skipped {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Reason)
	return b.String()
}

// ErrTooMany is returned by Log.Report once the log holds its maximum number of skips.
var ErrTooMany = errors.New("too many errors")

// Log collects diagnostics. It is safe for concurrent use.
type Log struct {
	mu      sync.Mutex
	w       io.Writer
	max     int
	all     []Diagnostic
	skipped int
	byKind  map[string]int
}

// NewLog returns a Log that prints each diagnostic to w as it is reported (w may be nil)
// and, when max > 0, makes Report return ErrTooMany once max records were skipped.
func NewLog(w io.Writer, max int) *Log {
	return &Log{w: w, max: max, byKind: map[string]int{}}
}

// Report records d and prints it. It returns ErrTooMany when the limit of skipped records
// is reached; the caller should stop.
func (l *Log) Report(d Diagnostic) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, d)
	if l.w != nil {
		fmt.Fprintln(l.w, d.String())
	}
	if !d.Skipped {
		return nil
	}
	l.skipped++
	l.byKind[d.Kind]++
	if l.max > 0 && l.skipped >= l.max {
		return fmt.Errorf("%w: stopped after %d skipped records (-max-errors)", ErrTooMany, l.skipped)
	}
	return nil
}

// Skipped returns the number of records skipped so far.
func (l *Log) Skipped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.skipped
}

// All returns a copy of every diagnostic reported, in order.
func (l *Log) All() []Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Diagnostic(nil), l.all...)
}

// Summary returns the skipped counts by kind as "3 binary, 1 bad-json", kinds sorted, or ""
// when nothing was skipped.
func (l *Log) Summary() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	kinds := make([]string, 0, len(l.byKind))
	for k := range l.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", l.byKind[k], k)
	}
	return strings.Join(parts, ", ")
}

// ByKind returns a copy of the skipped counts by kind.
func (l *Log) ByKind() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.byKind))
	for k, v := range l.byKind {
		out[k] = v
	}
	return out
}
