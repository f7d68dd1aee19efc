/* tok.h - the tokenizer: UTF-8 text to Penn-Treebank-like tokens with code-point offsets. */
#ifndef CW_TOK_H
#define CW_TOK_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "cw_arena.h"

/* Token shape and layout flags (tok_info_t.flags). */
enum {
  TOK_F_SPACE_BEFORE = 1u << 0, /* whitespace precedes the token */
  TOK_F_NL_BEFORE = 1u << 1,    /* a line break precedes the token */
  TOK_F_PARA_BEFORE = 1u << 2,  /* a blank line precedes the token */
  TOK_F_CAP = 1u << 3,          /* starts with an upper-case letter */
  TOK_F_ALLCAP = 1u << 4,       /* has letters, none lower-case */
  TOK_F_LOWER = 1u << 5,        /* starts with a lower-case letter */
  TOK_F_NUM = 1u << 6,          /* a number: digits with , or . separators */
  TOK_F_ALPHA = 1u << 7,        /* contains a letter */
  TOK_F_PUNCT = 1u << 8,        /* punctuation or symbol */
  TOK_F_ABBR = 1u << 9,         /* ends with an abbreviation period ("Mr.", "U.S.") */
  TOK_F_URL = 1u << 10,         /* URL, e-mail address or @handle */
  TOK_F_QUOTE = 1u << 11,       /* a quotation mark (straight or curly, single or double) */
  TOK_F_TERM = 1u << 12,        /* sentence-final punctuation: . ! ? ... */
  TOK_F_CLITIC = 1u << 13,      /* 's n't 're ... split off a word */
};

/** Engine-internal facts about one token, parallel to the public cw_token_t array. */
typedef struct {
  uint32_t b0, b1;  /* byte range in the body */
  uint32_t flags;   /* TOK_F_* */
} tok_info_t;

typedef struct {
  cw_token_t *tokens;   /* .sentence is 0 and .pos NULL until later stages fill them */
  tok_info_t *info;
  size_t n;
  uint32_t *cp_byte;    /* byte offset of code point i; n_cp + 1 entries */
  size_t n_cp;
} tok_result_t;

/**
 * @brief Validates and tokenizes @p n bytes of @p s; everything is allocated in @p arena.
 * @returns CW_OK; CW_ERR_UTF8 with the byte offset in @p errstr; CW_ERR_TOO_LARGE past
 *          CW_MAX_BODY_BYTES or CW_MAX_TOKENS.
 */
cw_err_t tok_run(const char *s, size_t n, cw_arena_t *arena, tok_result_t *out, char *errstr,
                 size_t errstr_size) CW_WUR;

/** @returns nonzero when @p w (NUL-terminated, without its period) is an abbreviation that
 * takes a period: titles, months, "Inc", "Corp", ... */
int tok_is_abbrev(const char *w, size_t len);

/** @returns nonzero when @p w is a title abbreviation that is never sentence-final (Mr, Dr, Gen). */
int tok_is_title_abbrev(const char *w, size_t len);

#endif
