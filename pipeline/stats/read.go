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
func ReadAnnotations(r io.Reader, name string) ([]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 256<<20)
	var docs []Doc
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		d, err := DecodeDoc(b, "")
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return docs, nil
}
