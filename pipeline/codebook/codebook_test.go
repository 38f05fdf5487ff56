package codebook

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustDefault(t testing.TB) *Codebook {
	t.Helper()
	cb, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return cb
}

func TestDefaultIDs(t *testing.T) {
	cb := mustDefault(t)
	for _, tc := range []struct {
		name string
		got  []string
		want []string
	}{
		{"frames", cb.FrameIDs(), []string{"competition", "bubble", "productivity", "labor", "social_order",
			"geopolitics", "compute", "epochal", "risk", "data_language"}},
		{"rhetoric", cb.RhetoricIDs(), []string{"triumphalism", "defeatism", "hype", "dismissal", "motive",
			"slang", "absolutes"}},
		{"targets", cb.TargetIDs(), []string{"us_ai", "china_ai"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
	if cb.Source != "" || cb.Name != "huashu-default" {
		t.Errorf("Source %q Name %q", cb.Source, cb.Name)
	}
}

// TestDefaultContract checks the minimum sizes of CODEBOOK.md and that every category has
// its labels and definition and no one-character Han term (noise in Chinese text).
func TestDefaultContract(t *testing.T) {
	cb := mustDefault(t)
	for _, c := range cb.Categories() {
		t.Run(c.ID, func(t *testing.T) {
			min := map[string]int{KindFrame: 15, KindRhetoric: 8}[c.Kind]
			if len(c.Terms) < min {
				t.Errorf("%d terms, contract wants at least %d", len(c.Terms), min)
			}
			if c.Zh == "" || c.En == "" || c.Definition == "" {
				t.Errorf("zh %q en %q definition %q: all three are required", c.Zh, c.En, c.Definition)
			}
			for _, term := range c.Terms {
				text := strings.Trim(term, "*")
				if utf8.RuneCountInString(text) < 2 {
					t.Errorf("term %q: one character is noise", term)
				}
			}
		})
	}
	for _, tg := range cb.Targets {
		if tg.Zh == "" || tg.En == "" || len(tg.Aliases) < 10 {
			t.Errorf("target %s: zh %q en %q, %d aliases", tg.ID, tg.Zh, tg.En, len(tg.Aliases))
		}
	}
}

// contractExamples are the example terms of CODEBOOK.md's tables, by category or target.
var contractExamples = map[string][]string{
	"competition":   {"中美竞争", "领先", "落后", "差距", "追赶", "超越", "赶超", "竞赛"},
	"bubble":        {"泡沫", "炒作", "股市", "美股", "华尔街", "估值", "资本", "割韭菜", "概念股"},
	"productivity":  {"生产力", "生产端", "实体经济", "工业", "制造业", "财富", "效率"},
	"labor":         {"失业", "岗位", "饭碗", "取代", "淘汰", "裁员", "从业人员", "就业"},
	"social_order":  {"社会稳定", "再分配", "贫富", "既得利益", "造反", "社会矛盾", "零元购"},
	"geopolitics":   {"制裁", "打压", "封锁", "禁令", "实体清单", "军工", "脱钩", "卡脖子"},
	"compute":       {"算力", "芯片", "GPU", "英伟达", "昇腾", "光刻机", "制程"},
	"epochal":       {"划时代", "里程碑", "颠覆", "革命", "横空出世", "重大突破", "新纪元"},
	"risk":          {"风险", "伦理", "监管", "深度伪造", "虚假信息", "版权", "隐私"},
	"data_language": {"训练数据", "语料", "中文互联网", "汉字", "数据匮乏"},
	"triumphalism":  {"遥遥领先", "断层式领先", "吊打", "碾压", "全球唯一", "赢麻了", "厉害了"},
	"defeatism":     {"彻底落后", "遥遥落后", "错失了一个时代", "望尘莫及", "完败"},
	"hype":          {"横空出世", "热捧", "猛吹", "炸裂", "震撼", "王炸", "封神"},
	"dismissal":     {"不看好", "也就那么回事", "不必过于恐慌", "仅此而已", "不过如此"},
	"motive":        {"华尔街需要", "维持股市", "收割", "带节奏", "别有用心"},
	"slang":         {"遥遥领先", "零元购", "割韭菜", "卡脖子", "弯道超车", "赢麻了"},
	"absolutes":     {"彻底", "一边倒", "根本", "必然", "注定", "唯一", "永远"},
	"us_ai": {"美国AI", "Sora", "sora", "OpenAI", "ChatGPT", "GPT-4", "GPT4", "GPT-4o", "GPT-5",
		"Midjourney", "英伟达", "硅谷", "谷歌", "Gemini", "微软"},
	"china_ai": {"中国AI", "国产大模型", "国内大模型", "华为", "华为智驾", "昇腾", "升腾", "文心一言",
		"通义千问", "DeepSeek", "Kimi"},
}

func TestDefaultHasContractExamples(t *testing.T) {
	cb := mustDefault(t)
	// folded texts of each category's and target's patterns, stars removed
	has := map[string]map[string]bool{}
	for _, p := range cb.Patterns() {
		for _, id := range append(slices.Clone(p.Categories), p.Targets...) {
			if has[id] == nil {
				has[id] = map[string]bool{}
			}
			has[id][p.Text] = true
		}
	}
	ids := append(cb.FrameIDs(), append(cb.RhetoricIDs(), cb.TargetIDs()...)...)
	for _, id := range ids {
		if contractExamples[id] == nil {
			t.Errorf("%s: no contract examples in the test table", id)
		}
	}
	for id, terms := range contractExamples {
		for _, term := range terms {
			t.Run(id+"/"+term, func(t *testing.T) {
				if !has[id][fold(term)] {
					t.Errorf("%s lacks %q", id, term)
				}
			})
		}
	}
}

// TestDefaultExclusions checks that the everyday senses are excluded where they should be,
// and only there.
func TestDefaultExclusions(t *testing.T) {
	cb := mustDefault(t)
	pats := map[string]*Pattern{}
	all := cb.Patterns()
	for i := range all {
		pats[all[i].Raw] = &all[i]
	}
	for _, tc := range []struct {
		name, text, term string
		want             []string // categories at the first match; nil when excluded
		excluded         bool     // globally excluded
	}{
		{"foam box", "快递用的泡沫箱", "泡沫", nil, true},
		{"bubble", "AI泡沫要破了", "泡沫", []string{"bubble"}, false},
		{"venture capital is no risk", "拿到了风险投资", "风险", nil, false},
		{"risk", "深度伪造的风险", "风险", []string{"risk"}, false},
		{"subversion is social order", "颠覆国家政权罪", "颠覆", nil, false},
		{"subversion of an industry", "颠覆了整个行业", "颠覆", []string{"epochal"}, false},
		{"industrial revolution is epochal, not productivity", "第四次工业革命", "工业", nil, false},
		{"industry", "中国工业体系", "工业", []string{"productivity"}, false},
		{"French revolution", "法国大革命以来", "革命", nil, true},
		{"revolutionary", "革命性的进步", "革命", []string{"epochal"}, false},
		{"harvester", "一台收割机", "收割", nil, true},
		{"harvesting investors", "收割散户", "收割", []string{"bubble", "motive"}, false},
		{"capitalism", "资本主义社会", "资本", nil, false},
		{"income gap is not the race", "收入差距扩大", "差距", nil, false},
		{"the gap", "中美差距在缩小", "差距", []string{"competition"}, false},
		{"rising smoke", "烟雾升腾而起", "升腾", nil, true},
		{"Ascend misspelt", "华为升腾芯片", "升腾", []string{"compute"}, false},
		{"forever god is hype", "DeepSeek永远的神", "永远", nil, false},
		{"case-insensitive exclusion", "一项meta分析", "Meta", nil, true},
		{"a threshold of numbers", "汽车出口突破70万辆", "突破", nil, false},
		{"a threshold after 了", "销量突破了3000台", "突破", nil, false},
		{"a breakthrough", "AI突破不断", "突破", []string{"epochal"}, false},
		{"an opening", "找到突破口", "突破", nil, false},
		{"public information", "根据公开信息整理", "公开信", nil, false},
		{"an open letter", "千名专家签署公开信", "公开信", []string{"risk"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pats[tc.term]
			if p == nil {
				t.Fatalf("no pattern %q", tc.term)
			}
			ms := p.FindAll(tc.text)
			if len(ms) == 0 {
				t.Fatalf("%q not found in %q", tc.term, tc.text)
			}
			m := ms[0]
			if got := p.Excluded(tc.text, m.TextStart, m.TextEnd); got != tc.excluded {
				t.Errorf("Excluded = %v, want %v", got, tc.excluded)
			}
			if got := p.CategoriesAt(tc.text, m.TextStart, m.TextEnd); !slices.Equal(got, tc.want) {
				t.Errorf("CategoriesAt = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHashStable(t *testing.T) {
	a, b := mustDefault(t), mustDefault(t)
	if a.Hash != b.Hash || len(a.Hash) != 64 {
		t.Fatalf("hashes %q and %q", a.Hash, b.Hash)
	}
	changed, err := Parse(append(DefaultYAML(), "\n# a comment changes the file\n"...), "x.yml")
	if err != nil {
		t.Fatal(err)
	}
	if changed.Hash == a.Hash {
		t.Errorf("a different file has the same hash")
	}
	if !slices.Equal(changed.Patterns()[0].Categories, a.Patterns()[0].Categories) {
		t.Errorf("a comment changed the patterns")
	}
}

const minimal = `name: t
version: 1
frames:
  - id: bubble
    zh: 泡沫
    en: Bubble
    definition: d
    terms: [泡沫, 炒作]
`

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		yaml string
		want []string // each must appear in the error, in order
	}{
		{"empty", "", []string{"c.yml: empty codebook"}},
		{"syntax", "name: [x\n", []string{"c.yml:1: did not find expected"}},
		{"unknown field", minimal + "    colour: red\n", []string{"c.yml:9: field colour not found"}},
		{"bad id", strings.Replace(minimal, "id: bubble", "id: Bubble", 1),
			[]string{`c.yml:4:9: frame id "Bubble": want lower-case`}},
		{"star inside", strings.Replace(minimal, "炒作]", "炒*作]", 1),
			[]string{`c.yml:8:17: frame "bubble": term "炒*作": '*' is allowed only at the start or end`}},
		{"case duplicate", strings.Replace(minimal, "炒作]", "Sora, sora]", 1),
			[]string{`c.yml:8:23: frame "bubble": term "sora": same pattern as "Sora"`}},
		{"width duplicate", strings.Replace(minimal, "炒作]", "GPT, ＧＰＴ]", 1),
			[]string{`term "ＧＰＴ": same pattern as "GPT"`}},
		{"exact duplicate", strings.Replace(minimal, "炒作]", "泡沫]", 1),
			[]string{`c.yml:8:17: frame "bubble": term "泡沫": listed twice`}},
		{"exclusion typo", minimal + "    exclude: [泡末箱]\n",
			[]string{`c.yml:9:15: frame "bubble": exclusion "泡末箱": contains no term of bubble`}},
		{"exclusion equal to term", minimal + "    exclude: [泡沫]\n",
			[]string{`exclusion "泡沫": equals a pattern`}},
		{"global exclusion typo", "exclusions: [泡沫箱, 革命烈士]\n" + minimal,
			[]string{`c.yml:1:19: global exclusion "革命烈士": contains no term or alias`}},
		{"id twice and no terms", minimal + "rhetoric:\n  - id: bubble\n    terms: []\n",
			[]string{`c.yml:10:9: rhetoric id "bubble": defined twice`, `c.yml:11:12: rhetoric "bubble": no terms`}},
		{"target", minimal + "targets:\n  - id: us_ai\n    aliases: [\"*\"]\n",
			[]string{`c.yml:11:15: target "us_ai": alias "*": empty pattern`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yml")
			if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("no error")
			}
			msg := strings.ReplaceAll(err.Error(), path, "c.yml")
			rest := msg
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error\n%s\nlacks %q", msg, w)
				}
				rest = rest[i+len(w):]
			}
			var list ErrorList
			if !errors.As(err, &list) || list[0].File != path {
				t.Errorf("error %T is not an ErrorList naming %s", err, path)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "none.yml")); err == nil || !strings.Contains(err.Error(), "none.yml") {
			t.Errorf("err = %v", err)
		}
	})
}
