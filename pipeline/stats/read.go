package stats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/huashu/huashu/pipeline/model"
)

// DecodeDoc builds a Doc from an annotation as annotate prints it (JSON) and the document's
// words joined by single spaces ("" for none), the two values stats needs of a stored essay.
// The annotation's Text, if any, is dropped: stats never reads the text.
func DecodeDoc(annotation []byte, words string) (Doc, error) {
	var a model.Annotation
	if err := json.Unmarshal(annotation, &a); err != nil {
		return Doc{}, fmt.Errorf("not an annotation: %w", err)
	}
	if a.ID == "" {
		return Doc{}, fmt.Errorf("annotation without an id")
	}
	a.Text = ""
	d := Doc{Ann: &a}
	if words != "" {
		d.Words = strings.Split(words, " ")
	}
	return d, nil
}

// ReadAnnotations reads annotate's JSON Lines from r (name names it in errors, as
// name:line: message) and returns one Doc per line, without words. Blank lines are skipped.
// It holds every annotation in memory: ScanAnnotations streams them.
func ReadAnnotations(r io.Reader, name string) ([]Doc, error) {
	var docs []Doc
	err := ScanAnnotations(r, name, func(d Doc) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// ScanAnnotations reads annotate's JSON Lines from r (name names it in errors, as
// name:line: message) and calls fn with one Doc per line, without words, in the order of
// the lines; blank lines are skipped. Each Doc is decoded afresh and fn may keep it or drop
// it: with an Accumulator's Add as fn, memory does not grow with the number of lines (only
// the longest line is buffered). An error of fn stops the scan and is returned as it is.
func ScanAnnotations(r io.Reader, name string, fn func(Doc) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 256<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		d, err := DecodeDoc(b, "")
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
