package search_test

import (
	"fmt"
	"strings"

	"github.com/huashu/huashu/pipeline/search"
)

func ExampleParse() {
	n, err := search.Parse(`frame:(bubble OR hype) -marker.neg:泡沫 date:>=2024-02`)
	if err != nil {
		panic(err)
	}
	fmt.Println(search.String(n))
	_, err = search.Parse("frame:bubble (泡沫 OR 炒作")
	fmt.Println(err)
	// Output:
	// (frame:bubble OR frame:hype) AND NOT marker.neg:泡沫 AND date:>="2024-02"
	// query:1:14: unbalanced parenthesis: '(' without ')'
}

func ExampleConcordance() {
	text := "准点率“遥遥领先”，包装技术“遥遥领先”。"
	runes := []rune(text)
	spans := search.FindAll(runes, "遥遥领先", nil)
	lines := search.Concordance("doc", text, runes, spans, 5)
	var b strings.Builder
	search.FormatLines(&b, lines, "|", nil, false) // keywords line up: a Han character is 2 columns
	fmt.Print(b.String())
	// Output:
	// |  准点率“ [遥遥领先] ”，包装技
	// |包装技术“ [遥遥领先] ”。
}
