package stats_test

import (
	"fmt"
	"os"

	"github.com/huashu/huashu/pipeline/codebook"
	"github.com/huashu/huashu/pipeline/model"
	"github.com/huashu/huashu/pipeline/stats"
)

// Two posts grouped by source: the rate is per 1,000 characters of the group, the share the
// frame's part of the group's frame hits.
func ExampleGroups() {
	cb, _ := codebook.Default()
	post := func(id, source string, chars int, cats ...string) stats.Doc {
		a := &model.Annotation{ID: id, Source: source, Chars: chars}
		for _, c := range cats {
			a.Markers = append(a.Markers, model.Marker{Categories: []string{c}})
		}
		return stats.Doc{Ann: a}
	}
	docs := []stats.Doc{
		post("1", "weibo", 200, "bubble", "bubble", "compute"),
		post("2", "weibo", 300, "bubble"),
	}
	tab, err := stats.Groups(cb, docs, []string{"source"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tab.Float(0, "bubble_hits"), tab.Float(0, "bubble_per_1k"), tab.Float(0, "bubble_share"))
	// Output: 3 6 0.75
}

// The keyness of one feature: G² as quanteda reports it (here without correction) and
// Hardie's log ratio.
func ExampleG2() {
	// 泡沫 twice in 10 words of the target, twice in 20 of the reference.
	fmt.Printf("%.4f %.4f %.1f\n",
		stats.G2(2, 2, 10, 20, stats.CorrectionNone),
		stats.ChiSquareP(stats.G2(2, 2, 10, 20, stats.CorrectionNone)),
		stats.LogRatio(2, 2, 10, 20))
	// Output: 0.5491 0.4587 1.0
}

// The long format of a table, written as CSV.
func ExampleLong() {
	tab := &stats.Table{Name: "groups",
		Columns: []stats.Column{{Name: "month", Type: stats.String, Measure: "month"},
			{Name: "bubble_per_1k", Type: stats.Float, Category: "bubble", Measure: "per_1k"},
			{Name: "compute_per_1k", Type: stats.Float, Category: "compute", Measure: "per_1k"}},
		Rows: [][]any{{"2024-02", 3.2, 0.5}},
	}
	stats.Write(os.Stdout, tab, stats.WriteOptions{Format: stats.CSV, Long: true})
	// Output:
	// month,category,measure,value
	// 2024-02,bubble,per_1k,3.2
	// 2024-02,compute,per_1k,0.5
}
