package index

import (
	"fmt"

	"github.com/huashu/huashu/pipeline/model"
)

// ParseSpans parses a value of FieldSpans (formatCharByteSpans): the paragraphs' spans in
// characters and in bytes of the essay's text, end exclusive.
func ParseSpans(v string) (chars, bytes []model.Span, err error) {
	if v == "" {
		return nil, nil, nil
	}
	// 4 numbers a span, of a byte or more
	return AppendSpans(make([]model.Span, 0, len(v)/4), make([]model.Span, 0, len(v)/4), v)
}

// AppendSpans parses v as ParseSpans does, appending to chars and bytes (buffers that a
// caller reuses from one essay to the next).
func AppendSpans(chars, bytes []model.Span, v string) ([]model.Span, []model.Span, error) {
	var nums [4]int
	prevC, prevB := 0, 0
	for i, k := 0, 0; i < len(v); k++ {
		for j := range nums {
			var n uint64
			var ok bool
			if i, n, ok = spanNumber(v, i); !ok {
				return nil, nil, fmt.Errorf("index: %s: span %d: truncated or corrupt (%d bytes)", FieldSpans, k+1, len(v))
			}
			nums[j] = int(n)
			if j == 0 || j == 2 {
				nums[j] = int(n>>1) ^ -int(n&1) // zigzag
			}
		}
		c := model.Span{Start: prevC + nums[0], End: prevC + nums[0] + nums[1]}
		b := model.Span{Start: prevB + nums[2], End: prevB + nums[2] + nums[3]}
		if c.Start < 0 || b.Start < 0 {
			return nil, nil, fmt.Errorf("index: %s: span %d starts before the text", FieldSpans, k+1)
		}
		chars, bytes = append(chars, c), append(bytes, b)
		prevC, prevB = c.End, b.End
	}
	return chars, bytes, nil
}

// spanNumber reads a number written by appendSpanNumber at v[i:].
func spanNumber(v string, i int) (int, uint64, bool) {
	var n, scale uint64 = 0, 1
	for ; i < len(v) && scale < 1<<56; i++ {
		d := v[i]
		if d < 0x80 {
			if d == 0x7F {
				return i, 0, false
			}
			return i + 1, n + uint64(d)*scale, true
		}
		if d == 0xFF {
			return i, 0, false
		}
		n += uint64(d-0x80) * scale
		scale *= 127
	}
	return i, 0, false
}
