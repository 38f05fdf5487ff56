// cutter.cpp cuts text as cppjieba's MixSegment::Cut does in gojieba's Tokenize (default
// mode, HMM on), from the same dictionary trie and HMM model, word for word: the loops below
// are cppjieba's Trie::Find, MPSegment::CalcDP/CutByDag, MixSegment::Cut and HMMSegment's
// Cut, InternalCut and Viterbi, with the same arithmetic in the same order, and changes that
// leave the words as they were and take a third or more off the time:
//
//   - the trie's root has one child per first character in an unordered_map, searched at
//     every character of the text; here a table indexed by character (for the Basic
//     Multilingual Plane) answers with one load;
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

struct Cutter {
  const DictTrie* dict;
  const TrieNode* root;
  const HMMModel* model;
  // kids[r] is the root's child for character r < bmp (NULL where no word begins with r).
  std::vector<const TrieNode*> kids;
  double minWeight;
  // emit[r*states+y] is the probability (log) that state y emits character r < bmp, as
  // model->GetEmitProb(model->emitProbVec[y], r, MIN_DOUBLE) gives it.
  std::vector<double> emit;
  // single has bit r set for r < bmp where dict->IsUserDictSingleChineseWord(r).
  std::vector<uint64_t> single;

  Cutter(const Jieba* j)
      : dict(j->GetDictTrie()), root(dict->*get(DictTrieTrie())->*get(TrieRoot())),
        model(j->GetHMMModel()), kids(bmp, static_cast<const TrieNode*>(NULL)),
        minWeight(dict->GetMinWeight()), emit(bmp * states, MIN_DOUBLE), single(bmp / 64) {
    if (root->next != NULL) {
      for (TrieNode::NextMap::const_iterator it = root->next->begin(); it != root->next->end(); ++it) {
        if (it->first < bmp) {
          kids[it->first] = it->second;
        }
      }
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

  // first is the root's child for character r (NULL where no word begins with r).
  const TrieNode* first(Rune r) const {
    if (r < bmp) {
      return kids[r];
    }
    if (root->next == NULL) {
      return NULL;
    }
    TrieNode::NextMap::const_iterator it = root->next->find(r);
    return it == root->next->end() ? NULL : it->second;
  }
};

// scratch is one thread's buffers; a call uses them from start to end, and cgo never runs
// two calls on one thread at once.
struct Scratch {
  RuneStrArray runes;
  std::vector<Dag> dags;
  std::vector<WordRange> mp, words;
  std::vector<double> weight;
  std::vector<int> path;
  std::vector<size_t> status;
};
thread_local Scratch scratch;

// bigDags bounds the DAG a thread keeps between calls (a Dag is ~300 bytes).
const size_t bigDags = 1 << 14;

// isSeparator tells the characters where cppjieba's PreFilter cuts (SPECIAL_SEPARATORS:
// space, tab, newline, ，and 。).
inline bool isSeparator(Rune r) {
  return r == ' ' || r == '\t' || r == '\n' || r == 0xFF0C || r == 0x3002;
}

// cutMP is MPSegment::Cut: the DAG of the dictionary's words (Trie::Find), the best path
// by weight (CalcDP) and its words (CutByDag).
void cutMP(const Cutter& c, RuneStrArray::const_iterator begin, RuneStrArray::const_iterator end,
           std::vector<WordRange>& words, std::vector<Dag>& dags) {
  const size_t n = end - begin;
  if (dags.size() < n) {
    dags.resize(n);
  }
  for (size_t i = 0; i < n; i++) {
    Dag& d = dags[i];
    d.nexts.clear();
    d.runestr = *(begin + i);
    const TrieNode* node = c.first(d.runestr.rune);
    d.nexts.push_back(std::pair<size_t, const DictUnit*>(i, node != NULL ? node->ptValue : NULL));
    for (size_t j = i + 1; j < n && (j - i + 1) <= MAX_WORD_LENGTH; j++) {
      if (node == NULL || node->next == NULL) {
        break;
      }
      TrieNode::NextMap::const_iterator it = node->next->find((begin + j)->rune);
      if (it == node->next->end()) {
        break;
      }
      node = it->second;
      if (node->ptValue != NULL) {
        d.nexts.push_back(std::pair<size_t, const DictUnit*>(j, node->ptValue));
      }
    }
  }
  for (size_t k = n; k-- > 0;) {
    Dag& d = dags[k];
    d.pInfo = NULL;
    d.weight = MIN_DOUBLE;
    for (size_t m = 0; m < d.nexts.size(); m++) {
      const size_t next = d.nexts[m].first;
      const DictUnit* unit = d.nexts[m].second;
      double val = 0.0;
      if (next + 1 < n) {
        val += dags[next + 1].weight;
      }
      val += unit != NULL ? unit->weight : c.minWeight;
      if (val > d.weight) {
        d.pInfo = unit;
        d.weight = val;
      }
    }
  }
  for (size_t i = 0; i < n;) {
    const DictUnit* unit = dags[i].pInfo;
    size_t size = unit != NULL ? unit->word.size() : 1;
    words.push_back(WordRange(begin + i, begin + i + size - 1));
    i += size;
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
  cutMP(c, begin, end, s.mp, s.dags);
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
  if (s.dags.size() > bigDags) {
    std::vector<Dag>().swap(s.dags);
  }
  if (s.weight.size() > bigDags * states) {
    std::vector<double>().swap(s.weight);
    std::vector<int>().swap(s.path);
  }
  return s.words.size();
}

}  // extern "C"
