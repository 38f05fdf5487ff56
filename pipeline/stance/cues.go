package stance

// The function words the rules read. They are grammar, not evaluation, so they live here and
// not in the lexicon; each list says what the rules do with it.

// negators flip the polarity of an evaluative word that follows within negationWindow words
// in the same clause: 不强大, 并非泡沫, 谈不上划时代, 缺乏创新.
var negators = cues(
	"不", "没", "没有", "未", "无", "非", "并非", "并不", "并未", "并没", "并没有", "并无",
	"从不", "从未", "从没", "从来不", "从来没有", "绝不", "决不", "绝非", "决非", "远非", "毫不",
	"毫无", "不是", "算不上", "谈不上", "称不上", "说不上", "不算", "不太", "不怎么", "不够",
	"别", "不必", "不用", "无需", "无须", "未必", "不见得", "不再", "难以", "无法", "不能",
	"不会", "缺乏", "缺少", "欠缺", "没那么", "不那么", "谈何", "而非", "而不是", "错失", "错过",
	"失去", "丧失", "痛失", "否认", "没什么", "没啥", "没有什么", "并没有什么",
)

// opinionNegators negate a whole clause of opinion: 我从不觉得OpenAI是在炒作.
var opinionNegators = []string{
	"不觉得", "不认为", "不以为", "不相信", "并不认为", "并不觉得", "从不觉得", "从不认为",
	"从来不觉得", "从来不认为", "没觉得", "不感觉",
}

// opinionNegatorCues indexes opinionNegators, to skip sentences that hold none.
var opinionNegatorCues = cues(opinionNegators...)

// farCues after an evaluative word, with 离 or 距离 before it, deny it: 离真正实用还很远.
var farCues = []string{"还很远", "还远", "很远", "尚远", "甚远", "还有距离", "还有很大距离", "还有很长的路", "还差得远"}

// tokenPrefixes and tokenSuffixes may be glued by jieba to a one-character evaluative word
// (不差, 很强, 太牛, 强得, 强多, 强吗): the word still counts, negated after 不 and 没.
var (
	tokenPrefixes = []string{"不", "没", "很", "太", "更", "最", "真", "超", "挺", "蛮", "较", "极", "巨", "贼", "好"}
	tokenSuffixes = []string{"得", "多", "了", "得多", "些", "点", "极", "死", "吗", "呢", "吧", "啊", "的"}
)

// doubleNegations begin with a negator but assert: 无法否认这是革命 says it is one.
var doubleNegations = cues(
	"不可否认", "无法否认", "不能否认", "不容否认", "不得不承认", "不得不说", "不能不",
	"不无", "无不", "没有不", "不可能不", "不会不", "未尝不",
)

// notNegators begin like a negator and are none: 不仅是炒作，更是收割.
var notNegators = cues(
	"不仅", "不但", "不只", "不光", "不止", "不管", "不论", "无论", "不久", "不断", "不少",
	"不同", "不外乎", "没想到", "不知", "不禁", "无论如何", "非常", "非得", "无限",
)

// intensifiers before an evaluative word make it count more (×1.3); diminishers less (×0.6).
var intensifiers = cues(
	"非常", "十分", "极其", "极为", "极度", "特别", "相当", "太", "超级", "最", "更", "更加",
	"尤其", "极大", "大大", "远", "远远", "完全", "彻底", "绝对", "实在", "真", "真的", "巨",
	"格外", "异常", "无比", "越来越", "愈发",
)

var diminishers = cues("有点", "有些", "稍微", "略", "略微", "稍", "稍稍", "还算", "比较", "一定程度")

// contrasts open a clause that outweighs what came before it in the sentence: the clause
// after 但 is what the writer holds. Those marked clauseStartOnly count only at the start of
// a clause (不过如此 and 只是个玩具 are no contrasts).
var contrasts = cues(
	"但", "但是", "然而", "可是", "可", "却", "而是", "反而", "不过", "只是", "只不过", "偏偏",
	"可惜", "只可惜", "遗憾的是", "可惜的是",
)

var clauseStartOnly = map[string]bool{
	"可": true, "不过": true, "只是": true, "只不过": true, "而是": true, "可惜": true, "只可惜": true,
	"遗憾的是": true, "可惜的是": true,
}

