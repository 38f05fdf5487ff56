// cutter.cpp cuts text as cppjieba's MixSegment::Cut does in gojieba's Tokenize (default
// mode, HMM on), from the same dictionary trie and HMM model, word for word: the loops below
// are cppjieba's Trie::Find, MPSegment::CalcDP/CutByDag, MixSegment::Cut and HMMSegment's
// Cut, InternalCut and Viterbi, with the same arithmetic in the same order, and changes that
// leave the words as they were and take a third or more off the time:
//
//   - each node of the trie keeps its children in an unordered_map, searched at each step of
//     the walk from every character of the text, and each step then reads the child and its
//     DictUnit: three or four trips to memory that miss the caches. Here the first step reads
//     a table indexed by character (for the Basic Multilingual Plane) that holds the
//     one-character word's weight, and the second and third read one slot of a hash table of
//     the trie's nodes at that depth, by their first two or three characters (Prefixes),
//     after a Bloom filter small enough to stay in the processor's cache has turned away most
//     of the steps that find nothing (Filter); steps past the third, few, search the maps;
//   - the DAG's edges hold the words' weights (Edge) instead of their DictUnits, which the
//     best path would read again;
//   - the HMM's emission probabilities are four unordered_maps, searched four times for
//     each character it reads; here a table holds a character's four side by side, and a
//     bit set the user dictionary's one-character words (an unordered_set in cppjieba);
//   - the buffers (the runes, the DAG, the words, the Viterbi tables) are kept per thread and
//     reused instead of allocated for each call, and the words come back as byte offsets
//     written to the caller's array instead of a std::string each.
//
// See cjieba.go for why and for the checks against gojieba.
#include "cutter.h"

#include <string>
#include <utility>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cppjieba/Jieba.hpp"

using namespace cppjieba;

namespace {

// The trie's root is private to cppjieba (DictTrie::trie_, Trie::root_). An explicit
// template instantiation may name private members ([temp.explicit]), which lets a
// friend function hand out pointers to them without changing cppjieba's headers.
template <typename Tag, typename Tag::type M>
struct Expose {
  friend typename Tag::type get(Tag) { return M; }
};
struct DictTrieTrie {
  typedef Trie* DictTrie::*type;
  friend type get(DictTrieTrie);
};
template struct Expose<DictTrieTrie, &DictTrie::trie_>;
struct TrieRoot {
  typedef TrieNode* Trie::*type;
  friend type get(TrieRoot);
};
template struct Expose<TrieRoot, &Trie::root_>;

// bmp is the number of characters of the Basic Multilingual Plane.
const size_t bmp = 1 << 16;

// states is HMMModel::STATUS_SUM: B, E, M, S.
const size_t states = HMMModel::STATUS_SUM;

// pairKey and tripleKey pack the first two or three characters of a word, 21 bits each
// (Unicode needs 21), into the key of a Prefixes table; bit 63 is left for Prefixes::word.
inline uint64_t pairKey(Rune a, Rune b) { return uint64_t(a) << 21 | uint64_t(b); }
inline uint64_t tripleKey(Rune a, Rune b, Rune c) {
  return uint64_t(a) << 42 | uint64_t(b) << 21 | uint64_t(c);
}

// mix is Fibonacci hashing: the top bits of the product with 2⁶⁴/φ.
inline uint64_t mix(uint64_t k) { return k * 0x9E3779B97F4A7C15ull; }

// Filter is a Bloom filter with one hash, of 2^filterLog bits: the pairs or triples of
// characters that begin a word of the dictionary. It is small enough (1 MB) to stay in the
// processor's own cache, and answers most lookups that would find nothing in a Prefixes
// table (more than half of them do: the trie's walk from a character stops there) without
// reading it.
const int filterLog = 23;
struct Filter {
  std::vector<uint64_t> bits;
  Filter() : bits((size_t(1) << filterLog) / 64) {}
  static size_t bit(uint64_t key) { return mix(key) >> (64 - filterLog); }
  void add(uint64_t key) { bits[bit(key) / 64] |= uint64_t(1) << (bit(key) % 64); }
  // mayHave reports whether key may have been added; false is certain.
  bool mayHave(uint64_t key) const { return (bits[bit(key) / 64] >> (bit(key) % 64)) & 1; }
};

// Prefixes is an open-addressing hash table (linear probing) of the trie's nodes at one
// depth, by the characters that lead to them: the second characters of words (keyed by
// pairKey) or the third (tripleKey). The walk reads one slot instead of the parent's
// unordered_map (its buckets, a list node, the child) and then the child and its
// DictUnit. A slot holds what the walk needs at that depth: whether a word ends there and
// its weight, or (Cutter::deeper) the node to go on from.
struct Prefixes {
  static const uint64_t word = uint64_t(1) << 63;
  struct Slot {
    uint64_t key;  // 0 for an empty slot (no word begins with NUL); word set if one ends here
    union {
      double weight;  // the weight of the word that ends here (ptValue->weight)
      const TrieNode* node;
    };
  };
  std::vector<Slot> slots;
  uint64_t mask;
  int shift;

