package index_test

import (
	"fmt"

	"github.com/huashu/huashu/pipeline/index"
)

func ExampleFoldExactString() {
	// The exact field folds Latin letters and full-width forms, one character for one.
	fmt.Println(index.FoldExactString("ＯｐｅｎＡＩ的Sora，遥遥领先"))
	// Output: openai的sora,遥遥领先
}

func ExampleParagraphSpans() {
	// An essay's stored paragraphs, and the text of its second passage.
	text := "泡沫？\n\n不，是革命。"
	spans, err := index.ParagraphSpans("0-3 5-11")
	if err != nil {
		panic(err)
	}
	fmt.Println(len(spans), index.Slice(text, spans[1].Start, spans[1].End))
	// Output: 2 不，是革命。
}
