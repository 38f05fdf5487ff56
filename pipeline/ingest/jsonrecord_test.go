package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/huashu/huashu/pipeline/diag"
)

// TestJSONString checks jsonString against json.Unmarshal on strings with and without
// escapes, lone and paired surrogates included.
func TestJSONString(t *testing.T) {
	for _, raw := range []string{
		`""`, `"a"`, `"遥遥领先"`, `"泡沫？🙂"`, `"中\"文"`, `"\\"`, `"\u4e2d\u6587"`, `"a\nb\tc"`,
		`"\ud83d\ude42"`, `"\ud800"`, `"\uDC00x"`, `"\ud83d\u4e2d"`, `"\ud83d"`, `"\\ud800"`,
		`"/\/"`, `"<&>"`, "\"\u2028\"", `"\u0000\u001f"`, `"\b\f\r"`,
	} {
		var want string
		if err := json.Unmarshal([]byte(raw), &want); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got := jsonString([]byte(raw)); got != want {
			t.Errorf("jsonString(%s) = %q; json.Unmarshal gives %q", raw, got, want)
		}
	}
}

// jsonLines are JSON Lines, good and bad, on which parseJSON must agree with stdParseJSON.
var jsonLines = []string{
	`{"id":"a1","text":"遥遥领先？真相果真如此吗","title":"标题","date":"2024-03-01","tags":["芯片","泡沫"]}`,
	`{"text":"第一段\n\n第二段\t「引号」\"双引号\"","source":"某网","author":"笔名"}`,
	`{"text":"\u4e2d\u6587\u5185\u5bb9","title":"\u6807\u9898"}`,
	`{"text":"emoji \ud83d\ude42 lone \ud800 end","x":"\uDC00"}`,
	`{"text":"a","text":"b"}`,
	`{"Text":"upper","text":"lower","TEXT":"all"}`,
	`{"content":"正文","text":""}`,
	`{"content":"正文","text":null}`,
	`{"content":"正文","text":42}`,
	`{"text":["a"]}`,
	`{"text":"   "}`,
	`{"title":"no text"}`,
	`{}`,
	` { "text" : "spaced" , "n" : -1.5e+3 , "ok" : true , "no" : false , "nil" : null } `,
	`{"text":"t","meta":{"b":1,"c":"x","d":[1,2]},"list":[1,"two",true,null],"mixed":[1,{"a":2}]}`,
	`{"text":"t","tags":"a, b；c","date":"2024年3月1日","url":"https://example.com/a?b=1&c=2"}`,
	`{"text":"t","date":"not a date","id":"  spaced id  "}`,
	`{"text":"t","\u6807\u9898":"escaped key","k\"q":"quoted key"}`,
	`{"text":"t","n":0,"m":1E2,"f":0.5,"big":123456789012345678901234567890}`,
	`{"text":"t","empty":[],"obj":{}}`,
	// Bad lines.
	`{"text":"a",}`,
	`{'text':'a'}`,
	`{"text":"a"`,
	`{"text":"a"} x`,
	`{"text":"a\x"}`,
	`{"text":"a\u12"}`,
	"{\"text\":\"a\tb\"}",
	`{"text":"t","n":01}`,
	`{"text":"t","n":1.}`,
	`{"text":"t","n":NaN}`,
	`{"text":"t","n":+1}`,
	`{"text":"t","b":True}`,
	`{text:"a"}`,
	`["text","a"]`,
	`"text"`,
	`42`,
	`true`,
	`null`,
	`{"text":"a"}{"text":"b"}`,
	`{"text":"a" "b":1}`,
	`{"text":"a",,"b":1}`,
	"{\"te\x01xt\":\"a\"}",
	"{\"text\":\"\x00\\\\n\"}", // fastjson's validator misses this one
}

// TestDecodeJSONAgainstStd compares decodeJSON (fastjson) with stdDecodeJSON (encoding/json)
// on good and bad lines, and jsonString with json.Unmarshal on every string value.
func TestDecodeJSONAgainstStd(t *testing.T) {
	for _, line := range jsonLines {
		compareDecodeJSON(t, []byte(line))
	}
}

