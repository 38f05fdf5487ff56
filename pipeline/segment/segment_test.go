package segment

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// shared is one Segmenter for the package's tests: building one costs ~0.5 s and ~130 MB.
var (
	sharedOnce sync.Once
	shared     *Segmenter
	sharedErr  error
)

func testSegmenter(t testing.TB) *Segmenter {
	t.Helper()
	sharedOnce.Do(func() {
		shared, sharedErr = New(Options{Words: []string{"遥遥领先", "断层式领先", "赢麻了", "GPT-4"}})
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	s := testSegmenter(t)
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"codebook phrase stays whole", "美国又一次遥遥领先。", []Token{
			{"美国", 0, 6}, {"又", 6, 9}, {"一次", 9, 15}, {"遥遥领先", 15, 27}, {"。", 27, 30}}},
		{"coined phrase stays whole", "断层式领先", []Token{{"断层式领先", 0, 15}}},
		{"empty", "", nil},
		{"invalid byte gets no token and offsets stay exact", "芯片\xff算力", []Token{
			{"芯片", 0, 6}, {"算力", 7, 13}}},
		{"NUL does not end the text", "芯片\x00算力", []Token{
			{"芯片", 0, 6}, {"算力", 7, 13}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Tokenize(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Tokenize(%q)\n got %v\nwant %v", tc.in, got, tc.want)
			}
			for _, tok := range got {
				if tc.in[tok.Start:tok.End] != tok.Text {
					t.Errorf("text[%d:%d] = %q, token %q", tok.Start, tok.End, tc.in[tok.Start:tok.End], tok.Text)
				}
			}
		})
	}
}

func TestTokenizeCoversText(t *testing.T) {
	s := testSegmenter(t)
	in := seedOrSample(t)
	toks := s.Tokenize(in)
	pos := 0
	for _, tok := range toks {
		if tok.Start != pos {
			t.Fatalf("gap or overlap at byte %d: next token %+v", pos, tok)
		}
		if !utf8.ValidString(tok.Text) || in[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %+v does not match the text", tok)
		}
		pos = tok.End
	}
	if pos != len(in) {
		t.Fatalf("tokens end at %d, text has %d bytes", pos, len(in))
	}
}

func TestTokenizeSearchHasSubwords(t *testing.T) {
	s := testSegmenter(t)
	got := strings.Join(texts(s.TokenizeSearch("中华人民共和国")), "/")
	for _, w := range []string{"中华", "人民", "共和国", "中华人民共和国"} {
		if !strings.Contains("/"+got+"/", "/"+w+"/") {
			t.Errorf("search mode %q lacks %q", got, w)
		}
	}
}

func TestLongTextIsChunked(t *testing.T) {
	s := testSegmenter(t)
	in := strings.Repeat("算力芯片", 60000) // 1.4 MB without a separator
	toks := s.Tokenize(in)
	if len(toks) == 0 || toks[len(toks)-1].End != len(in) {
		t.Fatalf("long text: %d tokens, last ends at %d of %d", len(toks), toks[len(toks)-1].End, len(in))
	}
}

func TestConcurrentUseGivesSameWords(t *testing.T) {
	s := testSegmenter(t)
	in := seedOrSample(t)
	want := s.Tokenize(in)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := s.Tokenize(in); !reflect.DeepEqual(got, want) {
				errs <- "concurrent Tokenize gave different tokens"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.dict")
	if err := os.WriteFile(bad, []byte("好词 100 n\n坏 词 x y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badFreq := filepath.Join(dir, "badfreq.dict")
	if err := os.WriteFile(badFreq, []byte("好词 many n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"missing dictionary folder names the fix", Options{DictDir: filepath.Join(dir, "nope")}, "pass -dict-dir DIR or set HUASHU_DICT_DIR"},
		{"user dictionary line with too many fields", Options{UserDict: bad}, "bad.dict:2: want \"word [freq] [tag]\""},
		{"user dictionary frequency not a number", Options{UserDict: badFreq}, "badfreq.dict:1: frequency \"many\""},
		{"missing user dictionary", Options{UserDict: filepath.Join(dir, "none.dict")}, "none.dict"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.opts)
			if err == nil {
				s.Close()
				t.Fatal("New succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

func TestEnvDictDirAndUserDict(t *testing.T) {
	dir := t.TempDir()
	src := testSegmenter(t).DictDir()
	for _, f := range dictFiles {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	user := filepath.Join(dir, "mine.dict")
	if err := os.WriteFile(user, []byte("\uFEFF# my words\n鸡肋大模型 1000 n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvDictDir, dir)
	s, err := New(Options{UserDict: user})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.DictDir() != dir {
		t.Errorf("DictDir = %q, want %q from $%s", s.DictDir(), dir, EnvDictDir)
	}
	if got := texts(s.Tokenize("这是鸡肋大模型")); !reflect.DeepEqual(got, []string{"这是", "鸡肋大模型"}) {
		t.Errorf("user word not whole: %v", got)
	}
	if !strings.Contains(string(s.UserDict()), "鸡肋大模型 1000 n") {
		t.Error("merged user dictionary lacks the user's word")
	}
}

// seedOrSample returns the real essay when it is present, else a paragraph written here.
func seedOrSample(t testing.TB) string {
	if data, err := os.ReadFile("../../../shared/seeds/sora-essay.txt"); err == nil {
		return string(data)
	}
	return strings.Repeat("国产大模型在算力受限的条件下追赶，有人说遥遥领先，也有人说这是泡沫。华尔街需要新的故事来维持股市。\n", 40)
}

func BenchmarkTokenize(b *testing.B) {
	s := testSegmenter(b)
	in := seedOrSample(b)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Tokenize(in)
	}
}

func BenchmarkTokenizeParallel(b *testing.B) {
	s := testSegmenter(b)
	in := seedOrSample(b)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.Tokenize(in)
		}
	})
}
