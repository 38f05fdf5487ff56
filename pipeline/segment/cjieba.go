package segment

// Why this file exists: jieba's cutting is most of annotate's time, and a third or more of
// jieba's own time went to work around the cut rather than in it. gojieba's Tokenize (the C
// function its Go wrapper calls) copies the text into a std::string, decodes it, allocates
// a DAG and three word vectors for each run between separators, makes a std::string of each
// word, and copies the words into a malloc'ed array; its Go wrapper then copied the text
// into C memory and built a []Word by appending. And each step of cppjieba's walk down its
// trie searches a node's unordered_map and reads the child and its DictUnit, trips to
// memory that miss the caches.
//
// cutter.cpp cuts with jieba's own trie, weights and HMM model, loaded by gojieba, and
// gives the same words (the loops are cppjieba's), with its buffers reused per thread, the
// words written as offsets into a Go array, the trie's first three levels and the HMM's
// emission probabilities in tables built from them at start (35–45 ms, BenchmarkNewCutter).
// BenchmarkCutDefault: ~4× the speed of gojieba's Tokenize (docs/benchmarks.md).
// gojieba's API has no call for this, so cutter.cpp compiles against cppjieba's headers,
// copied unchanged from gojieba v1.4.6 into third_party/ (the version is pinned in go.mod;
// TestVendoredHeaders checks they are the module's). probe checks at start-up that the
// cutter and gojieba's Tokenize agree, and New falls back to gojieba's wrapper if they do
// not; TestCutDefaultMatchesGojieba, TestCutDefaultMatchesGojiebaOnWeibo,
// TestCutDefaultMatchesGojiebaOnDictionary, FuzzCutDefault and FuzzCutDictionaryWords
// compare them on the sample and shared corpora, 19,003 Weibo posts, every word of the
// dictionary, random text and random runs of dictionary words.

/*
#cgo CXXFLAGS: -I${SRCDIR}/../../third_party/cppjieba/include -I${SRCDIR}/../../third_party/limonp/include
#cgo CXXFLAGS: -DLOGGING_LEVEL=LL_WARNING -O3 -Wno-deprecated -Wno-unused-variable -std=c++11
#include "cutter.h"
*/
import "C"

import (
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/yanyiwu/gojieba"
)

// cHandle returns the C++ segmenter of j: gojieba.Jieba's first field (`jieba C.Jieba`, a
// cppjieba::Jieba*).
func cHandle(j *gojieba.Jieba) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(j)) }

// cutter is cutter.cpp's cutter over one gojieba.Jieba.
type cutter struct {
	c     unsafe.Pointer
	jieba *gojieba.Jieba // kept alive: the cutter reads its dictionaries
}

// newCutter builds a cutter over j (35–45 ms: its tables, BenchmarkNewCutter).
func newCutter(j *gojieba.Jieba) *cutter {
	return &cutter{c: C.huashu_cutter_new(cHandle(j)), jieba: j}
}

// trimCHeap hands back to the system the memory that C's malloc holds free: jieba's load
// frees ~8 MB of copies of the dictionary (cppjieba sorts one, and copies the words to
// build the trie), which glibc keeps for later, and which would count in every run's
// peak memory.
func trimCHeap() { C.huashu_trim() }

// free frees the cutter; j must be freed after it.
func (c *cutter) free() {
	if c.c != nil {
		C.huashu_cutter_free(c.c)
		c.c = nil
	}
}

// offsetPool holds the arrays the cutter writes word offsets to.
var offsetPool = sync.Pool{New: func() any { b := make([]uint32, 0, 8192); return &b }}

// cutDefault appends to out the words of text in jieba's default mode with HMM, as
// gojieba's Tokenize(text, gojieba.DefaultMode, true) gives them, offsets moved by base.
// text must be valid UTF-8 without NUL bytes.
func (c *cutter) cutDefault(text string, base int, out []Token) []Token {
	if text == "" {
		return out
	}
	bp := offsetPool.Get().(*[]uint32)
	offs := slices.Grow((*bp)[:0], 2*len(text))[:2*len(text)]
	n := int(C.huashu_cut(c.c, (*C.char)(unsafe.Pointer(unsafe.StringData(text))), C.size_t(len(text)), (*C.uint32_t)(unsafe.Pointer(&offs[0]))))
	runtime.KeepAlive(c) // and so c.jieba, whose finalizer frees the dictionaries
	if n < 0 || n > len(text) {
		panic("segment: jieba's cutter was given text that is not valid UTF-8")
	}
	out = slices.Grow(out, n)
	for i := 0; i < n; i++ {
		start, end := int(offs[2*i]), int(offs[2*i+1])
		out = append(out, Token{Text: text[start:end], Start: base + start, End: base + end})
	}
	*bp = offs[:0]
	offsetPool.Put(bp)
	return out
}

// probeText has words from the dictionary, an unknown name for the HMM, Latin letters,
// digits, punctuation and a character beyond the Basic Multilingual Plane.
const probeText = "南京市长江大桥上，OpenAI 发布了GPT-4；他来到了网易杭研大厦。2024年的泡沫？𠀀字"

// probe reports whether c gives what gojieba's Tokenize gives.
func probe(j *gojieba.Jieba, c *cutter) bool {
	want := j.Tokenize(probeText, gojieba.DefaultMode, true)
	got := c.cutDefault(probeText, 0, nil)
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
