package codebook_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/huashu/huashu/pipeline/codebook"
)

// A glob pattern takes in the Latin letters and digits that continue the word, never Han.
func ExamplePattern_FindAll() {
	cb, err := codebook.Parse([]byte(`name: demo
version: 1
frames:
  - id: bubble
    terms: ["*概念股"]
`), "demo.yml")
	if err != nil {
		fmt.Println(err)
		return
	}
	p := cb.Patterns()[0]
	text := "AI概念股与算力概念股"
	for _, m := range p.FindAll(text) {
		fmt.Println(text[m.Start:m.End])
	}
	// Output:
	// AI概念股
	// 概念股
}

// A match inside an exclusion counts for nothing; a category's own exclusion removes only
// that category.
func ExamplePattern_CategoriesAt() {
	cb, err := codebook.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range cb.Patterns() {
		if p.Raw != "泡沫" {
			continue
		}
		for _, text := range []string{"AI泡沫要破了", "快递用的泡沫箱"} {
			m := p.FindAll(text)[0]
			fmt.Println(text, p.CategoriesAt(text, m.TextStart, m.TextEnd))
		}
	}
	// Output:
	// AI泡沫要破了 [bubble]
	// 快递用的泡沫箱 []
}

// Validation errors name the file, the line and the column.
func ExampleParse_errors() {
	_, err := codebook.Parse([]byte(`name: demo
version: 1
frames:
  - id: bubble
    terms: [泡沫, 炒作]
    exclude: [泡末箱]
`), "demo.yml")
	fmt.Println(err)
	// Output:
	// demo.yml:6:15: frame "bubble": exclusion "泡末箱": contains no term of bubble, so it can never apply (a typo?)
}

// The codebook as a LIWC dictionary.
func ExampleCodebook_WriteLIWC() {
	cb, err := codebook.Parse([]byte(`name: demo
version: 1
frames:
  - id: competition
    terms: [遥遥领先, 差距]
rhetoric:
  - id: slang
    terms: [遥遥领先, 卡脖子]
`), "demo.yml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var b strings.Builder
	if err := cb.WriteLIWC(&b); err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.ReplaceAll(b.String(), "\t", " "))
	// Output:
	// %
	// 1 competition
	// 2 slang
	// %
	// 遥遥领先 1 2
	// 差距 1
	// 卡脖子 2
}

// Words for jieba's user dictionary, so that the codebook's phrases stay one word.
func ExampleCodebook_DictWords() {
	cb, err := codebook.Parse([]byte(`name: demo
version: 1
rhetoric:
  - id: triumphalism
    terms: [遥遥领先, 断层式领先, "GPU*", yyds]
`), "demo.yml")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	fmt.Println(cb.DictWords())
	// Output:
	// [断层式领先 遥遥领先]
}
