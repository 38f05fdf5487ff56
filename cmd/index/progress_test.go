package main

import (
	"io"
	"strings"
	"testing"

	"github.com/huashu/huashu/pipeline/model"
)

// TestProgressBytes checks that progress counts file bytes: a finished file counts its
// whole size, the file being read its text up to its size, so the count reaches the total
// that ScanSizes measured once every file is read.
func TestProgressBytes(t *testing.T) {
	type read struct {
		path string
		text int // bytes of text of the document read
		want int64
	}
	tests := []struct {
		name  string
		sizes map[string]int64
		reads []read
	}{
		{"jsonl-then-md", map[string]int64{"a.jsonl": 100, "b.md": 50}, []read{
			{"a.jsonl", 30, 30}, {"a.jsonl", 30, 60}, {"b.md", 40, 140},
		}},
		{"text-longer-than-file", map[string]int64{"gbk.txt": 10, "c.txt": 5}, []read{
			{"gbk.txt", 15, 10}, {"c.txt", 5, 15},
		}},
		{"unknown-path", map[string]int64{"a.txt": 10}, []read{
			{"-", 7, 0}, {"a.txt", 4, 4},
		}},
		{"same-path-twice", map[string]int64{"x.md": 20}, []read{
			{"x.md", 8, 8}, {"y.md", 1, 20}, {"x.md", 8, 20},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProgress(io.Discard, true)
			p.start(tt.sizes)
			for i, r := range tt.reads {
				p.read(&model.Document{Path: r.path, Text: strings.Repeat("x", r.text)})
				if got := p.bytes.Load(); got != r.want {
					t.Errorf("after read %d (%s, %d bytes): %d bytes counted, want %d", i, r.path, r.text, got, r.want)
				}
			}
		})
	}
}
