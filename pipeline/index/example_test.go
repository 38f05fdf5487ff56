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
