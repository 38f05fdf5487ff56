package tag

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/segment"
)

// found is a marker as the tests write it: the term as it stands in the text, and its flags
// as letters (n negated, q quoted, ? question).
type found struct {
	term  string
	flags string
}

func summarize(text string, r Result) []found {
	var out []found
	for _, m := range r.Matches {
		flags := ""
		if m.Negated {
			flags += "n"
		}
		if m.Quoted {
			flags += "q"
		}
		if m.Question {
			flags += "?"
		}
		out = append(out, found{text[m.Start:m.End], flags})
	}
	return out
}

func TestTag(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []found
	}{
		{"nested pattern gives one marker", "华为再次遥遥领先。", []found{{"遥遥领先", ""}}},
		{"crossing patterns keep the leftmost", "中美竞争力的比较。", []found{{"中美竞争", ""}}},
		{"leftmost-longest then the rest", "收割韭菜的把戏。", []found{{"收割韭菜", ""}}},
		{"global exclusion", "泡沫箱里装着显卡。", []found{{"显卡", ""}}},
		{"history is no revolution", "法国大革命改变了欧洲。", nil},
		{"category exclusion leaves no category", "收入差距在扩大。", nil},
		{"longer pattern holds the excluded one", "贫富差距在扩大。", []found{{"贫富差距", ""}}},
		{"short pattern inside a word", "他把投资本金亏光了。", nil},
		{"short pattern on word edges", "资本推动的热潮。", []found{{"资本", ""}}},
		{"Latin case", "NVIDIA和nvidia是一家。", []found{{"NVIDIA", ""}, {"nvidia", ""}}},
		{"Latin edge: no match inside a longer word", "英伟达的H200和MAGIC。", []found{{"英伟达", ""}}},
		{"Latin edge: digits too", "所谓13nm工艺。", nil},
		{"glob takes in letters", "大量GPUs被囤积。", []found{{"GPUs", ""}}},
		{"glob takes in no Han", "AI概念股和算力概念股。", []found{{"AI概念股", ""}, {"算力", ""}, {"概念股", ""}}},
		{"negation before the term", "Sora并非泡沫。", []found{{"泡沫", "n"}}},
		{"negation, verb of thinking, term", "我从不觉得这是炒作。", []found{{"炒作", "n"}}},
		{"看不到", "看不到任何颠覆。", []found{{"颠覆", "n"}}},
		{"谈不上", "谈不上划时代。", []found{{"划时代", "n"}}},
		{"没有", "没有泡沫。", []found{{"泡沫", "n"}}},
		{"不存在", "不存在泡沫。", []found{{"泡沫", "n"}}},
		{"毫无", "毫无泡沫。", []found{{"泡沫", "n"}}},
		{"不仅 is no negation", "不仅是炒作，更是收割。", []found{{"炒作", ""}, {"收割", ""}}},
		{"negation after the term", "突破不是口号。", []found{{"突破", ""}}},
		{"不是A，而是B", "不是泡沫，而是革命。", []found{{"泡沫", "n"}, {"革命", ""}}},
		{"不是A而是B without a comma", "不是颠覆而是升级。", []found{{"颠覆", "n"}}},
		{"double negation 无法否认", "无法否认这是革命。", []found{{"革命", ""}}},
		{"double negation 不能否认", "谁也不能否认风险。", []found{{"风险", ""}}},
		{"不得不承认", "不得不承认美国的算力优势。", []found{{"算力", ""}}},
		{"a negator inside the term", "我不看好。", []found{{"不看好", ""}}},
		{"negating the dismissal", "我们并不是不看好国产模型。", []found{{"不看好", "n"}}},
		{"的 then a predicate ends the scope", "没有监管的市场存在泡沫。", []found{{"监管", "n"}, {"泡沫", ""}}},
		{"的 without a predicate keeps it", "这并非真正的革命。", []found{{"革命", "n"}}},
		{"和……无关", "这些都和泡沫无关。", []found{{"泡沫", "n"}}},
		{"clause ends the scope", "如果不加监管，深度伪造将泛滥。", []found{{"监管", "n"}, {"深度伪造", ""}}},
		{"curly quotes", "所谓“弯道超车”，只是空想。", []found{{"弯道超车", "q"}}},
		{"single quotes", "媒体口中的‘颠覆’。", []found{{"颠覆", "q"}}},
		{"corner brackets", "这就是「遥遥领先」。", []found{{"遥遥领先", "q"}}},
		{"white corner brackets", "『划时代』的发明。", []found{{"划时代", "q"}}},
		{"ASCII quotes toggle", `有人称之为"革命"，我称之为营销，"泡沫"也罢。`, []found{{"革命", "q"}, {"泡沫", "q"}}},
		{"full-width straight quotes", "＂吊打＂太夸张。", []found{{"吊打", "q"}}},
		{"apostrophe closes nothing", "“OpenAI’s模型在排行榜上”", []found{{"排行榜", "q"}}},
		{"question marks every marker", "这会是下一个互联网泡沫吗?", []found{{"互联网泡沫", "?"}}},
		{"rhetorical with negation", "难道这不是炒作吗？", []found{{"炒作", "n?"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(tt.text, tagText(t, tt.text, false))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tag(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestTagOffsetsAndCategories(t *testing.T) {
	text := "Sora横空出世，美股泡沫却遥遥领先。"
	r := tagText(t, text, false)
	want := []Match{
		{Start: 4, End: 16, Pattern: "横空出世", Categories: []string{"epochal", "hype"}},
		{Start: 19, End: 25, Pattern: "美股", Categories: []string{"bubble"}},
		{Start: 25, End: 31, Pattern: "泡沫", Categories: []string{"bubble"}},
		{Start: 34, End: 46, Pattern: "遥遥领先", Categories: []string{"competition", "triumphalism", "slang"}},
	}
	if !reflect.DeepEqual(r.Matches, want) {
		t.Errorf("Tag(%q).Matches =\n%+v\nwant\n%+v", text, r.Matches, want)
	}
}

func TestGlobPatternIsRaw(t *testing.T) {
	r := tagText(t, "大量GPUs和AI概念股。", false)
	var got []string
	for _, m := range r.Matches {
		got = append(got, m.Pattern)
	}
	if want := []string{"GPU*", "*概念股"}; !reflect.DeepEqual(got, want) {
		t.Errorf("patterns = %q, want %q", got, want)
	}
}

func TestShortPatternWithoutTokens(t *testing.T) {
	f := testFixture(t)
	text := "他把投资本金亏光了。"
	if r := f.tg.Tag(Sentence{Text: text}); len(r.Matches) != 1 || text[r.Matches[0].Start:r.Matches[0].End] != "资本" {
		t.Errorf("without tokens, Tag(%q) = %v, want the unchecked 资本", text, summarize(text, r))
	}
	if r := f.tg.Tag(Sentence{Text: text, Tokens: f.seg.Tokenize(text)}); len(r.Matches) != 0 {
		t.Errorf("with tokens, Tag(%q) = %v, want nothing", text, summarize(text, r))
	}
}

func TestQuoteAcrossSentences(t *testing.T) {
	// One paragraph: a quotation opens in the first sentence and closes in the third.
	sentences := []string{"他说：“泡沫总会破的。", "炒作也总会结束。", "割韭菜的人却不会。”", "这是他的原话，颠覆二字他没提。"}
	wantQuoted := [][]bool{{true}, {true}, {true}, {false}}
	wantOpen := []bool{true, true, false, false}
	in := false
	for i, s := range sentences {
		r := tagText(t, s, in)
		var quoted []bool
		for _, m := range r.Matches {
			quoted = append(quoted, m.Quoted)
		}
		if !reflect.DeepEqual(quoted, wantQuoted[i]) || r.InQuote != wantOpen[i] {
			t.Errorf("sentence %d %q: quoted %v InQuote %v, want %v %v", i, s, quoted, r.InQuote, wantQuoted[i], wantOpen[i])
		}
		in = r.InQuote
	}
}

func TestQuestionShape(t *testing.T) {
	tests := []struct {
		text                 string
		question, rhetorical bool
	}{
		{"中国AI到底落后几年？", true, false},
		{"这会是下一个泡沫吗?", true, false},
		{"泡沫什么时候会破呢。", true, false},
		{"他问我：“这算不算泡沫？”", true, false},
		{"真相果真如此吗?", true, true},
		{"难道这不是炒作吗？", true, true},
		{"难道我们要坐等被卡脖子吗！", true, true},
		{"这不就是割韭菜吗？", true, true},
		{"那自动驾驶是不是AI？", true, true},
		{"这岂不是自欺欺人？", true, true},
		{"这何尝不是一种收割？", true, true},
		{"一个聊天机器人，怎么可能取代医生？", true, true},
		{"谁说中国造不出芯片？", true, true},
		{"哪有什么弯道超车，只有日复一日的积累。", true, true},
		{"这是不是泡沫，还很难说。", false, false},
		{"至于有没有差距，这个确实是有的。", false, false},
		{"我们还早着呢。", false, false},
		{"华为再次遥遥领先。", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q, r := questionShape(tt.text)
			if q != tt.question || r != tt.rhetorical {
				t.Errorf("questionShape(%q) = %v, %v, want %v, %v", tt.text, q, r, tt.question, tt.rhetorical)
			}
		})
	}
}

func TestNewWithoutCategoryPatterns(t *testing.T) {
	cb, err := codebook.Parse([]byte(`name: aliases-only
version: 1
frames: []
rhetoric: []
targets:
  - id: us_ai
    zh: 美国AI
    en: US AI
    aliases: [Sora]
`), "aliases-only.yml")
	if err != nil {
		t.Skipf("the codebook package refuses a codebook without categories: %v", err)
	}
	if _, err := New(cb); err == nil || !strings.Contains(err.Error(), "no category patterns") {
		t.Errorf("New(aliases only) error = %v, want one that says there are no category patterns", err)
	}
}

func TestConcurrentTagGivesSameResults(t *testing.T) {
	f := testFixture(t)
	texts := []string{
		"华为的芯片在全球遥遥领先，美股泡沫却越来越大。",
		"难道这不是炒作吗？",
		"所谓“弯道超车”，不过是“零元购”的翻版。",
		"我从不觉得这是炒作，也看不到任何颠覆。",
	}
	sents := make([]Sentence, len(texts))
	want := make([]Result, len(texts))
	for i, s := range texts {
		sents[i] = Sentence{Text: s, Tokens: f.seg.Tokenize(s)}
		want[i] = f.tg.Tag(sents[i])
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				for i := range sents {
					if got := f.tg.Tag(sents[i]); !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Sprintf("Tag(%q) differs under concurrency", texts[i])
						return
					}
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

func ExampleTagger_Tag() {
	cb, err := codebook.Default()
	if err != nil {
		panic(err)
	}
	tg, err := New(cb)
	if err != nil {
		panic(err)
	}
	seg, err := segment.New(segment.Options{Words: cb.DictWords()})
	if err != nil {
		panic(err)
	}
	defer seg.Close()
	text := "难道Sora并非“划时代”的突破吗？"
	r := tg.Tag(Sentence{Text: text, Tokens: seg.Tokenize(text)})
	fmt.Println("question:", r.Question, "rhetorical:", r.Rhetorical)
	for _, m := range r.Matches {
		fmt.Printf("%s %v negated=%v quoted=%v\n", text[m.Start:m.End], m.Categories, m.Negated, m.Quoted)
	}
	// Output:
	// question: true rhetorical: true
	// 划时代 [epochal] negated=true quoted=true
	// 突破 [epochal] negated=true quoted=false
}
