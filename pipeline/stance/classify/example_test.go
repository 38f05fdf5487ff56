package classify_test

import (
	"os"

	"github.com/huashu/huashu/pipeline/stance/classify"
)

// Score computes the NLPCC measure from gold rows and predicted labels.
func ExampleScore() {
	gold := []classify.Example{{Label: "favor"}, {Label: "favor"}, {Label: "against"}, {Label: "none"}}
	pred := []string{"favor", "none", "against", "against"}
	classify.Score(gold, pred).Write(os.Stdout)
	// Output:
	//     label  precision  recall      F1  gold  predicted
	//     favor     1.0000  0.5000  0.6667     2          1
	//   against     0.5000  1.0000  0.6667     1          2
	//      none     0.0000  0.0000  0.0000     1          1
	// F_avg 0.6667  accuracy 0.5000  rows 4
}