// FuzzDecodeJSON compares decodeJSON with stdDecodeJSON on any line.
func FuzzDecodeJSON(f *testing.F) {
	for _, line := range jsonLines {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Count(line, "[")+strings.Count(line, "{") > 250 {
			t.Skip("fastjson's nesting limit (300) is below encoding/json's")
		}
		compareDecodeJSON(t, []byte(line))
	})
}

func compareDecodeJSON(t *testing.T, line []byte) {
	t.Helper()
	w := &walker{}
	got, gotKind, gotCol, gotReason := w.decodeJSON(line)
	want, wantKind, wantCol, wantReason := stdDecodeJSON(line)
	if gotKind != wantKind || gotCol != wantCol || gotReason != wantReason {
		t.Fatalf("%q:\n got  %s col %d %q\n want %s col %d %q", line, gotKind, gotCol, gotReason, wantKind, wantCol, wantReason)
	}
	if !reflect.DeepEqual(got.keys, want.keys) {
		t.Fatalf("%q: keys %q, want %q", line, got.keys, want.keys)
	}
	for _, k := range want.keys {
		if g, w := got.raw[k], want.raw[k]; !bytes.Equal(g, w) {
			t.Fatalf("%q: key %q holds %s, want %s", line, k, g, w)
		}
		if jsonKind(want.raw[k]) != "string" {
			continue
		}
		var s string
		if err := json.Unmarshal(want.raw[k], &s); err != nil {
			t.Fatal(err)
		}
		if g := jsonString(got.raw[k]); g != s {
			t.Fatalf("%q: key %q: jsonString gives %q, json.Unmarshal %q", line, k, g, s)
		}
	}
}

// stdDecodeJSON is decodeJSON done with encoding/json alone, as records were read before
// fastjson: the reference.
func stdDecodeJSON(line []byte) (obj jsonObject, kind string, col int, reason string) {
	if !utf8.Valid(line) {
		i := invalidUTF8At(line)
		return obj, diag.KindEncoding, i + 1, fmt.Sprintf("not valid UTF-8 (byte 0x%02X)", line[i])
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return obj, diag.KindJSON, int(syn.Offset), "invalid JSON: " + syn.Error()
		case errors.As(err, &typ):
			return obj, diag.KindJSON, 0, fmt.Sprintf("JSON value is %s %s, not an object", article(typ.Value), typ.Value)
		}
		return obj, diag.KindJSON, 0, "invalid JSON: " + err.Error()
	}
	if m == nil {
		return obj, diag.KindJSON, 0, "JSON value is null, not an object"
	}
	obj = jsonObject{keys: []string{}, raw: map[string][]byte{}}
	for k, v := range m {
		var b bytes.Buffer
		if err := json.Compact(&b, v); err != nil {
			panic(err)
		}
		obj.keys = append(obj.keys, k)
		obj.raw[k] = b.Bytes()
	}
	sort.Strings(obj.keys)
	return obj, "", 0, ""
}

// TestJSONValue checks how metadata values are rendered.
func TestJSONValue(t *testing.T) {
	for _, c := range []struct {
		raw, value string
		items      []string
		ok         bool
	}{
		{`null`, "", nil, false},
		{`"芯片"`, "芯片", nil, true},
		{`"a\nb"`, "a\nb", nil, true},
		{`-1.5e+3`, "-1.5e+3", nil, true},
		{`123456789012345678901234567890`, "123456789012345678901234567890", nil, true},
		{`true`, "true", nil, true},
		{`["芯片","泡沫"]`, "芯片, 泡沫", []string{"芯片", "泡沫"}, true},
		{`[1,"two",true,null]`, "1, two, true", []string{"1", "two", "true"}, true},
		{`[]`, "", []string{}, true},
		{`[1,{"a":2}]`, `[1,{"a":2}]`, nil, true},
		{`{"b":1,"c":"\u4e2d"}`, `{"b":1,"c":"\u4e2d"}`, nil, true},
	} {
		value, items, ok := jsonValue([]byte(c.raw))
		if value != c.value || !reflect.DeepEqual(items, c.items) || ok != c.ok {
			t.Errorf("jsonValue(%s) = %q, %q, %v; want %q, %q, %v", c.raw, value, items, ok, c.value, c.items, c.ok)
		}
	}
}
