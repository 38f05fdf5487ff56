package stance

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
)

func TestDefaultLexicon(t *testing.T) {
	lex, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if len(lex.Positive) < 800 || len(lex.Negative) < 800 {
		t.Errorf("lexicon has %d positive and %d negative terms, want at least 800 each", len(lex.Positive), len(lex.Negative))
	}
	pos := set(lex.Positive)
	for _, w := range lex.Negative {
		if pos[w] {
			t.Errorf("%q is both positive and negative", w)
		}
	}
	for w := range lex.Weak {
		if !pos[w] && !slices.Contains(lex.Negative, w) {
			t.Errorf("weak %q is in neither list", w)
		}
	}
}

func TestParseLexiconErrors(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"glob", "name: x\nversion: 1\nrhetoric:\n  - {id: positive, zh: 褒, en: p, definition: d, terms: [\"好*\"]}\n", "globs are not supported"},
		{"both", "name: x\nversion: 1\nrhetoric:\n  - {id: positive, zh: 褒, en: p, definition: d, terms: [强大]}\n  - {id: negative, zh: 贬, en: n, definition: d, terms: [强大]}\n", "both positive and negative"},
		{"weak", "name: x\nversion: 1\nrhetoric:\n  - {id: positive, zh: 褒, en: p, definition: d, terms: [强大]}\n  - {id: weak, zh: 弱, en: w, definition: d, terms: [推动]}\n", "neither positive nor negative"},
		{"empty", "name: x\nversion: 1\nrhetoric:\n  - {id: other, zh: 他, en: o, definition: d, terms: [强大]}\n", "no category"},
		{"yaml", "name: x\nversion: [\n", "my.yml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseLexicon([]byte(c.yaml), "my.yml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestRulesSentences checks, sentence by sentence, the label toward each target and the rule
// that decided it.
func TestRulesSentences(t *testing.T) {
	r, seg := testEnv(t)
	for _, c := range []struct {
		name, text   string
		us, cn, rule string
	}{
		{"lexicon", "DeepSeek的推理能力非常强大。", "", "favor", ""},
		{"negation", "ChatGPT的中文能力并没有传说中那么强。", "against", "", ""},
		{"double negation", "不可否认，国产AI的进步非常明显。", "", "favor", ""},
		{"contrast", "Sora的画面很惊艳，但是物理规律经常出错。", "against", "", RuleContrast},
		{"concession", "虽然国产AI在算力上有差距，但在应用落地上遥遥领先。", "", "favor", RuleConcession},
		{"rhetorical", "难道DeepSeek的突破不是实打实的吗？", "", "favor", RuleRhetorical},
		{"assertive question", "谁能否认OpenAI对整个行业的巨大贡献？", "favor", "", ""},
		{"comparison 比", "DeepSeek比GPT-4便宜得多。", "against", "favor", RuleComparison},
		{"comparison 不如", "文心一言不如ChatGPT好用。", "favor", "against", RuleComparison},
		{"comparison frame", "和OpenAI相比，国产大模型的差距还很明显。", "favor", "against", RuleComparison},
		{"passive", "GPT-4被通义千问超越了。", "against", "favor", RulePassive},
		{"irony 号称", "号称全球第一的Gemini，发布会上频频翻车。", "against", "", RuleDistance},
		{"scare quotes", "华为所谓的“遥遥领先”，已经成了网友调侃的梗。", "", "against", RuleDistance},
		{"triumphalism", "华为这次真的是遥遥领先。", "", "favor", ""},
		{"dismissal", "Sora也就那么回事，不必过于恐慌。", "against", "", ""},
		{"neutral mention", "OpenAI今天发布了新一代模型GPT-5。", "none", "", ""},
		{"quantity", "ChatGPT的用户数突破了一亿。", "none", "", ""},
		{"open question", "OpenAI下一步会发布什么？", "none", "", ""},
		{"no target", "这项技术简直是划时代的突破！", "", "", ""},
		{"coreference", "DeepSeek发布了新模型。它的推理能力非常强。", "", "favor", RuleCoreference},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, sents, doc := r.ScoreText(c.text, seg.Tokenize(c.text))
			for _, tc := range []struct{ target, want string }{{"us_ai", c.us}, {"china_ai", c.cn}} {
				spoken := false
				for i := range texts {
					if _, ok := sents[i][tc.target]; ok {
						spoken = true
					}
				}
				if tc.want == "" {
					if spoken || doc[tc.target].Label != model.None {
						t.Errorf("%s: spoken of (%v), want not", tc.target, doc[tc.target])
					}
					continue
				}
				if got := doc[tc.target].Label; got != tc.want {
					t.Errorf("%s: got %s, want %s; sentences %v", tc.target, got, tc.want, sents)
				}
			}
			if c.rule == "" {
				return
			}
			found := false
			for i := range texts {
				for _, st := range sents[i] {
					found = found || slices.Contains(st.Evidence, "rule:"+c.rule)
				}
			}
			if !found {
				t.Errorf("no rule:%s in the evidence %v", c.rule, sents)
			}
		})
	}
}