  // init makes room for n slots, the table at most 70 % full (with its linear probing, a
  // key present is found on the first or second slot read, most of the time).
  void init(size_t n) {
    int log = 4;
    while ((size_t(1) << log) * 7 < n * 10) {
      log++;
    }
    slots.assign(size_t(1) << log, Slot());
    mask = (uint64_t(1) << log) - 1;
    shift = 64 - log;
  }

  // add adds key, which must not be there yet, with word in its bit 63 if a word ends
  // there, and returns its slot.
  Slot& add(uint64_t key) {
    uint64_t h = mix(key & ~word) >> shift;
    while (slots[h].key != 0) {
      h = (h + 1) & mask;
    }
    slots[h].key = key;
    return slots[h];
  }

  // find returns the slot of key, or NULL.
  const Slot* find(uint64_t key) const {
    for (uint64_t h = mix(key) >> shift;; h = (h + 1) & mask) {
      const Slot& s = slots[h];
      if ((s.key & ~word) == key) {
        return &s;
      }
      if (s.key == 0) {
        return NULL;
      }
    }
  }
};

// Level is what one walk over the trie's nodes at depth two or three found for each: its
// key and node.
typedef std::vector<std::pair<uint64_t, const TrieNode*> > Level;

// fillWeights fills t with the nodes of level: for each, whether a word ends there and its
// weight.
void fillWeights(Prefixes& t, const Level& level) {
  t.init(level.size());
  for (size_t i = 0; i < level.size(); i++) {
    // The slots and DictUnits are far apart in memory: ask for them ahead.
    if (i + 16 < level.size()) {
      __builtin_prefetch(&t.slots[mix(level[i + 16].first) >> t.shift], 1);
      __builtin_prefetch(level[i + 16].second);
    }
    if (i + 8 < level.size() && level[i + 8].second->ptValue != NULL) {
      __builtin_prefetch(&level[i + 8].second->ptValue->weight);
    }
    const TrieNode* n = level[i].second;
    Prefixes::Slot& slot = t.add(level[i].first | (n->ptValue != NULL ? Prefixes::word : 0));
    slot.weight = n->ptValue != NULL ? n->ptValue->weight : 0;
  }
}

struct Cutter {
  const DictTrie* dict;
  const TrieNode* root;
  const HMMModel* model;
  double minWeight;
  // firstWeight[r] is, for r < bmp, the weight of the one-character word r, or minWeight
  // where the dictionary has none: what MPSegment::CalcDP adds for the DAG's first edge at
  // r.
  std::vector<double> firstWeight;
  // pairs and triples hold the trie's nodes at depths two and three (Prefixes), and their
  // Filters the keys they hold; deeper holds the nodes at depth three that have children,
  // from which the walk goes on in the trie itself.
  Prefixes pairs, triples, deeper;
  Filter pairFilter, tripleFilter;
  // emit[r*states+y] is the probability (log) that state y emits character r < bmp, as
  // model->GetEmitProb(model->emitProbVec[y], r, MIN_DOUBLE) gives it.
  std::vector<double> emit;
  // single has bit r set for r < bmp where dict->IsUserDictSingleChineseWord(r).
  std::vector<uint64_t> single;