// concessions mark a clause that the writer grants before the point (虽然…，但…): it counts
// less. (当然 and 诚然 need no list: the clause after the 但 that follows them outweighs them
// anyway, and alone they concede nothing.) 我不否认 and 我承认 grant a point in the first
// person, as 虽然 does, whether or not a 但 follows in the same sentence: the essay's claim
// is elsewhere.
var concessions = cues(
	"虽然", "虽", "虽说", "尽管", "固然", "即使", "即便", "哪怕", "就算", "纵然", "纵使",
	"不否认", "并不否认", "我承认", "我们承认",
)

// beliefCues report a belief that the writer holds to be mistaken (他们以为，禁掉几块卡就能拖住
// 对手; 大家原以为这家公司很稳): what follows them, up to a contrast, is read reversed at
// half weight (mistakenBelief). 以为 right after 我 is the formal "I hold" (我以为，…) and
// no cue; inside 习以为常, 难以为继, 不以为然 and the like it is no word of its own.
var beliefCues = cues("以为", "误以为", "原以为", "本以为", "还以为", "满以为", "妄想", "幻想")

// beliefEnds open a clause in which the writer corrects a mistaken belief (…，其实…): the
// belief ends there, as it does at a contrast.
var beliefEnds = cues("其实", "实际上", "事实上", "殊不知", "没想到", "结果")

// notBeliefBefore are the characters before 以为 that make it part of another word or the
// first person's opinion (see beliefCues).
const notBeliefBefore = "我习难引不信可所认自"

// hypotheticals mark a clause that states a condition, not a claim (如果…就…): it counts
// half.
var hypotheticals = cues("如果", "假如", "假设", "要是", "倘若", "若", "一旦", "万一", "如若")

// distanceCues put the praise after them in the clause at a distance: 所谓的突破, 号称全球第一
// read as irony, against what they speak of. Before a target's name they are a weak
// against by themselves (所谓的国产大模型).
var distanceCues = cues(
	"所谓", "所谓的", "号称", "自称", "自诩", "标榜", "美其名曰", "鼓吹", "吹嘘", "被吹", "吹成",
	"吹得", "自吹", "宣称的", "传说中的",
)

// conclusionCues open a sentence that sums up: it weighs more in the document's stance.
var conclusionCues = cues(
	"总而言之", "总之", "综上所述", "综上", "总的来说", "总的来看", "总体而言", "总体来看",
	"整体而言", "归根结底", "归根到底", "说到底", "一句话", "一言以蔽之", "由此可见", "可见",
	"所以", "因此", "因而", "故而", "最后", "最终", "总结",
)

// pronouns continue the target of an earlier sentence: a sentence that names no target but
// holds one of them speaks of the target the paragraph was speaking of.
var pronouns = cues(
	"它", "它们", "他们", "她们", "其", "该公司", "这家公司", "这家", "该模型", "这个模型",
	"这款", "这款模型", "这些模型", "这些公司", "该产品", "这个产品", "此举", "后者", "前者",
	"该企业", "这家企业", "这一模型", "该技术", "这项技术",
)

// subjectless openers start a sentence that goes on about the last subject without naming
// it (已经达到量产水平，而且…).
var subjectlessOpeners = cues(
	"已经", "已", "也", "还", "更", "而且", "并且", "同时", "甚至", "又", "仍然", "依然", "一直",
	"正在", "目前已", "现已",
)

// rhetoricalCues make a sentence rhetorical: 难道…吗 asserts the opposite of what it asks.
// The clause with the cue and those after it are read reversed.
var rhetoricalCues = cues(
	"难道", "岂能", "岂是", "何尝", "怎能", "怎么能", "怎么可能", "凭什么", "难不成", "何必",
	"哪有", "哪里有", "有什么好", "谁说", "也好意思", "还好意思",
)

// questionRhetoricalCues make a question (and only a question) rhetorical: 国产大模型就不能有
// 自己的突破吗？ and the skeptical 真的…吗: Sora真的有那么强吗？
var questionRhetoricalCues = cues("就不能", "就不会", "就不可以", "不就是", "不也是", "真的", "真有", "真能", "果真", "当真", "真会")

// assertiveCues make a question assert what it says, in full: 谁能否认X？ and 岂不是X？ say X.
var assertiveCues = cues("谁能否认", "谁也无法否认", "谁也不能否认", "岂不", "岂非", "何尝不", "谁不知道")