// TestScoreAnnotation runs the Scorer interface on a hand-built annotation: markers located
// by character offsets, sentence stances only for the targets spoken of, every target at the
// document level, conclusions weighing more.
func TestScoreAnnotation(t *testing.T) {
	r, seg := testEnv(t)
	sents := []string{
		"Sora发布后一片叫好。",
		"华为的发布会在下午举行。",
		"总之，Sora不过如此。",
	}
	ann := &model.Annotation{ID: "doc"}
	var inputs []Input
	off := 0
	for i, s := range sents {
		n := len([]rune(s))
		ann.Sentences = append(ann.Sentences, model.Sentence{Start: off, End: off + n, Paragraph: i / 2})
		off++ // a line break between sentences in the original text
		inputs = append(inputs, Input{Text: s, Tokens: seg.Tokenize(s)})
		off += n
	}
	// The tagger's marker for 不过如此 (dismissal) in the last sentence, at its character
	// offset in the document.
	start := ann.Sentences[2].Start + len([]rune("总之，Sora"))
	ann.Markers = []model.Marker{{Term: "不过如此", Pattern: "不过如此", Start: start, End: start + 4, Sentence: 2, Categories: []string{"dismissal"}}}
	r.Score(ann, inputs)

	for i, want := range []map[string]string{
		{"us_ai": model.Favor},
		{"china_ai": model.None},
		{"us_ai": model.Against},
	} {
		if got := ann.Sentences[i].Stance; !reflect.DeepEqual(got, want) {
			t.Errorf("sentence %d: stance %v, want %v", i, got, want)
		}
	}
	if ev := ann.Sentences[2].Evidence["us_ai"]; !slices.Contains(ev, "-不过如此[dismissal]") {
		t.Errorf("sentence 2 evidence %v: want the dismissal marker", ev)
	}
	us, cn := ann.Stance["us_ai"], ann.Stance["china_ai"]
	if us.Favor != 1 || us.Against != 1 {
		t.Errorf("us_ai counts favor %d against %d, want 1 and 1", us.Favor, us.Against)
	}
	// Unweighted the two sentences would cancel out; the concluding one (总之, in the last
	// paragraph) weighs 3 to the first one's 1.
	if us.Label != model.Against || !slices.Equal(us.Evidence, []int{2}) || us.Score != -0.381 {
		t.Errorf("us_ai: %+v, want against -0.381 with evidence [2]", us)
	}
	if cn.Label != model.None || cn.Evidence == nil {
		t.Errorf("china_ai: %+v, want none with empty evidence", cn)
	}
	for id := range ann.Stance {
		if id != "us_ai" && id != "china_ai" {
			t.Errorf("unknown target %q", id)
		}
	}
}

// TestSoraEssay checks the seed essay: against US AI, for Chinese AI.
func TestSoraEssay(t *testing.T) {
	data, err := os.ReadFile("../../../shared/seeds/sora-essay.txt")
	if err != nil {
		t.Skipf("seed essay not available: %v", err)
	}
	r, seg := testEnv(t)
	text := string(data)
	_, _, doc := r.ScoreText(text, seg.Tokenize(text))
	if got := doc["us_ai"].Label; got != model.Against {
		t.Errorf("us_ai: %+v, want against", doc["us_ai"])
	}
	if got := doc["china_ai"].Label; got != model.Favor {
		t.Errorf("china_ai: %+v, want favor", doc["china_ai"])
	}
}

func TestUserTargets(t *testing.T) {
	cb, err := codebook.Parse([]byte(`name: user
version: 1
rhetoric:
  - {id: triumphalism, zh: 必胜, en: t, definition: d, terms: [遥遥领先]}
targets:
  - {id: robotaxi, zh: 无人出租车, en: Robotaxi, aliases: [萝卜快跑, Waymo]}
`), "user.yml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRules(cb, RulesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, seg := testEnv(t)
	for _, c := range []struct{ text, want string }{
		{"萝卜快跑的体验遥遥领先。", model.Favor},
		{"waymo的车经常出事故，太危险了。", model.Against},
		{"Waymo今天在旧金山扩大了服务范围。", model.None},
	} {
		t.Run(c.text, func(t *testing.T) {
			_, _, doc := r.ScoreText(c.text, seg.Tokenize(c.text))
			if got := doc["robotaxi"].Label; got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	r, seg := testEnv(t)
	items := readGold(t, "testdata/gold.tsv")
	want := make([]string, len(items))
	for i, it := range items {
		want[i] = fmt.Sprint(r.Polarity(it.text, seg.Tokenize(it.text)))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(items))
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, it := range items {
				if got := fmt.Sprint(r.Polarity(it.text, seg.Tokenize(it.text))); got != want[i] {
					errs <- fmt.Sprintf("%s: %s, alone %s", it.id, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestPolarity(t *testing.T) {
	r, seg := testEnv(t)
	for _, c := range []struct {
		text string
		sign int
	}{
		{"苹果这次的新机真是太让人失望了，完全没有诚意。", -1},
		{"春节放鞭炮才有年味，这是传统，支持！", 1},
		{"今天下午三点开会。", 0},
		{"难道放鞭炮不是污染环境吗？", -1},
	} {
		t.Run(c.text, func(t *testing.T) {
			p := r.Polarity(c.text, seg.Tokenize(c.text))
			got := 0
			switch {
			case p.Score >= DefaultThreshold:
				got = 1
			case p.Score <= -DefaultThreshold:
				got = -1
			}
			if got != c.sign {
				t.Errorf("score %.3f %v, want sign %d", p.Score, p.Evidence, c.sign)
			}
		})
	}
}

func BenchmarkScoreText(b *testing.B) {
	r, seg := testEnv(b)
	data, err := os.ReadFile("testdata/gold.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, l := range strings.Split(string(data), "\n") {
		if cols := strings.Split(l, "\t"); len(cols) == 5 && !strings.HasPrefix(l, "#") {
			texts = append(texts, cols[4])
		}
	}
	text := strings.Join(texts, "\n")
	toks := seg.Tokenize(text)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		r.ScoreText(text, toks)
	}
}