  Cutter(const Jieba* j)
      : dict(j->GetDictTrie()), root(dict->*get(DictTrieTrie())->*get(TrieRoot())),
        model(j->GetHMMModel()), minWeight(dict->GetMinWeight()), firstWeight(bmp, minWeight),
        emit(bmp * states, MIN_DOUBLE), single(bmp / 64) {
    // One walk over the trie's first three levels lists the nodes at depths two and three;
    // the tables are sized after it.
    Level two, three;
    if (root->next != NULL) {
      for (TrieNode::NextMap::const_iterator a = root->next->begin(); a != root->next->end(); ++a) {
        if (a->first < bmp && a->second->ptValue != NULL) {
          firstWeight[a->first] = a->second->ptValue->weight;
        }
        if (a->second->next == NULL) {
          continue;
        }
        for (TrieNode::NextMap::const_iterator b = a->second->next->begin(); b != a->second->next->end(); ++b) {
          two.push_back(std::make_pair(pairKey(a->first, b->first), b->second));
          if (b->second->next == NULL) {
            continue;
          }
          for (TrieNode::NextMap::const_iterator c = b->second->next->begin(); c != b->second->next->end(); ++c) {
            three.push_back(std::make_pair(tripleKey(a->first, b->first, c->first), c->second));
          }
        }
      }
    }
    fillWeights(pairs, two);
    fillWeights(triples, three);
    size_t parents = 0;
    for (size_t i = 0; i < three.size(); i++) {
      parents += three[i].second->next != NULL;
    }
    deeper.init(parents);
    for (size_t i = 0; i < three.size(); i++) {
      if (three[i].second->next != NULL) {
        deeper.add(three[i].first).node = three[i].second;
      }
    }
    for (size_t i = 0; i < two.size(); i++) {
      pairFilter.add(two[i].first);
    }
    for (size_t i = 0; i < three.size(); i++) {
      tripleFilter.add(three[i].first);
    }
    for (size_t y = 0; y < states; y++) {
      const EmitProbMap* m = model->emitProbVec[y];
      for (EmitProbMap::const_iterator it = m->begin(); it != m->end(); ++it) {
        if (it->first < bmp) {
          emit[it->first * states + y] = it->second;
        }
      }
    }
    for (Rune r = 0; r < bmp; r++) {
      if (dict->IsUserDictSingleChineseWord(r)) {
        single[r / 64] |= uint64_t(1) << (r % 64);
      }
    }
  }

  // emitProb is model->GetEmitProb(model->emitProbVec[y], r, MIN_DOUBLE).
  double emitProb(Rune r, size_t y) const {
    if (r < bmp) {
      return emit[r * states + y];
    }
    return model->GetEmitProb(model->emitProbVec[y], r, MIN_DOUBLE);
  }

  // isSingle is dict->IsUserDictSingleChineseWord(r).
  bool isSingle(Rune r) const {
    if (r < bmp) {
      return (single[r / 64] >> (r % 64)) & 1;
    }
    return dict->IsUserDictSingleChineseWord(r);
  }

