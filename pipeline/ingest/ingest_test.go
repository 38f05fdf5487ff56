package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// walkAll runs Walk and returns every document and every diagnostic as a string.
func walkAll(t testing.TB, paths []string, opts Options) ([]*model.Document, []string) {
	t.Helper()
	log := diag.NewLog(nil, 0)
	var docs []*model.Document
	err := Walk(context.Background(), paths, opts, log, func(d *model.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk(%q): %v", paths, err)
	}
	return docs, diagStrings(log)
}

func diagStrings(log *diag.Log) []string {
	var out []string
	for _, d := range log.All() {
		out = append(out, fmt.Sprintf("[%s] %s", d.Kind, d))
	}
	return out
}

// TestWalkGolden reads each file of testdata/files alone and compares the documents and
// diagnostics with testdata/golden/<case>.golden (rewritten by -update).
func TestWalkGolden(t *testing.T) {
	tests := []struct {
		name string
		file string
		opts Options
	}{
		{"plain-text", "plain.txt", Options{}},
		{"utf8-bom", "bom.txt", Options{}},
		{"front-matter", "front.md", Options{}},
		{"chinese-date-and-tag-string", "date-cn.md", Options{}},
		{"rfc3339-date", "date-rfc3339.md", Options{}},
		{"unparseable-date", "bad-date.md", Options{}},
		{"bad-yaml", "bad-yaml.md", Options{}},
		{"unclosed-front-matter", "unclosed.md", Options{}},
		{"no-front-matter", "no-front.md", Options{}},
		{"front-matter-only", "only-front.md", Options{}},
		{"jsonl", "records.jsonl", Options{}},
		{"jsonl-text-field", "fields.jsonl", Options{TextField: "body"}},
		{"csv", "rows.csv", Options{}},
		{"tsv", "rows.tsv", Options{}},
		{"csv-without-text-column", "nocol.csv", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, diags := walkAll(t, []string{filepath.Join("testdata", "files", tt.file)}, tt.opts)
			got, err := json.MarshalIndent(struct {
				Documents   []*model.Document
				Diagnostics []string
			}{docs, diags}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
		})
	}
}

// TestEncodings writes inputs in each supported and refused encoding to a temporary
// folder and checks the decoded text or the diagnostic.
func TestEncodings(t *testing.T) {
	const text = "人工智能：机遇还是威胁？“开放”与《监管》——一二三。\n第二行 ABC 123。\n"
	gbk := encode(t, simplifiedchinese.GBK.NewEncoder().String, text)
	// 𠀀 (U+20000) and é take four-byte sequences in GB18030; € is 0x80 in GBK.
	gb4 := encode(t, simplifiedchinese.GB18030.NewEncoder().String, "汉字𠀀 café €\n")
	utf16le := encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String, text)
	utf16be := encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().String, text)
	jsonl := `{"id": "g1", "text": "` + strings.TrimSpace(strings.Split(text, "\n")[0]) + `"}` + "\n"
	const traditional = "人工智能是機遇還是威脅？香港與臺灣的讀者怎麼看「開放」與《監管》——一二三。\n第二行 ABC 123。\n"
	big5Text := encode(t, traditionalchinese.Big5.NewEncoder().String, traditional)
	tests := []struct {
		name     string
		file     string
		data     string
		wantText string // the text of the one document expected, or ""
		wantDiag string // the one diagnostic expected, or ""
	}{
		{"utf8", "a.txt", text, text, ""},
		{"utf8-bom", "a.txt", "\xef\xbb\xbf" + text, text, ""},
		{"utf16le-bom", "a.txt", utf16le, text, ""},
		{"utf16be-bom", "a.txt", utf16be, text, ""},
		{"gbk", "a.txt", gbk, text, ""},
		{"gb18030-four-byte", "a.txt", gb4, "汉字𠀀 café €\n", ""},
		// Big5 byte pairs are GBK pairs too: the decoding with more common characters wins.
		{"big5", "a.txt", big5Text, traditional, ""},
		{"big5-jsonl", "a.jsonl", encode(t, traditionalchinese.Big5.NewEncoder().String, `{"text": "`+strings.TrimSpace(strings.Split(traditional, "\n")[0])+`"}`+"\n"), strings.TrimSpace(strings.Split(traditional, "\n")[0]), ""},
		{"gbk-short", "a.txt", encode(t, simplifiedchinese.GBK.NewEncoder().String, "中文"), "中文", ""},
		{"gbk-jsonl", "a.jsonl", encode(t, simplifiedchinese.GBK.NewEncoder().String, jsonl), strings.Split(text, "\n")[0], ""},
		{"utf16-jsonl", "a.jsonl", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String, jsonl), strings.Split(text, "\n")[0], ""},
		{"gbk-csv", "a.csv", encode(t, simplifiedchinese.GBK.NewEncoder().String, "id,text\n1,\"中文,逗号\"\n"), "中文,逗号", ""},
		{"gbk-invalid-byte", "a.txt", gbk[:12] + "\x81\xff" + gbk[12:], "",
			"[encoding] a.txt: not valid UTF-8 (byte 0xC8 at offset 0), UTF-16, GB18030 (byte 0x81 at offset 12) or Big5"},
		{"latin1", "a.txt", "caf\xe9 au lait\n", "",
			"[encoding] a.txt: not valid UTF-8, UTF-16, GB18030 or Big5 (byte 0xE9 at offset 3)"},
		{"gb-c1-controls", "a.txt", "\x81\x30\x81\x30\x81\x30\x81\x31\x81\x30\x81\x32 ok\n", "",
			"[encoding] a.txt: not valid UTF-8 (byte 0x81 at offset 0) and unlikely to be GB18030 (3 of 3 non-ASCII characters would be control or rare characters) or Big5"},
		{"utf8-with-one-bad-byte", "a.txt", "中文\xff\n", "",
			"[encoding] a.txt: not valid UTF-8 (byte 0xFF at offset 6), UTF-16, GB18030 (byte 0xAD at offset 2) or Big5"},
		{"utf8-bom-then-invalid", "a.txt", "\xef\xbb\xbfok\xff\n", "",
			"[encoding] a.txt: not valid UTF-8 despite its byte order mark (byte 0xFF at offset 5)"},
		{"png", "a.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "[binary] a.txt: binary file (PNG image)"},
		{"pdf", "a.md", "%PDF-1.7\n", "", "[binary] a.md: binary file (PDF document)"},
		{"zip-as-csv", "a.csv", "PK\x03\x04\x14\x00", "", "[binary] a.csv: binary file (ZIP archive)"},
		{"gzip-as-jsonl", "a.jsonl", "\x1f\x8b\x08\x00", "", "[binary] a.jsonl: binary file (gzip archive)"},
		{"nul-byte", "a.txt", "text\x00more", "", "[binary] a.txt: binary file (NUL byte at offset 4)"},
		{"empty", "a.txt", "", "", "[no-text] a.txt: no text"},
		{"blank", "a.txt", " \n\t\n", "", "[no-text] a.txt: no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			docs, diags := walkAllIn(t, dir, []string{tt.file}, Options{})
			checkOne(t, docs, diags, tt.wantText, tt.wantDiag)
		})
	}
}

