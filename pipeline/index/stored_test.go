package index

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

// annotateJSON is an annotation as annotate prints it, without its newline (model's tests
// check AppendJSON against encoding/json).
func annotateJSON(t *testing.T, a *model.Annotation) []byte {
	t.Helper()
	b, err := a.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEssays checks that every essay comes back once, in ID order, with its annotation as
// annotate prints it and its words as FieldText indexes them, whatever the page size.
func TestEssays(t *testing.T) {
	ix, all := sampleIndex(t)
	byID := map[string]*model.Analyzed{}
	var want []string
	for _, a := range all {
		byID[a.Doc.ID] = a
		want = append(want, a.Doc.ID)
	}
	sort.Strings(want)
	defer func(n int) { essayPage = n }(essayPage)
	for _, page := range []int{1000, 7, len(all)} {
		essayPage = page
		var got []string
		err := ix.Essays(context.Background(), nil, func(id string, ann []byte, words string) error {
			got = append(got, id)
			a := byID[id]
			if a == nil {
				t.Fatalf("essay %s was not indexed", id)
			}
			if w := annotateJSON(t, a.Annotation); !bytes.Equal(ann, w) {
				t.Errorf("%s: stored annotation differs from annotate's:\n%.200s\n%.200s", id, ann, w)
			}
			var ws []string
			for _, s := range a.Tokens {
				for _, tok := range s {
					ws = append(ws, strings.ToLower(tok.Text))
				}
			}
			if words != strings.Join(ws, " ") {
				t.Errorf("%s: stored words %.80q, want %.80q", id, words, strings.Join(ws, " "))
			}
			if n := len(strings.Fields(words)); n != a.Annotation.Tokens {
				t.Errorf("%s: %d stored words, annotation counts %d", id, n, a.Annotation.Tokens)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !equal(got, want) {
			t.Errorf("page %d: %d essays %v…, want %d in ID order %v…", page, len(got), head(got), len(want), head(want))
		}
	}
}

func TestEssaysQuery(t *testing.T) {
	ix, _ := sampleIndex(t)
	defer func(n int) { essayPage = n }(essayPage)
	essayPage = 5
	for _, c := range []struct{ name, field, term string }{
		{"frame bubble", FieldCategory, "bubble"},
		{"word", FieldText, "泡沫"},
		{"no essay", FieldCategory, "no-such-frame"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := termQuery(c.field, c.term)
			var got []string
			err := ix.Essays(context.Background(), q, func(id string, _ []byte, _ string) error {
				got = append(got, id)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := ids(t, ix, q); !equal(got, want) {
				t.Errorf("%d essays, want the %d hits of the query", len(got), len(want))
			}
			if c.term != "no-such-frame" && len(got) < 2*essayPage {
				t.Errorf("only %d essays: the query should span pages", len(got))
			}
		})
	}
}

func TestEssaysStop(t *testing.T) {
	ix, _ := sampleIndex(t)
	stop := errors.New("stop")
	n := 0
	err := ix.Essays(context.Background(), nil, func(string, []byte, string) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err %v after %d essays, want fn's error after 3", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Essays(ctx, nil, func(string, []byte, string) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}
