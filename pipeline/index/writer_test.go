package index

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

// docsNamed returns small documents with the given IDs and texts, hashed by their text.
func docsNamed(pairs ...string) []*model.Document {
	var out []*model.Document
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, &model.Document{ID: pairs[i], Path: pairs[i], Text: pairs[i+1], Hash: "h-" + pairs[i+1]})
	}
	return out
}

func TestIncremental(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x.bleve")
	first := analyzeAll(t, docsNamed(
		"a.txt", "所谓“遥遥领先”，不过是营销话术。",
		"b.txt", "Sora并非泡沫，而是生产力的飞跃。",
		"c.txt", "资本炒作之下，泡沫终会破裂。",
	))
	ix, st := write(t, dir, first, Options{})
	if st.Essays != 3 || st.Unchanged != 0 {
		t.Fatalf("first run: %+v, want 3 essays written", st)
	}
	ix.Close()

	t.Run("unchanged corpus re-indexes nothing", func(t *testing.T) {
		ix, st := write(t, dir, first, Options{})
		if st.Essays != 0 || st.Unchanged != 3 || st.Pruned != 0 {
			t.Errorf("second run: %+v, want 3 unchanged, nothing written", st)
		}
		if n, _ := ix.DocCount(); n != 3 {
			t.Errorf("%d documents, want 3", n)
		}
		ix.Close()
	})

	t.Run("changed record replaced, gone record pruned", func(t *testing.T) {
		changed := analyzeAll(t, docsNamed(
			"a.txt", "所谓“遥遥领先”，不过是营销话术。",
			"b.txt", "Sora就是泡沫，资本在割韭菜。",
		))
		ix, st := write(t, dir, changed, Options{})
		if st.Essays != 1 || st.Unchanged != 1 || st.Pruned != 1 {
			t.Errorf("third run: %+v, want 1 written, 1 unchanged, 1 pruned", st)
		}
		if n, _ := ix.DocCount(); n != 2 {
			t.Errorf("%d documents, want 2", n)
		}
		if got := ids(t, ix, queryString(`exact:"割韭菜"`)); !equal(got, []string{"b.txt"}) {
			t.Errorf(`exact:"割韭菜": %v, want the new b.txt`, got)
		}
		if got := ids(t, ix, queryString(`exact:"生产力"`)); len(got) != 0 {
			t.Errorf(`exact:"生产力": %v, want nothing (old b.txt replaced)`, got)
		}
		if got := ids(t, ix, queryString(`exact:"破裂"`)); len(got) != 0 {
			t.Errorf(`exact:"破裂": %v, want nothing (c.txt pruned)`, got)
		}
		ix.Close()
	})
}

func TestCodebookChangeRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x.bleve")
	as := analyzeAll(t, docsNamed("a.txt", "泡沫与炒作。"))
	ix, _ := write(t, dir, as, Options{})
	ix.Close()

	cb := testAnalyzer(t).Codebook()
	other, err := codebook.Parse(append(append([]byte(nil), cb.Raw...), []byte("\n# edited\n")...), "edited.yml")
	if err != nil {
		t.Fatal(err)
	}
	user := testAnalyzer(t).Segmenter().UserDict()
	for _, tc := range []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"other codebook", Options{Codebook: other, UserDict: user}, "-rebuild"},
		{"other user dictionary", Options{Codebook: cb, UserDict: append([]byte("新词 10 n\n"), user...)}, "user dictionary"},
		{"other stance", Options{Codebook: cb, UserDict: user, Stance: "none"}, "stance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenWriter(dir, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error that mentions %q", err, tc.wantErr)
			}
		})
	}
	t.Run("rebuild with the other codebook", func(t *testing.T) {
		w, err := OpenWriter(dir, Options{Codebook: other, UserDict: user, Rebuild: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if ix.Meta.Codebook.SHA256 != other.Hash || ix.Codebook.Hash != other.Hash {
			t.Errorf("meta records codebook %s, want %s", ix.Meta.Codebook.SHA256, other.Hash)
		}
		if n, _ := ix.DocCount(); n != 0 {
			t.Errorf("%d documents after -rebuild, want 0", n)
		}
	})
	t.Run("rebuild refuses a folder that is no index", func(t *testing.T) {
		other := t.TempDir()
		os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep me"), 0o644)
		if _, err := OpenWriter(other, Options{Codebook: cb, UserDict: user, Rebuild: true}); err == nil {
			t.Fatal("no error")
		}
		if _, err := os.Stat(filepath.Join(other, "notes.txt")); err != nil {
			t.Fatalf("the folder was removed: %v", err)
		}
	})
}

// TestSelfContained checks that the index records what built it and analyses queries with
// the recorded user dictionary, not the one of the process.
func TestSelfContained(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x.bleve")
	// A user dictionary word that jieba would otherwise cut: 韭菜镰刀.
	user := append([]byte("韭菜镰刀 100000 n\n"), testAnalyzer(t).Segmenter().UserDict()...)
	doc := &model.Analyzed{
		Doc:        &model.Document{ID: "u.txt", Text: "资本的韭菜镰刀又挥起来了", Hash: "h"},
		Annotation: &model.Annotation{ID: "u.txt", Chars: 12, Paragraphs: []model.Span{{Start: 0, End: 12}}, Sentences: []model.Sentence{{Start: 0, End: 12}}},
		Tokens:     [][]model.Token{{{Text: "资本", Start: 0, End: 2}, {Text: "的", Start: 2, End: 3}, {Text: "韭菜镰刀", Start: 3, End: 7}, {Text: "又", Start: 7, End: 8}, {Text: "挥", Start: 8, End: 9}, {Text: "起来", Start: 9, End: 11}, {Text: "了", Start: 11, End: 12}}},
	}
	w, err := OpenWriter(dir, Options{Codebook: testAnalyzer(t).Codebook(), UserDict: user, Stance: "rules"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(doc); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		t.Fatal(err)
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Huashu != model.Version || m.Format != Format || m.UserDict != string(user) || m.Codebook.YAML != string(testAnalyzer(t).Codebook().Raw) || m.Stance != "rules" {
		t.Errorf("meta: huashu %q format %d stance %q, user dictionary or codebook not recorded", m.Huashu, m.Format, m.Stance)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.LoadAnalyzer(); err != nil {
		t.Fatal(err)
	}
	// The query analyzer of this index keeps 韭菜镰刀 whole, as the recorded dictionary says.
	q := bleve.NewMatchQuery("韭菜镰刀")
	q.SetField(FieldText)
	if got := ids(t, ix, q); !equal(got, []string{"u.txt"}) {
		t.Errorf("text:韭菜镰刀: %v, want u.txt", got)
	}
	toks := ix.Mapping().AnalyzerNamed(WordsAnalyzer).Analyze([]byte("韭菜镰刀"))
	if len(toks) != 1 || string(toks[0].Term) != "韭菜镰刀" {
		t.Errorf("the query analyzer cut 韭菜镰刀 into %d tokens", len(toks))
	}
}
