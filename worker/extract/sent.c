/* sent.c - sentence boundaries over tokens: ". ! ? ..." followed by a token that can start a
 * sentence, closing quotes kept with their sentence, abbreviations ("Mr.", "U.S.", "Jan.",
 * initials) mostly not final, and every line break a boundary (news titles and paragraphs are
 * one per line) unless the next line continues a wrapped sentence in lower case. */
#include <stdio.h>
#include <string.h>
#include "cw_limits.h"
#include "sent.h"
#include "cw_str.h"

/* Words that often open a sentence after an abbreviation that can also end one ("U.S."). */
static const char *const starters[] = {
  "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "This",
  "That", "These", "Those", "There", "However", "Meanwhile", "On", "At", "For", "If", "When",
  "His", "Her", "Its", "Their", "Our", "Some", "Many", "As", "After", "Since", "While", "So",
  "Yet", "Still", "Also", "According", "Earlier", "Later", "Last", "Now", "Then", NULL};

static int is_starter(const char *w) {
  for (size_t i = 0; starters[i]; i++)
    if (cw_str_eq(starters[i], w))
      return 1;
  return 0;
}

static int is_closer(const cw_token_t *t, const tok_info_t *in) {
  const char *s = t->text;
  if (in->flags & TOK_F_QUOTE) {
    /* Opening curly quotes never close. */
    return !cw_str_eq(s, "\xE2\x80\x9C") && !cw_str_eq(s, "\xE2\x80\x98") &&
           !cw_str_eq(s, "\xC2\xAB");
  }
  return (s[0] == ')' || s[0] == ']' || s[0] == '}') && s[1] == '\0';
}

static int is_month_abbr(const char *w) {
  static const char *const m[] = {"Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
                                  "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", NULL};
  for (size_t i = 0; m[i]; i++)
    if (cw_str_eq(m[i], w))
      return 1;
  return 0;
}

/* Is token @p j passed over when looking back for the last real token before a boundary (a
 * closing quote or bracket on the same line)? */
static int skipped_back(const tok_result_t *tr, size_t j) {
  return j > 0 && is_closer(&tr->tokens[j], &tr->info[j]) &&
         !(tr->info[j].flags & TOK_F_NL_BEFORE);
}

/* Does the sentence end before token @p k (k > 0)? @p p is the last real token before @p k:
 * k - 1, or the token before the run of closing quotes and brackets that ends at k - 1. */
static int boundary_before(const tok_result_t *tr, size_t k, size_t p) {
  const tok_info_t *in = tr->info;
  const cw_token_t *t = tr->tokens;
  uint32_t f = in[k].flags;
  if (f & TOK_F_PARA_BEFORE)
    return 1;
  int term = (in[p].flags & TOK_F_TERM) != 0;
  if (f & TOK_F_NL_BEFORE) {
    /* A hard-wrapped line continues in lower case after a non-final word. */
    if (!term && (f & TOK_F_LOWER) && (in[k - 1].flags & TOK_F_ALPHA))
      return 0;
    return 1;
  }
  /* A closer directly after the terminal belongs to this sentence. */
  if (is_closer(&t[k], &in[k]) && !(f & TOK_F_SPACE_BEFORE))
    return 0;
  if (term) {
    if (f & TOK_F_LOWER)
      return 0;
    if ((f & TOK_F_PUNCT) && !(f & TOK_F_QUOTE) && t[k].text[0] != '(' && t[k].text[0] != '-')
      return 0;
    return 1;
  }
  if ((in[p].flags & TOK_F_ABBR) && p == k - 1) {
    const char *w = t[p].text;
    size_t len = strlen(w) - 1;
    if (tok_is_title_abbrev(w, len))
      return 0;
    if (is_month_abbr(w) && (f & TOK_F_NUM))
      return 0;
    /* A lone initial ("J.") is followed by the rest of a name. */
    if (len == 1)
      return 0;
    return (f & TOK_F_CAP) && is_starter(t[k].text);
  }
  return 0;
}

cw_err_t sent_split(tok_result_t *tr, cw_arena_t *arena, cw_sentence_t **out, size_t *n_out,
                    char *errstr, size_t errstr_size) {
  cw_err_t err = CW_OK;
  *out = NULL;
  *n_out = 0;
  if (tr->n == 0)
    goto out;
  /* Count first so the array is allocated once. */
  size_t n = 1;
  size_t last_real = 0; /* the last real token before k, carried along: linear in tokens */
  size_t first = 0;     /* first token of the current sentence */
  for (size_t k = 1; k < tr->n; k++) {
    if (!skipped_back(tr, k - 1))
      last_real = k - 1;
    if (k - first >= SENT_MAX_TOKENS || boundary_before(tr, k, last_real)) {
      first = k;
      tr->tokens[k].sentence = 1; /* marks a boundary until the second pass */
      n++;
    } else {
      tr->tokens[k].sentence = 0;
    }
  }
  if (n > CW_MAX_SENTENCES) {
    snprintf(errstr, errstr_size, "%zu sentences, more than %u (CW_MAX_SENTENCES)", n,
             (unsigned)CW_MAX_SENTENCES);
    err = CW_ERR_TOO_LARGE;
    goto out;
  }
  cw_sentence_t *s = cw_arena_alloc(arena, n * sizeof(*s));
  uint32_t cur = 0;
  s[0].span.start = tr->tokens[0].span.start;
  tr->tokens[0].sentence = 0;
  for (size_t k = 1; k < tr->n; k++) {
    if (tr->tokens[k].sentence) {
      s[cur].span.end = tr->tokens[k - 1].span.end;
      cur++;
      s[cur].span.start = tr->tokens[k].span.start;
    }
    tr->tokens[k].sentence = cur;
  }
  s[cur].span.end = tr->tokens[tr->n - 1].span.end;
  *out = s;
  *n_out = n;
out:
  return err;
}