// walkAllIn runs walkAll with the working directory changed to dir, so that paths in
// diagnostics do not hold the temporary folder's name.
func walkAllIn(t *testing.T, dir string, paths []string, opts Options) ([]*model.Document, []string) {
	t.Helper()
	t.Chdir(dir)
	return walkAll(t, paths, opts)
}

func checkOne(t *testing.T, docs []*model.Document, diags []string, wantText, wantDiag string) {
	t.Helper()
	switch {
	case wantText != "" && (len(docs) != 1 || docs[0].Text != wantText):
		t.Errorf("documents = %s, want one with text %q", docJSON(docs), wantText)
	case wantText == "" && len(docs) != 0:
		t.Errorf("documents = %s, want none", docJSON(docs))
	}
	var want []string
	if wantDiag != "" {
		want = []string{wantDiag}
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
}

func encode(t *testing.T, enc func(string) (string, error), s string) string {
	t.Helper()
	out, err := enc(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func docJSON(docs []*model.Document) string {
	b, _ := json.Marshal(docs)
	return string(b)
}

// TestTree walks testdata/tree: hidden files and folders, unknown extensions and
// duplicate IDs across files.
func TestTree(t *testing.T) {
	root := filepath.Join("testdata", "tree")
	docs, diags := walkAll(t, []string{root}, Options{})
	var got []string
	for _, d := range docs {
		got = append(got, fmt.Sprintf("%s %s:%d %q", d.ID, d.Path, d.Line, d.Title))
	}
	want := []string{
		`a.txt a.txt:0 ""`,
		`b/c.md b/c.md:0 "子目录"`,
		`dup b/d.jsonl:1 ""`,
		`other b/d.jsonl:2 ""`,
		`new b/deep/e.csv:3 ""`,
		`upper.TXT upper.TXT:0 ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	const notRead = ": warning: not read: not a corpus file (read are .txt .md .markdown .jsonl .ndjson .csv .tsv; name a file to read it as text)"
	wantDiags := []string{
		`[unsupported] testdata/tree/LICENSE` + notRead,
		`[unsupported] testdata/tree/README.md: warning: not read: a README documents its folder and is not read as a record (name the file to read it)`,
		`[duplicate-id] testdata/tree/b/deep/e.csv:2: duplicate id "dup", first read at testdata/tree/b/d.jsonl:1`,
		`[unsupported] testdata/tree/image.png` + notRead,
		`[unsupported] testdata/tree/notes.json` + notRead,
	}
	if strings.Join(diags, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(wantDiags, "\n"))
	}

	t.Run("scan", func(t *testing.T) {
		var wantBytes int64
		for _, p := range []string{"a.txt", "b/c.md", "b/d.jsonl", "b/deep/e.csv", "upper.TXT"} {
			info, err := os.Stat(filepath.Join(root, p))
			if err != nil {
				t.Fatal(err)
			}
			wantBytes += info.Size()
		}
		files, size, err := Scan([]string{root, "-"})
		if err != nil || files != 5 || size != wantBytes {
			t.Errorf("Scan = %d files, %d bytes, %v; want 5 files, %d bytes, nil", files, size, err, wantBytes)
		}
		files, _, err = Scan([]string{filepath.Join(root, "missing"), filepath.Join(root, "a.txt")})
		if files != 1 || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Scan(missing, a.txt) = %d files, %v; want 1 file and a not-exist error", files, err)
		}
	})

	t.Run("file-named-directly", func(t *testing.T) {
		docs, diags := walkAll(t, []string{filepath.Join(root, ".hidden.txt"), root + "/b/../notes.json"}, Options{})
		var got []string
		for _, d := range docs {
			got = append(got, d.ID+" "+strings.TrimSpace(d.Text))
		}
		want := []string{
			"testdata/tree/.hidden.txt 隐藏文件不读。",
			`testdata/tree/notes.json {"text": "JSON 文件不在目录里读。"}`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(diags) != 0 {
			t.Errorf("documents:\n%s\nwant:\n%s\ndiagnostics: %q", strings.Join(got, "\n"), strings.Join(want, "\n"), diags)
		}
	})
}

// TestProblems covers size limits, unreadable paths, standard input and TextField.
func TestProblems(t *testing.T) {
	long := strings.Repeat("很长的一行。", 200_000) // 3.6 MB on one line
	tests := []struct {
		name     string
		files    map[string]string
		paths    []string
		opts     Options
		wantText string
		wantDiag string
	}{
		{name: "over-size-limit", files: map[string]string{"big.txt": strings.Repeat("字", 100)},
			paths: []string{"big.txt"}, opts: Options{MaxSize: 299},
			wantDiag: "[too-large] big.txt: file is 300 bytes, over the limit of 299 bytes"},
		{name: "at-size-limit", files: map[string]string{"big.txt": strings.Repeat("字", 100)},
			paths: []string{"big.txt"}, opts: Options{MaxSize: 300}, wantText: strings.Repeat("字", 100)},
		{name: "missing-path", paths: []string{"nowhere/x.md"},
			wantDiag: "[unreadable] nowhere/x.md: cannot read: no such file or directory"},
		{name: "path-through-a-file", files: map[string]string{"a.txt": "x"}, paths: []string{"a.txt/b.txt"},
			wantDiag: "[unreadable] a.txt/b.txt: cannot read: not a directory"},
		{name: "long-jsonl-line", files: map[string]string{"long.jsonl": `{"text": "` + long + `"}`},
			paths: []string{"long.jsonl"}, wantText: long},
		{name: "jsonl-line-over-limit", files: map[string]string{"long.jsonl": `{"text": "` + long + `"}` + "\n"},
			paths: []string{"-"}, opts: Options{Format: "jsonl", MaxSize: 1 << 20, Stdin: strings.NewReader(`{"text": "` + long + `"}` + "\n")},
			wantDiag: "[too-large] <stdin>:1: line is 3.4 MB, over the limit of 1.0 MB"},
		{name: "stdin-text", paths: []string{"-"}, opts: Options{Stdin: strings.NewReader("标准输入。")}, wantText: "标准输入。"},
		{name: "stdin-jsonl-gbk", paths: []string{"-"},
			opts: Options{Format: "JSONL", Stdin: strings.NewReader(encode(t, simplifiedchinese.GBK.NewEncoder().String,
				`{"text":"国标编码"}`))},
			wantText: "国标编码"},
		{name: "stdin-jsonl-invalid-after-prefix", paths: []string{"-"},
			opts:     Options{Format: "jsonl", Stdin: strings.NewReader(strings.Repeat("\n", 70_000) + "{\"text\": \"ab\xffc\"}\n")},
			wantDiag: "[encoding] <stdin>:70001:13: not valid UTF-8 (byte 0xFF)"},
		{name: "stdin-read-error", paths: []string{"-"},
			opts:     Options{Stdin: iotest.ErrReader(errors.New("connection reset"))},
			wantDiag: "[unreadable] <stdin>: read error: connection reset"},
		{name: "stdin-csv-read-error", paths: []string{"-"},
			opts:     Options{Format: "csv", Stdin: iotest.TimeoutReader(strings.NewReader("id,text\n1,一\n"))},
			wantDiag: "[unreadable] <stdin>: read error: timeout"},
		{name: "text-field-missing", files: map[string]string{"a.jsonl": `{"text": "有 text 没有 body"}`},
			paths: []string{"a.jsonl"}, opts: Options{TextField: "body"},
			wantDiag: `[no-text] a.jsonl:1: no text in field "body"`},
		{name: "csv-text-field-missing", files: map[string]string{"a.csv": "id,text\n1,一\n"},
			paths: []string{"a.csv"}, opts: Options{TextField: "body"},
			wantDiag: `[bad-csv] a.csv:1: no column "body" in the header (id, text)`},
		{name: "empty-csv", files: map[string]string{"a.tsv": ""}, paths: []string{"a.tsv"},
			wantDiag: "[no-text] a.tsv: empty file, not even a header row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			docs, diags := walkAllIn(t, dir, tt.paths, tt.opts)
			checkOne(t, docs, diags, tt.wantText, tt.wantDiag)
		})
	}
}

// TestStop checks what ends a walk early: emit's error, the context, too many errors, a
// bad format.
func TestStop(t *testing.T) {
	root := filepath.Join("testdata", "tree")
	errStop := errors.New("stop")
	t.Run("emit-error", func(t *testing.T) {
		n := 0
		err := Walk(context.Background(), []string{root}, Options{}, nil, func(*model.Document) error {
			n++
			if n == 2 {
				return errStop
			}
			return nil
		})
		if err != errStop || n != 2 {
			t.Errorf("Walk = %v after %d documents, want %v after 2", err, n, errStop)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		err := Walk(ctx, []string{root}, Options{}, nil, func(*model.Document) error {
			n++
			cancel()
			return nil
		})
		if err != context.Canceled || n != 1 {
			t.Errorf("Walk = %v after %d documents, want %v after 1", err, n, context.Canceled)
		}
	})
	t.Run("too-many-errors", func(t *testing.T) {
		log := diag.NewLog(nil, 2)
		n := 0
		err := Walk(context.Background(), []string{filepath.Join("testdata", "files", "records.jsonl")}, Options{}, log,
			func(*model.Document) error { n++; return nil })
		if !errors.Is(err, diag.ErrTooMany) || log.Skipped() != 2 || n != 2 {
			t.Errorf("Walk = %v with %d skipped, %d emitted; want ErrTooMany, 2, 2", err, log.Skipped(), n)
		}
	})
	t.Run("unknown-format", func(t *testing.T) {
		err := Walk(context.Background(), []string{"-"}, Options{Format: "xml"}, nil, func(*model.Document) error { return nil })
		if err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
			t.Errorf("Walk = %v, want an unknown format error", err)
		}
	})
}

// TestNoHash: every document gets its content hash, unless Options.NoHash.
func TestNoHash(t *testing.T) {
	for _, noHash := range []bool{false, true} {
		docs, _ := walkAll(t, []string{"testdata/files"}, Options{NoHash: noHash})
		if len(docs) == 0 {
			t.Fatal("no documents in testdata/files")
		}
		for _, d := range docs {
			if want := contentHash(d); noHash && d.Hash != "" || !noHash && d.Hash != want {
				t.Errorf("NoHash %v: %s has hash %q, want %q", noHash, d.ID, d.Hash, map[bool]string{false: want, true: ""}[noHash])
			}
		}
	}
}

// TestHashStable checks that the hash depends on the text and the metadata only.
func TestHashStable(t *testing.T) {
	base := model.Document{ID: "x", Path: "a.md", Text: "正文", Title: "标题", Meta: map[string]string{"a": "1", "b": "2"}}
	same := base
	same.Path, same.Line = "elsewhere.md", 7
	same.Meta = map[string]string{"b": "2", "a": "1"}
	if contentHash(&base) != contentHash(&same) {
		t.Error("hash changed with Path, Line or map order")
	}
	if h := contentHash(&base); len(h) != 32 {
		t.Errorf("hash %q has %d hex digits, want 32", h, len(h))
	}
	changes := map[string]func(d *model.Document){
		"text":       func(d *model.Document) { d.Text = "正文。" },
		"title":      func(d *model.Document) { d.Title = "标题2" },
		"meta-value": func(d *model.Document) { d.Meta = map[string]string{"a": "1", "b": "3"} },
		"meta-shift": func(d *model.Document) { d.Meta = map[string]string{"a": "12", "b": ""} },
		"title-text": func(d *model.Document) { d.Title, d.Text = "标题正", "文" },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			d := base
			change(&d)
			if contentHash(&d) == contentHash(&base) {
				t.Errorf("hash did not change")
			}
		})
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2024-02-18", "2024-02-18", true},
		{"2024-2-8", "2024-02-08", true},
		{"2024/2/18", "2024-02-18", true},
		{"2024.02.18", "2024-02-18", true},
		{"2024年2月18日", "2024-02-18", true},
		{"2024 年 2 月 18 日", "2024-02-18", true},
		{"2026-03-04T10:00:00+08:00", "2026-03-04", true},
		{"2026-03-04T23:30:00-05:00", "2026-03-04", true},
		{"2026-03-04 10:00", "2026-03-04", true},
		{"2026-03-04T10:00:00.123Z", "2026-03-04", true},
		{"20240218", "2024-02-18", true},
		{"Feb 18, 2024", "2024-02-18", true},
		{"18 February 2024", "2024-02-18", true},
		{" 2024-02-18 ", "2024-02-18", true},
		{"2024-02-30", "", false},
		{"2024-13-01", "", false},
		{"2024-02", "", false},
		{"2024-02-18 早上", "", false},
		{"2024/02-18", "", false},
		{"上周三", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := normalizeDate(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("normalizeDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestOpenaxoNews reads the real Markdown corpus: every article has its title and date.
func TestOpenaxoNews(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpora", "openaxo-news")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	docs, diags := walkAll(t, []string{root}, Options{})
	// The folder's LICENSE and README are no records: warnings say they were not read.
	if len(diags) != 2 || !strings.Contains(diags[0], "LICENSE: warning: not read") || !strings.Contains(diags[1], "README.md: warning: not read: a README") {
		t.Errorf("%d diagnostics, want the LICENSE and README warnings:\n%s", len(diags), strings.Join(diags, "\n"))
	}
	articles := 0
	for _, d := range docs {
		articles++
		if d.Title == "" || len(d.Date) != len("2006-01-02") || !strings.HasPrefix(d.Date, "20") {
			t.Errorf("%s: title %q, date %q; want both", d.Path, d.Title, d.Date)
		}
		if d.ID != d.Path || !strings.HasSuffix(d.Path, ".md") || strings.HasPrefix(d.Text, "---") {
			t.Errorf("%s: ID %q, text starts %q", d.Path, d.ID, firstLine(d.Text))
		}
		if d.Meta["source_url"] == "" {
			t.Errorf("%s: no source_url in Meta %v", d.Path, d.Meta)
		}
	}
	if articles != 153 {
		t.Errorf("%d articles, want 153", articles)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestNLPCCTrain reads the NLPCC 2016 training set as TSV: a UTF-8 BOM, the header
// "ID TARGET TEXT STANCE", quoted texts that span lines, and 18 rows with quotation marks
// that a strict CSV reader refuses, read as plain tab-separated text with one warning.
func TestNLPCCTrain(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "eval", "nlpcc2016", "train.tsv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("data absent: %v", err)
	}
	log := diag.NewLog(nil, 0)
	var docs []*model.Document
	err := Walk(context.Background(), []string{path}, Options{TextField: "text"}, log, func(d *model.Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if all := log.All(); len(all) != 1 || all[0].Skipped || all[0].Line != 844 ||
		!strings.Contains(all[0].Reason, "18 rows read as plain tab-separated text") {
		t.Errorf("diagnostics %v, want one warning: 18 rows read as plain text, the first at line 844", all)
	}
	if len(docs) != 3000 {
		t.Errorf("%d documents and %d skipped, want all 3000 rows read", len(docs), log.Skipped())
	}
	t.Logf("%d documents, %d rows skipped: %s", len(docs), log.Skipped(), log.Summary())
	multiLine := 0
	for i, d := range docs {
		if d.Meta["TARGET"] == "" || d.ID == "" || strings.Contains(d.ID, "#") {
			t.Fatalf("document %d: ID %q, Meta %v", i, d.ID, d.Meta)
		}
		if strings.Contains(d.Text, "\n") {
			multiLine++
		}
	}
	if docs[0].ID != "1" || docs[0].Line != 2 || docs[0].Meta["STANCE"] == "" {
		t.Errorf("first document: ID %q line %d Meta %v", docs[0].ID, docs[0].Line, docs[0].Meta)
	}
	if multiLine == 0 {
		t.Error("no text spans lines; quoted fields were not joined")
	}
	for _, d := range docs {
		if d.Line == 844 && (d.ID != "843" || !strings.Contains(d.Text, "陈光标改名") || d.Meta["TARGET"] != "春节放鞭炮") {
			t.Errorf("row at line 844 read as plain text: ID %q, Meta %v, text %.40q", d.ID, d.Meta, d.Text)
		}
	}
}

// TestFrontMatterErrors checks the file line of YAML errors: yaml.v3 counts lines from 1
// in scanner errors, from 0 in parser errors, and leaves out line 0.
func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"scanner-error-line-1", "title: a: b\n", "x.md:2: warning: invalid YAML front matter, metadata ignored: mapping values are not allowed in this context"},
		{"scanner-error-line-3", "title: 甲\ndate: 2024-02-18\n tags: 乙\n", "x.md:4: warning: invalid YAML front matter, metadata ignored: mapping values are not allowed in this context"},
		{"parser-error-flow", "title: 甲\ntags: [a, b\n", "x.md:3: warning: invalid YAML front matter, metadata ignored: did not find expected ',' or ']'"},
		{"parser-error-block", "title: 甲\nauthor:\n  name: 乙\n  - x\n", "x.md:4: warning: invalid YAML front matter, metadata ignored: did not find expected key"},
		{"tab-indent", "title: 甲\n\tdate: 1\n", "x.md:3: warning: invalid YAML front matter, metadata ignored: found a tab character that violates indentation"},
		{"not-a-mapping", "- a\n- b\n", "x.md:2: warning: front matter is not a YAML mapping of keys to values, metadata ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fields
			d, _ := applyFrontMatter(tt.yaml, &f)
			if d == nil {
				t.Fatalf("no diagnostic for %q", tt.yaml)
			}
			d.Path = "x.md"
			if got := d.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestStreamsLargeJSONL reads a 24 MB JSONL file and checks that the heap stays far below
// the file's size: records are read one by one, never the whole file.
func TestStreamsLargeJSONL(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 24 MB file")
	}
	path := filepath.Join(t.TempDir(), "large.jsonl")
	size := writeJSONL(t, path, 24<<20)
	runtime.GC()
	var peak uint64
	var ms runtime.MemStats
	n := 0
	err := Walk(context.Background(), []string{path}, Options{}, nil, func(d *model.Document) error {
		if n++; n%500 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d documents from %d bytes, peak sampled heap %.1f MB", n, size, float64(peak)/(1<<20))
	if peak > 16<<20 {
		t.Errorf("heap reached %.1f MB while reading a %.1f MB file", float64(peak)/(1<<20), float64(size)/(1<<20))
	}
}

// writeJSONL writes records of Chinese text to path until it holds at least size bytes,
// and returns its size.
func writeJSONL(t testing.TB, path string, size int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	para := strings.Repeat("生成式人工智能正在重塑新闻、教育与创作，支持者称其为效率革命，批评者担心失业与虚假信息。", 10)
	written := 0
	for i := 0; written < size; i++ {
		rec, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("b%d", i), "title": "标题", "date": "2024/2/18",
			"tags": []string{"AI", "媒体"}, "likes": i, "text": para})
		n, _ := w.Write(append(rec, '\n'))
		written += n
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return int64(written)
}

// BenchmarkWalkJSONL reads a generated 8 MB JSONL file of Chinese text.
func BenchmarkWalkJSONL(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	b.SetBytes(writeJSONL(b, path, 8<<20))
	for b.Loop() {
		n := 0
		err := Walk(context.Background(), []string{path}, Options{}, nil, func(*model.Document) error { n++; return nil })
		if err != nil || n == 0 {
			b.Fatalf("Walk = %v, %d documents", err, n)
		}
	}
}

// BenchmarkWalkGBK reads a generated 4 MB GBK text file: detection, then decoding.
func BenchmarkWalkGBK(b *testing.B) {
	text := strings.Repeat("生成式人工智能正在重塑新闻、教育与创作，支持者称其为效率革命，批评者担心失业与虚假信息。\n", 30_000)
	data, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "gbk.txt")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		err := Walk(context.Background(), []string{path}, Options{}, nil, func(d *model.Document) error {
			if len(d.Text) != len(text) {
				b.Fatalf("decoded %d bytes, want %d", len(d.Text), len(text))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestLinksAndPermissions checks that links to files are read and links to folders are
// not followed, and that a file without read permission is reported.
func TestLinksAndPermissions(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"real.txt": "真的文件。", "sub/inner.txt": "子目录。", "locked.txt": "锁住的文件。"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("real.txt", filepath.Join(dir, "link.txt")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "linkdir.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "locked.txt"), 0); err != nil {
		t.Fatal(err)
	}
	docs, diags := walkAllIn(t, dir, []string{"."}, Options{})
	var got []string
	for _, d := range docs {
		got = append(got, d.ID+" "+d.Text)
	}
	want := []string{"link.txt 真的文件。", "locked.txt 锁住的文件。", "real.txt 真的文件。", "sub/inner.txt 子目录。"}
	var wantDiags []string
	if os.Getuid() != 0 { // root reads any file
		want = slices.Delete(want, 1, 2)
		wantDiags = []string{"[unreadable] locked.txt: cannot open: permission denied"}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(diags, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics: %q, want %q", diags, wantDiags)
	}
}

// TestReadmeNamedIsRead: a README inside a folder is documentation, but one named on the
// command line is read like any file.
func TestReadmeNamedIsRead(t *testing.T) {
	docs, diags := walkAll(t, []string{filepath.Join("testdata", "tree", "README.md")}, Options{})
	if len(docs) != 1 || len(diags) != 0 {
		t.Errorf("README named: %d documents, diagnostics %q; want 1 and none", len(docs), diags)
	}
}

// TestCommonHanzi checks the generated set of common characters: the most frequent
// simplified characters and their traditional forms, each once.
func TestCommonHanzi(t *testing.T) {
	seen := map[rune]bool{}
	for _, r := range commonHanzi {
		if seen[r] {
			t.Errorf("%c twice in commonHanzi", r)
		}
		seen[r] = true
	}
	for _, r := range "的是在不了有人这這中国國们們说說会會" {
		if !commonSet[r] {
			t.Errorf("%c is not in commonHanzi", r)
		}
	}
	if n := len(seen); n < 1000 || n > 2000 {
		t.Errorf("%d characters in commonHanzi, want the 1,000 most frequent and their traditional forms", n)
	}
}
