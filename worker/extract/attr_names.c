/* attr_names.c - words of multi-word names, which are never cues. */
#include "attr_names.h"
#include <ctype.h>
#include <string.h>

/* A Latin letter outside ASCII starts with a lead byte C3-CF ("Ö", "Ł"); E2 leads
 * punctuation (quotation marks, dashes). */
static int cap_word(const cw_token_t *t) {
  const unsigned char *s = (const unsigned char *)t->text;
  return s && (isupper(s[0]) || (s[0] >= 0xC3 && s[0] <= 0xCF));
}

static int alpha_word(const cw_token_t *t) {
  const unsigned char *s = (const unsigned char *)t->text;
  return s && (isalpha(s[0]) || (s[0] >= 0xC3 && s[0] <= 0xCF));
}

/* Whether the sentence of tokens [s0, s1) is written in title case or capitals (a
 * headline "Mayor Says Fares Will Rise"): more than half its words capitalised. */
static int title_case(const cw_docview_t *doc, size_t s0, size_t s1) {
  size_t words = 0, caps = 0;
  for (size_t i = s0; i < s1; i++)
    if (alpha_word(&doc->tokens[i])) {
      words++;
      caps += (size_t)cap_word(&doc->tokens[i]);
    }
  return 2 * caps > words;
}

/* First token whose span ends after code point cp (binary search). */
static size_t token_at(const cw_docview_t *doc, uint32_t cp) {
  size_t lo = 0, hi = doc->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (doc->tokens[mid].span.end <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

uint8_t *cw_attr_name_tokens(const cw_docview_t *doc, const cw_attr_mentions_t *ms) {
  size_t n = doc->n_tokens;
  if (!n) return NULL;
  uint8_t *flag = cw_arena_calloc(doc->arena, n, 1);
  /* A title-case sentence (a headline) capitalises its verbs too: its words say nothing about
   * names, and a tagger's mentions there often run into the verb ("Obama Says"). */
  uint8_t *title = cw_arena_calloc(doc->arena, n, 1);
  for (size_t s0 = 0, s1; s0 < n; s0 = s1) {
    s1 = s0;
    while (s1 < n && doc->tokens[s1].sentence == doc->tokens[s0].sentence) s1++;
    int tc = title_case(doc, s0, s1);
    for (size_t i = s0; i < s1; i++) {
      title[i] = (uint8_t)tc;
      /* "the South Bank Show Awards": a capitalised word between two others, the one before
       * not opening the sentence. */
      if (!tc && i > s0 + 1 && i + 1 < s1 && cap_word(&doc->tokens[i]) &&
          cap_word(&doc->tokens[i - 1]) && cap_word(&doc->tokens[i + 1]))
        flag[i] = 1;
    }
  }
  for (size_t k = 0; ms && k < ms->n; k++) {
    size_t a = token_at(doc, ms->m[k].start), b = a;
    while (b < n && doc->tokens[b].span.end <= ms->m[k].end) b++;
    if (b < a + 2) continue;  /* one token: "Sanders said" keeps its cue */
    for (size_t i = a; i < b; i++)
      if (cap_word(&doc->tokens[i]) && !title[i]) flag[i] = 1;
  }
  return flag;
}