  // weightAt is the weight of the DAG's first edge at character r: its one-character
  // word's, or minWeight.
  double weightAt(Rune r) const {
    if (r < bmp) {
      return firstWeight[r];
    }
    if (root->next == NULL) {
      return minWeight;
    }
    TrieNode::NextMap::const_iterator it = root->next->find(r);
    return it == root->next->end() || it->second->ptValue == NULL ? minWeight : it->second->ptValue->weight;
  }
};

// Edge is an edge of the DAG of MPSegment: a word of the dictionary from the character at
// which it is listed to next, and its weight (minWeight for the one-character edge of a
// character the dictionary lacks). cppjieba's Dag holds the DictUnit instead and reads its
// weight, and the word's length, from it: the same numbers, one more trip to memory each.
struct Edge {
  uint32_t next;
  double weight;
};

// Edges is a growing array of Edges whose add the compiler inlines (std::vector's
// push_back, with its path that reallocates, it did not: a tenth of the cutter's time).
struct Edges {
  std::vector<Edge> v;
  size_t n;
  Edges() : n(0) {}
  void add(uint32_t next, double weight) {
    if (n == v.size()) {
      v.resize(n < 256 ? 256 : 2 * n);
    }
    v[n].next = next;
    v[n].weight = weight;
    n++;
  }
};

// scratch is one thread's buffers; a call uses them from start to end, and cgo never runs
// two calls on one thread at once.
struct Scratch {
  RuneStrArray runes;
  // The DAG: the edges of character i are edges.v[from[i]:from[i+1]], in the order
  // Trie::Find lists them; best[i] and choice[i] are CalcDP's Dag::weight and the end of
  // Dag::pInfo's word.
  Edges edges;
  std::vector<uint32_t> from, choice;
  std::vector<double> best;
  std::vector<WordRange> mp, words;
  std::vector<double> weight;
  std::vector<int> path;
  std::vector<size_t> status;
};
thread_local Scratch scratch;

// bigRun bounds the buffers a thread keeps between calls, in characters.
const size_t bigRun = 1 << 14;

// isSeparator tells the characters where cppjieba's PreFilter cuts (SPECIAL_SEPARATORS:
// space, tab, newline, ，and 。).
inline bool isSeparator(Rune r) {
  return r == ' ' || r == '\t' || r == '\n' || r == 0xFF0C || r == 0x3002;
}

// cutMP is MPSegment::Cut: the DAG of the dictionary's words (Trie::Find), the best path
// by weight (CalcDP) and its words (CutByDag). The walk down the trie from each character
// reads the Cutter's tables for its first three steps and the trie's maps after.
void cutMP(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
           std::vector<WordRange>& words, Scratch& s) {
  const size_t n = end - begin;
  Edges& edges = s.edges;
  std::vector<uint32_t>& from = s.from;
  edges.n = 0;
  from.resize(n + 1);
  for (size_t i = 0; i < n; i++) {
    from[i] = edges.n;
    const Rune a = (begin + i)->rune;
    edges.add(i, c.weightAt(a));
    if (i + 1 >= n || MAX_WORD_LENGTH < 2) {
      continue;
    }
    const Rune b = (begin + i + 1)->rune;
    const uint64_t k2 = pairKey(a, b);
    if (!c.pairFilter.mayHave(k2)) {
      continue;
    }
    const Prefixes::Slot* slot = c.pairs.find(k2);
    if (slot == NULL) {
      continue;
    }
    if (slot->key & Prefixes::word) {
      edges.add(i + 1, slot->weight);
    }
    if (i + 2 >= n || MAX_WORD_LENGTH < 3) {
      continue;
    }
    const uint64_t k3 = tripleKey(a, b, (begin + i + 2)->rune);
    if (!c.tripleFilter.mayHave(k3) || (slot = c.triples.find(k3)) == NULL) {
      continue;
    }
    if (slot->key & Prefixes::word) {
      edges.add(i + 2, slot->weight);
    }
    if (i + 3 >= n || (slot = c.deeper.find(k3)) == NULL) {
      continue;
    }
    const TrieNode* node = slot->node;
    for (size_t j = i + 3; j < n && (j - i + 1) <= MAX_WORD_LENGTH; j++) {
      if (node->next == NULL) {
        break;
      }
      TrieNode::NextMap::const_iterator it = node->next->find((begin + j)->rune);
      if (it == node->next->end()) {
        break;
      }
      node = it->second;
      if (node->ptValue != NULL) {
        edges.add(j, node->ptValue->weight);
      }
    }
  }
  from[n] = edges.n;
  std::vector<double>& best = s.best;
  std::vector<uint32_t>& choice = s.choice;
  best.resize(n);
  choice.resize(n);
  for (size_t k = n; k-- > 0;) {
    double w = MIN_DOUBLE;
    uint32_t next = k;
    for (uint32_t e = from[k]; e < from[k + 1]; e++) {
      const Edge& edge = edges.v[e];
      double val = 0.0;
      if (edge.next + 1 < n) {
        val += best[edge.next + 1];
      }
      val += edge.weight;
      if (val > w) {
        w = val;
        next = edge.next;
      }
    }
    best[k] = w;
    choice[k] = next;
  }
  for (size_t i = 0; i < n; i = choice[i] + 1) {
    words.push_back(WordRange(begin + i, begin + choice[i]));
  }
}

// viterbi is HMMSegment::Viterbi: the likeliest states of [begin, end), into status.
void viterbi(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
             Scratch& s) {
  const size_t Y = states, X = end - begin;
  std::vector<double>& weight = s.weight;
  std::vector<int>& path = s.path;
  if (weight.size() < X * Y) {
    weight.resize(X * Y);
    path.resize(X * Y);
  }
  for (size_t y = 0; y < Y; y++) {
    weight[0 + y * X] = c.model->startProb[y] + c.emitProb(begin->rune, y);
    path[0 + y * X] = -1;
  }
  for (size_t x = 1; x < X; x++) {
    const Rune r = (begin + x)->rune;
    for (size_t y = 0; y < Y; y++) {
      const size_t now = x + y * X;
      weight[now] = MIN_DOUBLE;
      path[now] = HMMModel::E;
      const double emitProb = c.emitProb(r, y);
      for (size_t preY = 0; preY < Y; preY++) {
        const size_t old = x - 1 + preY * X;
        const double tmp = weight[old] + c.model->transProb[preY][y] + emitProb;
        if (tmp > weight[now]) {
          weight[now] = tmp;
          path[now] = preY;
        }
      }
    }
  }
  const double endE = weight[X - 1 + HMMModel::E * X];
  const double endS = weight[X - 1 + HMMModel::S * X];
  size_t stat = endE >= endS ? HMMModel::E : HMMModel::S;
  s.status.resize(X);
  for (int x = X - 1; x >= 0; x--) {
    s.status[x] = stat;
    stat = path[x + stat * X];
  }
}

// cutHMMRun is HMMSegment::InternalCut: a word ends at each state E or S.
void cutHMMRun(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
               Scratch& s) {
  viterbi(c, begin, end, s);
  RuneStrArray::const_iterator left = begin;
  for (size_t i = 0; i < s.status.size(); i++) {
    if (s.status[i] % 2) {
      RuneStrArray::const_iterator right = begin + i + 1;
      s.words.push_back(WordRange(left, right - 1));
      left = right;
    }
  }
}

// cutHMM is HMMSegment::Cut: an ASCII run of letters then letters or digits is one word, so
// is one of digits then digits or dots, any other ASCII character is a word alone, and the
// HMM cuts the runs between them.
void cutHMM(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
            Scratch& s) {
  RuneStrArray::const_iterator left = begin, right = begin;
  while (right != end) {
    if (right->rune >= 0x80) {
      right++;
      continue;
    }
    if (left != right) {
      cutHMMRun(c, left, right, s);
    }
    left = right;
    Rune x = left->rune;
    if (('a' <= x && x <= 'z') || ('A' <= x && x <= 'Z')) {  // SequentialLetterRule
      right = left + 1;
      while (right != end) {
        x = right->rune;
        if (!(('a' <= x && x <= 'z') || ('A' <= x && x <= 'Z') || ('0' <= x && x <= '9'))) {
          break;
        }
        right++;
      }
    } else if ('0' <= x && x <= '9') {  // NumbersRule
      right = left + 1;
      while (right != end) {
        x = right->rune;
        if (!(('0' <= x && x <= '9') || x == '.')) {
          break;
        }
        right++;
      }
    } else {
      right = left + 1;
    }
    s.words.push_back(WordRange(left, right - 1));
    left = right;
  }
  if (left != right) {
    cutHMMRun(c, left, right, s);
  }
}

// cutMix is MixSegment::Cut with HMM: the dictionary's words, and runs of single
// characters that the user dictionary does not hold cut again by the HMM.
void cutMix(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
            Scratch& s) {
  s.mp.clear();
  cutMP(c, begin, end, s.mp, s);
  const std::vector<WordRange>& mp = s.mp;
  for (size_t i = 0; i < mp.size(); i++) {
    if (mp[i].left != mp[i].right || c.isSingle(mp[i].left->rune)) {
      s.words.push_back(mp[i]);
      continue;
    }
    size_t j = i;
    while (j < mp.size() && mp[j].left == mp[j].right && !c.isSingle(mp[j].left->rune)) {
      j++;
    }
    cutHMM(c, mp[i].left, mp[j - 1].left + 1, s);
    i = j - 1;
  }
}

}  // namespace

