package stance_test

import (
	"fmt"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/stance"
)

// The rules read a comparison: the cheaper model is favoured, the other is not. Without
// tokens (nil) the rules work on characters; pass jieba's tokens for real text.
func ExampleRules_ScoreText() {
	cb, err := codebook.Default()
	if err != nil {
		panic(err)
	}
	r, err := stance.NewRules(cb, stance.RulesOptions{})
	if err != nil {
		panic(err)
	}
	_, sents, doc := r.ScoreText("DeepSeek比GPT-4便宜得多。", nil)
	for _, id := range r.Targets() {
		fmt.Println(id, sents[0][id].Label, sents[0][id].Evidence)
	}
	fmt.Println(doc["china_ai"].Label, doc["china_ai"].Score, doc["china_ai"].Evidence)
	// Output:
	// us_ai against [-便宜 rule:comparison]
	// china_ai favor [+便宜]
	// favor 0.762 [0]
}
