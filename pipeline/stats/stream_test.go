package stats

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"unsafe"
	"weak"

	"github.com/huashu/huashu/pipeline/model"
)

// The accumulators of the tables, as cmd/stats uses them.
var (
	_ Accumulator = (*DocsAcc)(nil)
	_ Accumulator = (*GroupsAcc)(nil)
	_ Accumulator = (*MarkersAcc)(nil)
	_ Accumulator = (*CooccurrenceAcc)(nil)
	_ Accumulator = (*CollocatesAcc)(nil)
)

// keynessSplit adds its first half documents to the target of a KeynessAcc, the others to
// the reference.
type keynessSplit struct {
	acc     *KeynessAcc
	n, half int
}

func (k *keynessSplit) Add(d Doc) {
	if k.n < k.half {
		k.acc.AddTarget(d)
	} else {
		k.acc.AddReference(d)
	}
	k.n++
}

func (k *keynessSplit) Table() (*Table, error) { return k.acc.Table() }

// handles are weak pointers to what a document added to an accumulator is made of.
type handles struct {
	ann   weak.Pointer[model.Annotation]
	words weak.Pointer[string] // the backing array of Doc.Words
	text  weak.Pointer[byte]   // the text the words are cut from
}

func (h handles) alive() []string {
	var alive []string
	if h.ann.Value() != nil {
		alive = append(alive, "annotation")
	}
	if h.words.Value() != nil {
		alive = append(alive, "word list")
	}
	if h.text.Value() != nil {
		alive = append(alive, "words' text")
	}
	return alive
}

// addFresh decodes a document from its stored form (annotation JSON and words joined by
// spaces, as an index stores an essay), adds it to acc, then overwrites it, and returns weak
// pointers to its parts.
//
//go:noinline
func addFresh(t *testing.T, acc Accumulator, annotation []byte, words string) handles {
	d, err := DecodeDoc(annotation, words)
	if err != nil {
		t.Fatal(err)
	}
	h := handles{ann: weak.Make(d.Ann)}
	if len(d.Words) > 0 {
		h.words = weak.Make(&d.Words[0])
		h.text = weak.Make(unsafe.StringData(words))
	}
	acc.Add(d)
	// What the accumulator should have copied is now gone from the document.
	clear(d.Ann.Meta)
	clear(d.Ann.Markers)
	clear(d.Ann.Sentences)
	clear(d.Ann.Stance)
	*d.Ann = model.Annotation{ID: "overwritten"}
	for i := range d.Words {
		d.Words[i] = "覆盖"
	}
	return h
}

// TestAccumulatorsStream streams the sample corpus through every accumulator one document
// at a time, as cmd/stats streams an index: each document is decoded afresh from its stored
// form, added, and then overwritten. Each table must equal the one the []Doc function makes
// of the intact corpus (an accumulator that kept documents to read them later would read the
// overwritten ones), and after a garbage collection no annotation, word list or words' text
// that was added may still be reachable (an accumulator that kept a reference to one would
// hold the whole corpus in memory, as cmd/stats did before it streamed).
func TestAccumulatorsStream(t *testing.T) {
	cb, docs := sampleDocs(t)
	half := len(docs) / 2
	must := func(tab *Table, err error) *Table {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	keyness, err := NewKeynessAcc(KeynessOptions{Correction: CorrectionWilliams})
	if err != nil {
		t.Fatal(err)
	}
	collocates, err := NewCollocatesAcc(CollocateOptions{Term: "泡沫", Window: 3})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		acc  Accumulator
		want *Table
	}{
		{"docs", NewDocsAcc(cb), Docs(cb, docs)},
		{"groups by source and month", NewGroupsAcc(cb, []string{"source", "month"}), must(Groups(cb, docs, []string{"source", "month"}))},
		{"markers", NewMarkersAcc(cb), Markers(cb, docs)},
		{"cooccurrence", NewCooccurrenceAcc(cb), Cooccurrence(cb, docs)},
		{"keyness", &keynessSplit{acc: keyness, half: half},
			must(Keyness(docs[:half], docs[half:], KeynessOptions{Correction: CorrectionWilliams}))},
		{"collocates", collocates, must(Collocates(docs, CollocateOptions{Term: "泡沫", Window: 3}))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var hs []handles
			for _, d := range docs {
				ann, err := json.Marshal(d.Ann)
				if err != nil {
					t.Fatal(err)
				}
				hs = append(hs, addFresh(t, c.acc, ann, strings.Join(d.Words, " ")))
			}
			runtime.GC()
			for i, h := range hs {
				if alive := h.alive(); alive != nil {
					t.Fatalf("document %d (%s): its %s still reachable after Add and a collection", i, docs[i].Ann.ID, strings.Join(alive, ", "))
				}
			}
			got, err := c.acc.Table()
			if err != nil {
				t.Fatal(err)
			}
			var g, w bytes.Buffer
			if err := Write(&g, got, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := Write(&w, c.want, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			if g.String() != w.String() {
				t.Errorf("streamed table differs from the table of the corpus in memory:\n%s\nwant\n%s", head(g.String()), head(w.String()))
			}
			if len(got.Rows) == 0 {
				t.Error("empty table")
			}
		})
	}
}

// head returns the first lines of a CSV, for a failure message.
func head(s string) string {
	lines := strings.SplitN(s, "\n", 6)
	return strings.Join(lines[:min(5, len(lines))], "\n")
}

// TestScanAnnotations checks that ScanAnnotations hands over the lines one at a time, in
// order, and stops at the first error, of a line or of fn.
func TestScanAnnotations(t *testing.T) {
	stop := errors.New("stop")
	cases := []struct {
		name    string
		in      string
		stopAt  string // fn returns stop for the document with this ID
		wantIDs []string
		wantErr string // prefix of the error; "" for none
	}{
		{"every line in order", "{\"id\":\"b\"}\n\n  {\"id\":\"a\"}\n{\"id\":\"c\"}", "", []string{"b", "a", "c"}, ""},
		{"bad line after good ones", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"chars\":1}\n{\"id\":\"c\"}\n", "", []string{"a", "b"}, "x.jsonl:3: annotation without an id"},
		{"fn stops the scan", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n", "b", []string{"a", "b"}, "stop"},
		{"empty input", "", "", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ids []string
			err := ScanAnnotations(strings.NewReader(c.in), "x.jsonl", func(d Doc) error {
				ids = append(ids, d.Ann.ID)
				if d.Ann.ID == c.stopAt {
					return stop
				}
				return nil
			})
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case c.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), c.wantErr)):
				t.Fatalf("err = %v, want %q", err, c.wantErr)
			case c.stopAt != "" && !errors.Is(err, stop):
				t.Fatalf("err = %v, want fn's error as it is", err)
			}
			if strings.Join(ids, " ") != strings.Join(c.wantIDs, " ") {
				t.Errorf("documents %q, want %q", ids, c.wantIDs)
			}
		})
	}
}