extern "C" {

void* huashu_cutter_new(void* jieba) {
  return new Cutter(static_cast<const Jieba*>(jieba));
}

void huashu_trim(void) {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void huashu_cutter_free(void* cutter) { delete static_cast<Cutter*>(cutter); }

size_t huashu_cut(const void* cutter, const char* text, size_t len, uint32_t* out) {
  const Cutter& c = *static_cast<const Cutter*>(cutter);
  Scratch& s = scratch;
  if (!DecodeUTF8RunesInString(text, len, s.runes)) {
    return static_cast<size_t>(-1);
  }
  s.words.clear();
  // PreFilter: each separator alone, and the runs between them.
  RuneStrArray::const_iterator cur = s.runes.begin(), end = s.runes.end();
  while (cur != end) {
    RuneStrArray::const_iterator from = cur;
    while (cur != end) {
      if (isSeparator(cur->rune)) {
        if (from == cur) {
          cur++;
        }
        break;
      }
      cur++;
    }
    cutMix(c, from, cur, s);
  }
  size_t n = 0;
  for (size_t i = 0; i < s.words.size(); i++) {
    out[n++] = s.words[i].left->offset;
    out[n++] = s.words[i].right->offset + s.words[i].right->len;
  }
  if (s.from.size() > bigRun) {
    std::vector<Edge>().swap(s.edges.v);
    std::vector<uint32_t>().swap(s.from);
    std::vector<uint32_t>().swap(s.choice);
    std::vector<double>().swap(s.best);
  }
  if (s.weight.size() > bigRun * states) {
    std::vector<double>().swap(s.weight);
    std::vector<int>().swap(s.path);
  }
  return s.words.size();
}

}  // extern "C"
