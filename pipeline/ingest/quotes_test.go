package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLenientQuotes checks CSV and TSV rows whose quotation marks break CSV's rules: they are
// read again line by line (a TSV line as plain tab-separated text, a CSV line with lenient
// quotes), marks kept, with one warning per file, while properly quoted fields, also spanning
// lines, are read as CSV reads them, and a line that fits no way is skipped and reported at
// its own line.
func TestLenientQuotes(t *testing.T) {
	tests := []struct {
		name  string
		file  string // x.tsv when empty
		input string
		docs  []string // line: text
		diags []string
	}{
		{
			name:  "bare quote inside a field",
			input: "id\ttext\n1\t他说\"遥遥领先\"了\n2\t正常的一行\n",
			docs:  []string{`2: 他说"遥遥领先"了`, "3: 正常的一行"},
			diags: []string{"[bad-csv] x.tsv:2: warning: quotation marks not as CSV quotes them: 1 row read as plain tab-separated text, the marks kept as text (the first at line 2)"},
		},
		{
			name:  "field opens a quote it does not close before the tab",
			input: "id\ttext\tlabel\n1\t\"放鞭炮 \" 我的视频\tNONE\n2\t下一行\tFAVOR\n",
			docs:  []string{`2: "放鞭炮 " 我的视频`, "3: 下一行"},
			diags: []string{"[bad-csv] x.tsv:2: warning: quotation marks not as CSV quotes them: 1 row read as plain tab-separated text, the marks kept as text (the first at line 2)"},
		},
		{
			name:  "quoted field spanning lines stays CSV",
			input: "id\ttext\n1\t\"第一行\n第二行，有\"\"引号\"\"\"\n2\t后面\n",
			docs:  []string{"2: 第一行\n第二行，有\"引号\"", "4: 后面"},
		},
		{
			name:  "unclosed quote swallowing the rest of the file",
			input: "id\ttext\n1\t\"没有闭合\n2\t第二条\n3\t第三条\n",
			docs:  []string{`2: "没有闭合`, "3: 第二条", "4: 第三条"},
			diags: []string{"[bad-csv] x.tsv:2: warning: quotation marks not as CSV quotes them: 3 rows read as plain tab-separated text, the marks kept as text (the first at line 2)"},
		},
		{
			name:  "a line that fits neither way",
			input: "id\ttext\tlabel\n1\t引号\"在中间\n2\t好的\tNONE\n",
			docs:  []string{"3: 好的"},
			diags: []string{`[bad-csv] x.tsv:2:9: invalid CSV (bare " in non-quoted-field); read as plain tab-separated text, the row has 2 fields, header has 3`},
		},
		{
			name:  "csv: bare quote",
			file:  "x.csv",
			input: "id,text\n1,他说\"好\"\n",
			docs:  []string{`2: 他说"好"`},
			diags: []string{"[bad-csv] x.csv:2: warning: quotation marks not as CSV quotes them: 1 row read line by line, the marks kept as text (the first at line 2)"},
		},
		{
			name:  "csv: quoted field with a comma beside a bare quote",
			file:  "x.csv",
			input: "id,text,note\n1,\"有逗号,的字段\",他说\"好\"\n",
			docs:  []string{"2: 有逗号,的字段"},
			diags: []string{"[bad-csv] x.csv:2: warning: quotation marks not as CSV quotes them: 1 row read line by line, the marks kept as text (the first at line 2)"},
		},
		{
			name:  "csv: a line that fits no way",
			file:  "x.csv",
			input: "id,text\n1,引号\"在,中间\n2,好的\n",
			docs:  []string{"3: 好的"},
			diags: []string{`[bad-csv] x.csv:2:9: invalid CSV (bare " in non-quoted-field); read with lenient quotes or at every comma, the row has 3 fields, header has 2`},
		},
		{
			name:  "too many fields stays an error",
			input: "id\ttext\n1\t甲\t多余\n2\t乙\n",
			docs:  []string{"3: 乙"},
			diags: []string{"[bad-csv] x.tsv:2: row has 3 fields, header has 2"},
		},
		{
			name:  "too few fields, one",
			file:  "x.csv",
			input: "id,text\n1,卡脖子\n2\n",
			docs:  []string{"2: 卡脖子"},
			diags: []string{"[bad-csv] x.csv:3: row has 1 field, header has 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := tt.file
			if file == "" {
				file = "x.tsv"
			}
			if err := os.WriteFile(filepath.Join(dir, file), []byte(tt.input), 0o644); err != nil {
				t.Fatal(err)
			}
			docs, diags := walkAllIn(t, dir, []string{file}, Options{})
			var got []string
			for _, d := range docs {
				got = append(got, fmt.Sprintf("%d: %s", d.Line, d.Text))
			}
			if strings.Join(got, "|") != strings.Join(tt.docs, "|") {
				t.Errorf("documents\n got %q\nwant %q", got, tt.docs)
			}
			if strings.Join(diags, "|") != strings.Join(tt.diags, "|") {
				t.Errorf("diagnostics\n got %q\nwant %q", diags, tt.diags)
			}
		})
	}
}
