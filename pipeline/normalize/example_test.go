package normalize_test

import (
	"fmt"
	"log"

	"github.com/huashu/huashu/pipeline/normalize"
)

func ExampleNormalizer_Normalize() {
	n, err := normalize.New(normalize.Options{Markdown: true, Traditional: true})
	if err != nil {
		log.Fatal(err)
	}
	r := n.Normalize("## 這個模型\n\n**ＧＰＴ－５**遙遙領先？真的嗎。")
	fmt.Printf("%q\n", r.Analysis)
	for _, s := range r.Sentences {
		fmt.Printf("%d [%d,%d) %s\n", s.Paragraph, s.Start, s.End, r.Text(s))
	}
	// Output:
	// "这个模型\n\nGPT-5遥遥领先？真的吗。"
	// 0 [3,7) 这个模型
	// 1 [11,23) GPT-5遥遥领先？
	// 1 [23,27) 真的吗。
}

func ExampleResult_Span() {
	n, _ := normalize.New(normalize.Options{Traditional: true})
	r := n.Normalize("美國ＡＩ遙遙領先")
	// "遥遥领先" starts at byte 8 of the analysis text "美国AI遥遥领先".
	start, end := r.Span(8, 8+len("遥遥领先"))
	fmt.Println(start, end, string([]rune(r.Original)[start:end]))
	// Output:
	// 4 8 遙遙領先
}
