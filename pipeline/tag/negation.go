package tag

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// cue is what a word of a clause does to the negation of a term that follows it.
type cue uint8

const (
	cueNone  cue = iota // read whole and ignored: looks like a negation, is none (不仅, 非常)
	cueNeg              // a negation (不是, 没有, 并非, 不)
	cueBreak            // a contrast that ends the scope of earlier cues (而是, 但是, 却)
	cueDe               // 的: a predicate after it ends the scope of earlier cues
	cuePred             // a predicate that ends the scope when it follows a 的
)

// cueWords lists the words of each kind. The scan takes the longest word at each place, so a
// word listed as cueNone hides the negation characters inside it.
var cueWords = map[cue][]string{
	cueNeg: {
		"不", "没", "无", "未", "非", "否认", "否定",
		"不是", "不会是", "不能说", "不存在", "不再", "并不", "并非", "并无", "并没", "并没有",
		"没有", "从不", "从没", "从来不", "从来没", "从未", "绝不", "绝非", "决不", "远非", "而非",
		"毫无", "谈不上", "算不上", "称不上", "说不上", "看不到", "看不出", "看不见", "无关",
		"尚未", "未曾", "未必", "无法", "不可能", "别再",
	},
	cueNone: {
		// 不
		"不仅", "不但", "不只", "不光", "不止", "不断", "不少", "不同", "不错", "不久", "不禁",
		"不过", "不管", "不论", "不如", "不免", "不得不", "不由得", "不惜", "不妨", "不愧", "不料",
		"不然", "要不然", "不已", "不停", "不满", "不安", "不平等", "不公", "不稳定", "不确定",
		"不良", "不利", "不当", "不亚于", "不外乎", "不可避免", "不可或缺", "不可思议",
		"不容忽视", "不可忽视", "不言而喻", "不约而同", "层出不穷", "势不可挡", "了不起",
		"不得了", "差不多", "忍不住", "禁不住", "毫不犹豫", "不知不觉", "不可同日而语",
		"是不是", "会不会", "能不能", "要不要", "可不可以", "好不好", "对不对", "行不行", "算不算",
		"有没有", "动不动", "是否", "不知道", "不清楚", "说不清", "说不准",
		// potential complements, V不C (cannot V, V badly): they assert what follows, 逃不掉失业
		// is unemployment that will come, 比不上英伟达 a comparison. The verbs of perception
		// that deny what they do not see (看不到, 看不出) are negations above.
		"逃不掉", "逃不了", "逃不过", "躲不掉", "躲不开", "躲不过", "避不开", "避免不了", "免不了",
		"少不了", "离不开", "绕不开", "绕不过", "挡不住", "拦不住", "止不住", "压不住", "管不住",
		"守不住", "保不住", "控制不住", "跑不了", "跑不掉", "甩不掉", "摆脱不了",
		"阻止不了", "阻挡不了", "改变不了", "受不了", "忘不了", "跟不上", "赶不上", "比不上",
		"追不上", "买不起", "用不起", "玩不起", "输不起", "做不好", "处理不好", "管不好", "搞不好",
		"弄不好", "控制不好", "舍不得", "怪不得", "恨不得", "巴不得", "由不得",
		// setting aside, needless to say: they frame what follows, they do not deny it
		"且不说", "先不说", "暂且不说", "姑且不说", "不用说", "不消说", "更不用说", "更别说",
		"别说",
		// double negations fixed as affirmations
		"何尝不", "未尝不", "岂不",
		// 无, 未, 非, 没
		"无论", "无疑", "毫无疑问", "无数", "无限", "无比", "无非", "无人驾驶", "无人机", "无线",
		"无与伦比", "无可争议", "无可比拟", "前所未有", "未来", "未尝", "未免", "非常", "非法",
		"非凡", "非但", "非得", "非要", "除非", "莫非", "是非", "没准", "埋没", "淹没", "吞没",
		"沉没", "出没", "没收",
		// 的 inside words
		"的确", "目的", "真的",
	},
	cueBreak: {
		"而是", "而", "但是", "但", "却", "可是", "然而", "反而", "只是", "相反", "倒是",
	},
	cueDe: {"的"},
	cuePred: {
		"是", "有", "存在", "会", "将", "带来", "导致", "造成", "引发", "成为", "面临", "需要",
		"可能",
	},
}

