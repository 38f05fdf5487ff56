package stats

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeDoc(t *testing.T) {
	d := tinyDocs()[0]
	data, err := json.Marshal(d.Ann)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeDoc(data, strings.Join(d.Words, " "))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Ann, d.Ann) || !reflect.DeepEqual(got.Words, d.Words) {
		t.Errorf("decoded %+v %q, want %+v %q", got.Ann, got.Words, d.Ann, d.Words)
	}
	for _, c := range []struct{ name, in string }{
		{"not JSON", "{"},
		{"no id", `{"chars": 3}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := DecodeDoc([]byte(c.in), ""); err == nil {
				t.Error("no error")
			}
		})
	}
}

// TestReadAnnotationsSample writes the sample corpus's annotations as annotate does (JSON
// Lines), reads them back, and checks that the groups table is the same as from memory.
func TestReadAnnotationsSample(t *testing.T) {
	cb, docs := sampleDocs(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(d.Ann); err != nil {
			t.Fatal(err)
		}
	}
	read, err := ReadAnnotations(&buf, "sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != len(docs) {
		t.Fatalf("read %d annotations of %d", len(read), len(docs))
	}
	want, err := Groups(cb, docs, []string{"source", "month"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Groups(cb, read, []string{"source", "month"})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	Write(&a, want, WriteOptions{})
	Write(&b, got, WriteOptions{})
	if a.String() != b.String() {
		t.Error("groups from JSON Lines differ from groups from memory")
	}
	t.Run("bad line", func(t *testing.T) {
		_, err := ReadAnnotations(strings.NewReader("{\"id\":\"a\"}\n\n[1]\n"), "x.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), "x.jsonl:3: ") {
			t.Errorf("err = %v, want x.jsonl:3", err)
		}
	})
}
