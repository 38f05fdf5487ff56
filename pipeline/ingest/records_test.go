package ingest

import (
	"encoding/json"
	"testing"
)

// TestJSONString checks jsonString against json.Unmarshal on strings with and without
// escapes, and on values that are not strings.
func TestJSONString(t *testing.T) {
	for _, raw := range []string{
		`""`, `"a"`, `"遥遥领先"`, `"泡沫？🙂"`, `"中\"文"`, `"\\"`, `"\u4e2d\u6587"`, `"a\nb\tc"`,
		`"\ud83d\ude42"`, `"\ud800"`, `"/\/"`, `"<&>"`, "\"\u2028\"",
		`1`, `-2.5e3`, `true`, `null`, `[]`, `["a"]`, `{"a":"b"}`,
	} {
		if !json.Valid([]byte(raw)) {
			t.Fatalf("%s is not valid JSON", raw)
		}
		var want string
		wantErr := json.Unmarshal([]byte(raw), &want)
		got, err := jsonString(json.RawMessage(raw))
		if (err != nil) != (wantErr != nil) || got != want {
			t.Errorf("jsonString(%s) = %q, %v; json.Unmarshal gives %q, %v", raw, got, err, want, wantErr)
		}
	}
}
