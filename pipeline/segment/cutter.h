// cutter.h: huashu's own driver of cppjieba's default-mode cut (cutter.cpp). See cjieba.go.
#ifndef HUASHU_CUTTER_H
#define HUASHU_CUTTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// huashu_cutter_new builds a cutter over the dictionaries and HMM model of jieba, a
// gojieba handle (a cppjieba::Jieba*), which must outlive it.
void* huashu_cutter_new(void* jieba);

// huashu_cutter_free frees a cutter.
void huashu_cutter_free(void* cutter);

// huashu_cut cuts text[0:len) (valid UTF-8, no NUL) in jieba's default mode with HMM and
// writes each word's start and end byte offsets to out, which must hold 2 * len values. It
// returns the number of words, or (size_t)-1 if text is not valid UTF-8.
size_t huashu_cut(const void* cutter, const char* text, size_t len, uint32_t* out);

// huashu_trim hands the memory that malloc holds free back to the system, where the C
// library can (glibc's malloc_trim; nothing elsewhere).
void huashu_trim(void);

#ifdef __cplusplus
}
#endif

#endif
