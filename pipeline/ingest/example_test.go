package ingest_test

import (
	"context"
	"fmt"
	"os"

	"github.com/huashu/huashu/pipeline/diag"
	"github.com/huashu/huashu/pipeline/ingest"
	"github.com/huashu/huashu/pipeline/model"
)

func ExampleWalk() {
	log := diag.NewLog(os.Stdout, 0)
	err := ingest.Walk(context.Background(), []string{"testdata/files/records.jsonl"}, ingest.Options{}, log,
		func(d *model.Document) error {
			fmt.Printf("%s line %d date %q: %s\n", d.ID, d.Line, d.Date, d.Text)
			return nil
		})
	fmt.Println(err, log.Summary())
	// Output:
	// r1 line 1 date "2024-02-18": 第一条记录：算法推荐改变了阅读。
	// testdata/files/records.jsonl#L3 line 3 date "": 第二条没有 id，用路径和行号。
	// testdata/files/records.jsonl:4:29: invalid JSON: unexpected end of JSON input
	// testdata/files/records.jsonl:5: no text in field "text" or "content"
	// testdata/files/records.jsonl#L6 line 6 date "2024-03-01": 第五条的正文在 content 字段。
	// testdata/files/records.jsonl#L8 line 8 date "": 第八行：CRLF 结尾。
	// testdata/files/records.jsonl:9: JSON value is an array, not an object
	// testdata/files/records.jsonl:10: field "text" holds a number, not a string
	// testdata/files/records.jsonl:11: duplicate id "r1", first read at testdata/files/records.jsonl:1
	// testdata/files/records.jsonl:12: warning: date "明天" is not a date like 2024-02-18; kept as given (later bad dates in this file are not reported)
	// testdata/files/records.jsonl#L12 line 12 date "明天": 日期写错了
	// testdata/files/records.jsonl#L13 line 13 date "后天": 第二个坏日期只在第一次报告
	// <nil> 2 bad-json, 1 duplicate-id, 2 no-text
}

func ExampleScan() {
	files, size, err := ingest.Scan([]string{"testdata/tree"})
	fmt.Println(files, size > 0, err)
	// Output: 5 true <nil>
}
