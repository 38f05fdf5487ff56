package segment

// Why this file exists: gojieba's Tokenize (its Go wrapper) copies the text into C memory,
// then builds its []Word by appending to a slice that starts empty, and tokenize copied
// that again into []Token. For annotate that was half of all the bytes allocated (~40 bytes
// a word, twice over with the slice's growth) and 4 % of the CPU time. cutDefault calls the
// same C function of gojieba (jieba.h, `Tokenize`, linked from gojieba's package) and reads
// its array of words once into a slice of the right length. gojieba's Go API has no call
// that does this; the version is pinned in go.mod, and probe checks at start-up that the
// two give the same words (if not, New falls back to gojieba's wrapper).
// TestCutDefaultMatchesGojieba compares them on the sample and shared corpora.

/*
#include <stddef.h>
#include <stdlib.h>

// gojieba v1.4.6's jieba.h: a word is a byte offset and length into the sentence, the
// array ends with a word of length 0, and the caller frees it. mode 0 is DefaultMode.
typedef struct { size_t offset; size_t len; } huashuWord;
extern huashuWord* Tokenize(void* handle, const char* sentence, int mode, int is_hmm_used);
*/
import "C"

import (
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/yanyiwu/gojieba"
)

// cHandle returns the C++ segmenter of j: gojieba.Jieba's first field (`jieba C.Jieba`).
func cHandle(j *gojieba.Jieba) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(j)) }

// sentencePool holds the NUL-terminated copies of the text handed to jieba.
var sentencePool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// cutDefault appends to out the words of text in jieba's default mode with HMM, as
// j.Tokenize(text, gojieba.DefaultMode, true) gives them, offsets moved by base. text must
// be valid UTF-8 without NUL bytes.
func cutDefault(j *gojieba.Jieba, text string, base int, out []Token) []Token {
	bp := sentencePool.Get().(*[]byte)
	buf := append(append((*bp)[:0], text...), 0)
	words := C.Tokenize(cHandle(j), (*C.char)(unsafe.Pointer(&buf[0])), 0, 1)
	runtime.KeepAlive(j) // its finalizer frees the C++ segmenter
	*bp = buf
	sentencePool.Put(bp)
	n := 0
	for w := words; w.len != 0; w = (*C.huashuWord)(unsafe.Add(unsafe.Pointer(w), unsafe.Sizeof(*w))) {
		n++
	}
	out = slices.Grow(out, n)
	for _, w := range unsafe.Slice(words, n) {
		start := int(w.offset)
		end := start + int(w.len)
		out = append(out, Token{Text: text[start:end], Start: base + start, End: base + end})
	}
	C.free(unsafe.Pointer(words))
	return out
}

// probeText has words from the dictionary, an unknown name for the HMM, Latin letters,
// digits and punctuation.
const probeText = "南京市长江大桥上，OpenAI 发布了GPT-4；他来到了网易杭研大厦。2024年的泡沫？"

// probe reports whether cutDefault gives what gojieba's Tokenize gives.
func probe(j *gojieba.Jieba) bool {
	want := j.Tokenize(probeText, gojieba.DefaultMode, true)
	got := cutDefault(j, probeText, 0, nil)
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		if got[i] != (Token{Text: w.Str, Start: w.Start, End: w.End}) {
			return false
		}
	}
	return true
}