// doubts are a whole short question that puts the sentence before it in doubt: "…彻底落后。
// 真相果真如此吗？" leaves the claim half retracted.
var doubts = []string{
	"果真如此", "真的如此", "真是如此", "真的是这样", "真是这样", "是这样吗", "事实如此吗",
	"真的吗", "果真如此吗", "事实果真如此", "事实真是如此", "真相果真如此", "真相真是如此",
	"真的是这样吗", "果真是这样",
}

// comparison markers. In "A比B强" the evaluation after 比 goes to A and its opposite to B;
// comparisonFrames open a clause that names the foil (与A相比，B…; 比起A，B…).
var (
	comparatives     = cues("比", "较")
	comparisonPreps  = cues("与", "和", "跟", "同", "较之", "相比", "相比于", "相较于", "比起", "对比")
	comparisonCloses = cues("相比", "相比较", "相较", "比起来", "比较起来", "相比而言", "比较而言", "比")
)

// transitiveComparatives are evaluative words whose object, named after them in the clause,
// takes the opposite stance: DeepSeek超越了GPT-4 favours DeepSeek and goes against GPT-4.
var transitiveComparatives = []string{
	"领先", "领先于", "遥遥领先", "遥遥领先于", "超越", "全面超越", "超过", "胜过", "强于", "优于",
	"好于", "高于", "快于", "远超", "碾压", "吊打", "秒杀", "完胜", "完爆", "力压", "击败", "打败",
	"战胜", "甩开", "甩出", "反超", "赶超", "降维打击", "打脸", "强过", "胜于", "赛过", "落后", "追上", "赶上", "超过了",
	"不如", "远不如", "大不如", "比不上", "不及", "远不及", "逊于", "逊色于", "落后于", "输给",
	"败给", "追不上", "赶不上", "跟不上", "被碾压", "被吊打", "被超越", "被反超", "被击败",
	"差于", "弱于", "低于", "慢于",
}

// restrictives belittle the praise after them in the clause: 仅仅是为人类提供方便 says it
// does no more than that.
var restrictives = cues(
	"仅仅", "仅仅是", "仅是", "只是", "只不过是", "不过是", "无非", "无非是", "充其量", "顶多",
	"至多", "只能算", "只算", "最多只是", "也就是个",
)

// closingRestrictives standing as a clause of their own (…，仅此而已。) restrict what the
// sentence said before them: praise there is belittled, and they carry no stance of their own.
var closingRestrictives = []string{"仅此而已", "如此而已", "而已", "罢了"}

// again (再好用，也…: however good it is) before an evaluative word concedes its clause.
var again = cues("再")

// topicOpeners open a clause that only names what the sentence is about (对于Sora的突破，…):
// the words in it count less than the comment that follows.
var topicOpeners = cues("对于", "关于", "至于", "面对", "针对")

// whWords make a question an open one (哪些产业？为什么？): it claims little.
var whWords = cues(
	"哪些", "什么", "为什么", "为何", "怎么", "怎样", "如何", "多少", "多大", "谁", "哪个",
	"哪里", "哪儿", "哪家", "几",
)

// wordComparators compare two evaluations (泡沫远大于真实成就): the second takes the sign of
// the first.
var wordComparators = cues("大于", "远大于", "多于", "远多于", "重于", "胜于", "甚于", "高于", "远高于", "超过", "远超过", "压过")

// degreePrefixes may stand before a comparative verb in one evaluative word (远远落后于,
// 遥遥领先): the verb is still comparative.
var degreePrefixes = []string{"远远", "遥遥", "大幅", "全面", "彻底", "明显", "严重", "大大", "完全", "已经", "断层式", "断崖式", "远"}

// numbers follow an evaluative word that reports a quantity, not a judgement: 超过两百个,
// 突破了一亿, 增长30%.
const numberRunes = "0123456789零一二两三四五六七八九十百千万亿几数半"

// cueList is a list of cue words with a table to find them fast.
type cueList struct {
	words []string
	t     *wordTable
	// bit stands for the list in a sentence's listMasks (see wordIndex).
	bit listMask
}

// cues makes a cue list and registers it in cueLists, to be indexed with the others.
func cues(words ...string) *cueList {
	l := &cueList{words: words, t: table(words, 1), bit: firstCueBit << len(cueLists)}
	if l.bit == 0 {
		panic("stance: more cue lists than bits in a listMask")
	}
	cueLists = append(cueLists, l)
	return l
}