// cueWord is one word of cueWords with its kind.
type cueWord struct {
	word string
	kind cue
	// with is true when the word holds one of withChars.
	with bool
}

// cuesByFirst holds the cue words by their first character, longest first; cueStarts holds
// those first characters, to pass over the others without a map lookup.
var (
	cuesByFirst = map[rune][]cueWord{}
	cueStarts   runeSet
)

// withChars open the phrase that a following 无关 closes: 和/与/跟/同 X 无关. withSet holds
// them.
const withChars = "和与跟同"

var withSet runeSet

func init() {
	for kind, words := range cueWords {
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			cuesByFirst[r] = append(cuesByFirst[r], cueWord{w, kind, strings.ContainsAny(w, withChars)})
			cueStarts.add(r)
		}
	}
	for _, list := range cuesByFirst {
		sort.Slice(list, func(i, j int) bool { return len(list[i].word) > len(list[j].word) })
	}
	for _, r := range withChars {
		withSet.add(r)
	}
}

// cueAt returns the longest cue word at the start of s, whose first character is r.
func cueAt(s string, r rune) (cueWord, bool) {
	if !cueStarts.has(r) {
		return cueWord{}, false
	}
	for _, c := range cuesByFirst[r] {
		if strings.HasPrefix(s, c.word) {
			return c, true
		}
	}
	return cueWord{}, false
}

// clauseMarks end a clause: a negation before one of them governs nothing after it.
const clauseMarks = "，,；;：:、。．！!？?\n"

// markSet holds the characters of clauseMarks.
var markSet runeSet

func init() {
	for _, r := range clauseMarks {
		markSet.add(r)
	}
}

// mark is a clause mark of a sentence, text[at:next] (bytes).
type mark struct{ at, next int }

// unrelated are the negations that follow their object: 和/与/跟/同 X 无关.
var unrelated = []string{"无关", "没有关系", "没关系", "毫无关系", "不相干"}

// negated reports whether a negation governs the term at text[start:end] (bytes): the cues
// between the start of its clause and the term, counted with their scope rules, are odd; a
// 和……无关 around the term counts as one more. marks are the clause marks of text, in order
// (reading.marks).
func negated(text string, marks []mark, start, end int) bool {
	// The clause runs from the end of the last mark before the term to the first mark after.
	from, to := 0, len(text)
	for _, m := range marks {
		if m.next <= start {
			from = m.next
		}
		if m.at >= end {
			to = m.at
			break
		}
	}
	clause := text[from:start]
	count, afterDe, with := 0, false, false
	for i := 0; i < len(clause); {
		r, size := utf8.DecodeRuneInString(clause[i:])
		c, ok := cueAt(clause[i:], r)
		if !ok {
			with = with || withSet.has(r)
			i += size
			continue
		}
		with = with || c.with
		switch c.kind {
		case cueNeg:
			count++
			afterDe = false
		case cueBreak:
			count, afterDe = 0, false
		case cueDe:
			afterDe = count > 0
		case cuePred:
			if afterDe {
				count, afterDe = 0, false
			}
		}
		i += len(c.word)
	}
	if with && unrelatedIn(text[end:to]) {
		count++
	}
	return count%2 == 1
}

// unrelatedIn reports whether after, the rest of a term's clause, holds a negation that
// follows its object (无关), which closes a 和/与/跟/同 …… phrase before the term.
func unrelatedIn(after string) bool {
	for _, u := range unrelated {
		if strings.Contains(after, u) {
			return true
		}
	}
	return false
}
