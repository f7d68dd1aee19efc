/* resolve.c - entity resolution within one article: picks non-overlapping mentions (longest
 * first, then by source priority), links acronyms in parentheses to their long form, adds
 * bare surnames of earlier full names, merges mentions by case-insensitive canonical form,
 * and scores salience from mention count, first position and title mentions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_hash.h"
#include "cw_limits.h"
#include "cands.h"
#include "resolve.h"
#include "cw_str.h"

void res_list_init(res_list_t *l, cw_arena_t *arena) {
  l->v = NULL;
  l->n = 0;
  l->cap = 0;
  l->arena = arena;
}

void res_list_add(res_list_t *l, const res_mention_t *m) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    res_mention_t *v = cw_arena_alloc(l->arena, cap * sizeof(*v));
    if (l->n)
      memcpy(v, l->v, l->n * sizeof(*v));
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *m;
}

static int is_named(cw_entity_type_t t) {
  return t <= CW_ENT_MISC;
}

/* Rules know their extent exactly and beat everything; the statistical tagger and strong
 * patterns ("... Institute of India") beat gazetteer and capitalization guesses whatever their
 * length; within a class longer spans win, then the higher source, then the earlier. */
static int src_class(res_src_t s) {
  return s == RES_SRC_RULE ? 2 : (s == RES_SRC_NER || s == RES_SRC_PATTERN) ? 1 : 0;
}

static int cmp_weight(const void *a, const void *b) {
  const res_mention_t *x = a, *y = b;
  uint32_t lx = x->t1 - x->t0, ly = y->t1 - y->t0;
  int cx = src_class(x->src), cy = src_class(y->src);
  if (cx != cy)
    return cy - cx;
  if (lx != ly)
    return lx > ly ? -1 : 1;
  if (x->src != y->src)
    return (int)y->src - (int)x->src;
  return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

static int cmp_pos(const void *a, const void *b) {
  const res_mention_t *x = a, *y = b;
  return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

/* Bytes of tokens [t0, t1) as written. */
static char *span_text(const cw_docview_t *dv, const tok_info_t *info, uint32_t t0,
                       uint32_t t1) {
  return cw_arena_strndup(dv->arena, dv->body + info[t0].b0, info[t1 - 1].b1 - info[t0].b0);
}

size_t res_name_suffix_len(const char *token) {
  static const char *const suffixes[] = {"-style", "-based", "-born", "-led", "-backed",
                                         "-owned", "-made", "-era", "-linked", "-funded",
                                         "-listed", "-bound", "-controlled", "-run", NULL};
  size_t ll = strlen(token);
  for (size_t i = 0; suffixes[i]; i++) {
    size_t sl = strlen(suffixes[i]);
    if (ll > sl && cw_str_eq(token + ll - sl, suffixes[i]))
      return sl;
  }
  return 0;
}

/* A name glued to a prefix or suffix by a hyphen is the name alone: "ex-Downing Street",
 * "Madrid-style", "London-based". @returns the mention's text; *@p cut0 and *@p cut1 get the
 * bytes (ASCII, so also code points) cut from its start and end. */
static const char *affix_trim(const cw_docview_t *dv, const tok_info_t *info,
                              const res_mention_t *m, uint32_t *cut0, uint32_t *cut1) {
  static const char *const prefixes[] = {"ex-", "pro-", "anti-", "non-", "post-", "pre-",
                                         "mid-", "neo-", "then-", NULL};
  uint32_t b0 = info[m->t0].b0, b1 = info[m->t1 - 1].b1;
  *cut0 = *cut1 = 0;
  if (m->type <= CW_ENT_MISC) {
    const char *first = dv->tokens[m->t0].text, *last = dv->tokens[m->t1 - 1].text;
    for (size_t i = 0; prefixes[i]; i++) {
      size_t pl = strlen(prefixes[i]);
      if (strncmp(first, prefixes[i], pl) == 0 && isupper((unsigned char)first[pl])) {
        *cut0 = (uint32_t)pl;
        break;
      }
    }
    size_t ll = strlen(last), sl = res_name_suffix_len(last);
    if (sl && b1 - sl > b0 + *cut0 && (m->t1 - m->t0 > 1 || ll - sl > *cut0))
      *cut1 = (uint32_t)sl;
  }
  return cw_arena_strndup(dv->arena, dv->body + b0 + *cut0, b1 - *cut1 - b0 - *cut0);
}

/* The initials of tokens [t0, t1), skipping function words: "Serum Institute of India" ->
 * "SII". @returns the length written (0 when a token cannot contribute). */
static size_t initials(const cw_docview_t *dv, const tok_info_t *info, uint32_t t0,
                       uint32_t t1, char *out, size_t size) {
  size_t n = 0;
  for (uint32_t k = t0; k < t1; k++) {
    const char *w = dv->tokens[k].text;
    if (info[k].flags & TOK_F_CLITIC)
      continue;
    if (!(info[k].flags & TOK_F_CAP)) {
      if (cw_str_eq(w, "of") || cw_str_eq(w, "the") || cw_str_eq(w, "and") ||
          cw_str_eq(w, "for") || cw_str_eq(w, "&") || cw_str_eq(w, "de"))
        continue;
      return 0;
    }
    if (n + 1 >= size)
      return 0;
    out[n++] = w[0];
  }
  out[n] = '\0';
  return n;
}

typedef struct {
  const char *acro;
  const char *longform;
  cw_entity_type_t type;
} acro_t;

/* "Serum Institute of India (SII)": an all-capital token in parentheses whose letters are the
 * initials of the capitalized words just before (a suffix of them). */
static size_t find_acronyms(const cw_docview_t *dv, const tok_info_t *info,
                            const res_list_t *l, acro_t *out, size_t max) {
  size_t n = 0;
  for (size_t k = 2; k + 1 < dv->n_tokens && n < max; k++) {
    if (!cw_str_eq(dv->tokens[k - 1].text, "(") || !cw_str_eq(dv->tokens[k + 1].text, ")"))
      continue;
    uint32_t f = info[k].flags;
    size_t alen = strlen(dv->tokens[k].text);
    if (!(f & TOK_F_ALLCAP) || !(f & TOK_F_ALPHA) || alen < 2 || alen > 10)
      continue;
    const char *acro = dv->tokens[k].text;
    /* Try every start up to 12 tokens back; the longest matching run wins. */
    uint32_t end = (uint32_t)(k - 1);
    for (uint32_t back = end > 12 ? end - 12 : 0; back < end; back++) {
      char ini[16];
      size_t il = initials(dv, info, back, end, ini, sizeof(ini));
      if (il != alen || !cw_str_ieq(ini, acro) || !(info[back].flags & TOK_F_CAP))
        continue;
      cw_entity_type_t type = CW_ENT_ORG;
      for (size_t i = 0; i < l->n; i++)
        if (l->v[i].t0 <= back && l->v[i].t1 >= end && is_named(l->v[i].type))
          type = l->v[i].type;
      out[n].acro = acro;
      out[n].longform = span_text(dv, info, back, end);
      out[n].type = type;
      n++;
      break;
    }
  }
  return n;
}

/* "National Committee of the CPPCC" -> "National Committee of the Chinese People's ...", so
 * both spellings resolve to one entity. @returns NULL when no token is a known acronym. */
static const char *expand_acronyms(const cw_docview_t *dv, const tok_info_t *info, uint32_t t0,
                                   uint32_t t1, const acro_t *acros, size_t nacro) {
  int any = 0;
  size_t len = 0;
  for (uint32_t k = t0; k < t1; k++) {
    const char *w = dv->tokens[k].text;
    for (size_t q = 0; q < nacro; q++)
      if (cw_str_eq(acros[q].acro, w)) {
        w = acros[q].longform;
        any = 1;
        break;
      }
    len += strlen(w) + 1;
  }
  if (!any)
    return NULL;
  char *out = cw_arena_alloc(dv->arena, len + 1);
  size_t o = 0;
  for (uint32_t k = t0; k < t1; k++) {
    const char *w = dv->tokens[k].text;
    for (size_t q = 0; q < nacro; q++)
      if (cw_str_eq(acros[q].acro, w)) {
        w = acros[q].longform;
        break;
      }
    /* Keep the original spacing between tokens (none before "'s"). */
    if (k > t0 && (info[k].flags & TOK_F_SPACE_BEFORE))
      out[o++] = ' ';
    size_t wl = strlen(w);
    memcpy(out + o, w, wl);
    o += wl;
  }
  out[o] = '\0';
  return out;
}

/* Names compare without case, spaces, hyphens and periods: "TimeWarner" is "Time Warner",
 * "U.S." is "US". Bytes of multi-byte characters compare as they are. */
static int key_skip(unsigned char c) {
  return c == ' ' || c == '-' || c == '.';
}

/* FNV-1a of the comparison form of @p s. */
static uint64_t key_hash(const char *s, int type_ns) {
  uint64_t h = CW_FNV64_OFFSET;
  unsigned char t = (unsigned char)type_ns;
  h = cw_fnv1a64(h, &t, 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)tolower((unsigned char)*s);
    if (!key_skip(c))
      h = cw_fnv1a64(h, &c, 1);
  }
  return h;
}

static int key_eq(const char *a, const char *b) {
  for (;;) {
    while (key_skip((unsigned char)*a))
      a++;
    while (key_skip((unsigned char)*b))
      b++;
    if (!*a || !*b)
      return !*a && !*b;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
    a++;
    b++;
  }
}

typedef struct {
  const char *key;     /* canonical (named) or normalized (rules) */
  int ns;              /* key namespace: 0 named, 1 + type for rule types */
  cw_entity_type_t type;
  const char *canon;   /* gazetteer or acronym canonical, else NULL */
  const char *normalized, *qualifier;
  size_t n, cap;
  size_t *idx;         /* indexes into the selected mentions */
  size_t longest;      /* selected mention with the longest text */
  int type_votes[CW_ENT__COUNT];
  int cued_votes[CW_ENT__COUNT]; /* mentions typed by a context cue ("the film X") */
  int merged_into;     /* -1 or the entity this one was merged into */
} ent_t;

static int same_key(const ent_t *e, const char *key, int ns) {
  return e->ns == ns && (ns ? cw_str_eq(e->key, key) : key_eq(e->key, key));
}

static void ent_add(cw_arena_t *a, ent_t *e, size_t mi) {
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 4;
    size_t *v = cw_arena_alloc(a, cap * sizeof(*v));
    if (e->n)
      memcpy(v, e->idx, e->n * sizeof(*v));
    e->idx = v;
    e->cap = cap;
  }
  e->idx[e->n++] = mi;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct {
  size_t first;
  size_t ent;
} order_t;

static int cmp_order(const void *a, const void *b) {
  const order_t *x = a, *y = b;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* A mention's first token and the entity it belongs to. */
typedef struct {
  uint32_t t;
  size_t owner;
} pos_owner_t;

static int cmp_pos_owner(const void *x, const void *y) {
  const pos_owner_t *a = x, *b = y;
  return a->t < b->t ? -1 : a->t > b->t;
}

/* Does single token @p w equal the first or last word of multi-word name @p name? */
static int is_name_part(const char *name, const char *w) {
  size_t wl = strlen(w);
  const char *sp = strchr(name, ' ');
  if (!sp)
    return 0;
  if ((size_t)(sp - name) == wl && strncmp(name, w, wl) == 0)
    return 1;
  const char *last = strrchr(name, ' ') + 1;
  return cw_str_eq(last, w);
}

/* Is @p w the last word of multi-word name @p name? */
static int is_last_word(const char *name, const char *w) {
  const char *sp = strrchr(name, ' ');
  return sp && cw_str_eq(sp + 1, w);
}

/* The named type most mentions were given (the tagger's count twice); a type given by a
 * context cue at any mention ("its new RipGuard technology") outweighs every guess of the
 * tagger at the others, however many. */
static cw_entity_type_t voted_type(const ent_t *e) {
  const int *v = e->cued_votes;
  int any = 0;
  for (int t = 0; t <= CW_ENT_MISC; t++)
    any |= v[t] != 0;
  if (!any)
    v = e->type_votes;
  int best = 0;
  for (int t = 1; t <= CW_ENT_MISC; t++)
    if (v[t] > v[best])
      best = t;
  return v[best] ? (cw_entity_type_t)best : e->type;
}

cw_err_t res_resolve(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                     size_t title_sentences, cw_entity_t **out, size_t *n_out, char *errstr,
                     size_t errstr_size) {
  cw_err_t err = CW_OK;
  cw_arena_t *a = dv->arena;
  (void)errstr;
  (void)errstr_size;
  *out = NULL;
  *n_out = 0;
  if (dv->n_tokens == 0 || l->n == 0)
    goto out;

  /* The gazetteer phrase starting at each token, as the gazetteer matched it: its canonical
   * name, when it is another name ("Tories" -> "Conservative Party"), is also that of a
   * mention of the same span and type another stage found. */
  res_mention_t *gaz_at = cw_arena_calloc(a, dv->n_tokens, sizeof(*gaz_at));
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].src == RES_SRC_GAZ && l->v[i].canon && l->v[i].t0 < dv->n_tokens)
      gaz_at[l->v[i].t0] = l->v[i];

  /* 1. Non-overlapping selection, after the corrections of cands.c. */
  cands_clean(dv, info, l, title_sentences);
  qsort(l->v, l->n, sizeof(*l->v), cmp_weight);
  unsigned char *used = cw_arena_calloc(a, dv->n_tokens, 1);
  res_mention_t *sel = cw_arena_alloc(a, (l->n + dv->n_tokens) * sizeof(*sel));
  size_t ns = 0;
  for (size_t i = 0; i < l->n; i++) {
    const res_mention_t *m = &l->v[i];
    if (m->t0 >= m->t1 || m->t1 > dv->n_tokens)
      continue;
    int free_ = 1;
    for (uint32_t k = m->t0; k < m->t1 && free_; k++)
      free_ = !used[k];
    if (!free_)
      continue;
    memset(used + m->t0, 1, m->t1 - m->t0);
    sel[ns++] = *m;
  }

  /* 2. Acronyms defined in parentheses, and every use of them. */
  acro_t acros[64];
  size_t nacro = find_acronyms(dv, info, l, acros, 64);
  for (size_t k = 0; nacro && k < dv->n_tokens; k++) {
    if (used[k] || !(info[k].flags & TOK_F_ALLCAP))
      continue;
    for (size_t q = 0; q < nacro; q++)
      if (cw_str_eq(acros[q].acro, dv->tokens[k].text)) {
        sel[ns++] = (res_mention_t){.t0 = (uint32_t)k, .t1 = (uint32_t)k + 1,
                                    .type = acros[q].type, .src = RES_SRC_HEUR,
                                    .canon = acros[q].longform};
        used[k] = 1;
        break;
      }
  }

  /* 3. Bare surnames or given names of full person names elsewhere in the article: the first
   * and last words of multi-word PER mentions, in a hash set so this stays linear. */
  {
    size_t nparts = 0, psize = 16;
    for (size_t i = 0; i < ns; i++)
      nparts += sel[i].type == CW_ENT_PER && sel[i].t1 - sel[i].t0 >= 2 ? 2 : 0;
    while (psize < nparts * 2)
      psize *= 2;
    const char **parts = cw_arena_calloc(a, psize, sizeof(*parts));
    for (size_t i = 0; nparts && i < ns; i++) {
      if (sel[i].type != CW_ENT_PER || sel[i].t1 - sel[i].t0 < 2)
        continue;
      const char *ends[2] = {dv->tokens[sel[i].t0].text, dv->tokens[sel[i].t1 - 1].text};
      for (int e = 0; e < 2; e++) {
        size_t slot = (size_t)key_hash(ends[e], 0) & (psize - 1);
        while (parts[slot] && !cw_str_eq(parts[slot], ends[e]))
          slot = (slot + 1) & (psize - 1);
        parts[slot] = ends[e];
      }
    }
    for (size_t k = 0; nparts && k < dv->n_tokens; k++) {
      if (used[k] || !(info[k].flags & TOK_F_CAP) || (info[k].flags & TOK_F_ABBR))
        continue;
      const char *w = dv->tokens[k].text;
      size_t slot = (size_t)key_hash(w, 0) & (psize - 1);
      while (parts[slot] && !cw_str_eq(parts[slot], w))
        slot = (slot + 1) & (psize - 1);
      if (parts[slot]) {
        sel[ns++] = (res_mention_t){.t0 = (uint32_t)k, .t1 = (uint32_t)k + 1,
                                    .type = CW_ENT_PER, .src = RES_SRC_HEUR};
        used[k] = 1;
      }
    }
  }
  qsort(sel, ns, sizeof(*sel), cmp_pos);
  if (ns > CW_MAX_MENTIONS) {
    /* Past the cap the article keeps its first CW_MAX_MENTIONS mentions in text order. */
    ns = CW_MAX_MENTIONS;
    if (dv->capped)
      *dv->capped = 1;
  }
  cw_dv_work(dv, l->n + ns);


  /* 4. Group by key. */
  ent_t *ents = cw_arena_calloc(a, ns, sizeof(*ents));
  size_t ne = 0;
  size_t tsize = 16;
  while (tsize < ns * 2)
    tsize *= 2;
  int32_t *table = cw_arena_alloc(a, tsize * sizeof(int32_t));
  memset(table, 0xff, tsize * sizeof(int32_t));
  const char **mtext = cw_arena_alloc(a, ns * sizeof(*mtext));
  uint32_t *cut0 = cw_arena_alloc(a, ns * sizeof(*cut0));
  uint32_t *cut1 = cw_arena_alloc(a, ns * sizeof(*cut1));
  for (size_t i = 0; i < ns; i++) {
    const res_mention_t *m = &sel[i];
    mtext[i] = affix_trim(dv, info, m, &cut0[i], &cut1[i]);
    const char *canon = m->canon;
    const res_mention_t *g = &gaz_at[m->t0];
    if (!canon && g->canon && g->t1 == m->t1 && g->type == m->type && !key_eq(g->canon, mtext[i]))
      canon = g->canon;
    cw_entity_type_t type = m->type;
    for (size_t q = 0; !canon && q < nacro && is_named(type); q++)
      if (cw_str_eq(acros[q].acro, mtext[i])) {
        canon = acros[q].longform;
        type = acros[q].type;
      }
    if (!canon && nacro && is_named(type) && m->t1 - m->t0 > 1)
      canon = expand_acronyms(dv, info, m->t0, m->t1, acros, nacro);
    int nsp = is_named(type) ? 0 : 1 + (int)type;
    const char *key = nsp ? (m->normalized ? m->normalized : mtext[i]) : (canon ? canon : mtext[i]);
    if (nsp && m->qualifier) {
      size_t kl = strlen(key) + strlen(m->qualifier) + 2;
      char *k2 = cw_arena_alloc(a, kl);
      snprintf(k2, kl, "%s|%s", key, m->qualifier);
      key = k2;
    }
    uint64_t h = key_hash(key, nsp);
    size_t slot = (size_t)h & (tsize - 1);
    while (table[slot] >= 0 && !same_key(&ents[table[slot]], key, nsp))
      slot = (slot + 1) & (tsize - 1);
    ent_t *e;
    if (table[slot] < 0 && ne == CW_MAX_ENTITIES) {
      /* Past the cap a mention of a new entity is dropped; known entities still grow. */
      if (dv->capped)
        *dv->capped = 1;
      continue;
    }
    if (table[slot] < 0) {
      table[slot] = (int32_t)ne;
      e = &ents[ne++];
      e->key = key;
      e->ns = nsp;
      e->type = type;
      e->canon = canon;
      e->normalized = m->normalized;
      e->qualifier = m->qualifier;
      e->longest = i;
      e->merged_into = -1;
    } else {
      e = &ents[table[slot]];
    }
    if (strlen(mtext[i]) > strlen(mtext[e->longest]))
      e->longest = i;
    e->type_votes[type] += (m->src == RES_SRC_NER ? 2 : 1) + (m->cued ? 8 : 0);
    e->cued_votes[type] += m->cued ? 1 : 0;
    ent_add(a, e, i);
  }

  /* 5. Single-word named entities that are part of a multi-word person name join it. A
   * person's words are given names and surnames: a word the tagger called MISC (a holiday,
   * "Christmas" of "Father Christmas") never joins, one it called ORG or LOC at every mention
   * joins only as the last word ("Mac" is not "Mac Format"; "Britney", a person once, is
   * "Britney Spears"). A word two people share ("O'Sullivan") goes,
   * mention by mention, to the one named last before it, or else first after it. */
  size_t *people = cw_arena_alloc(a, (ne + 1) * sizeof(*people));
  size_t *n_own = cw_arena_alloc(a, (ne + 1) * sizeof(*n_own));
  size_t *cand_p = cw_arena_alloc(a, (ne + 1) * sizeof(*cand_p));
  size_t *seen = cw_arena_alloc(a, (ne + 1) * sizeof(*seen));
  size_t npeople = 0, n_own_all = 0;
  for (size_t j = 0; j < ne; j++) {
    n_own[j] = ents[j].n;
    seen[j] = ne;
    if (ents[j].ns == 0 && voted_type(&ents[j]) == CW_ENT_PER &&
        strchr(mtext[ents[j].longest], ' ')) {
      people[npeople++] = j;
      n_own_all += ents[j].n;
    }
  }
  /* The people by their first and last word, so a single name visits only the people it
   * can be part of (not every person: thousands of names made that quadratic). */
  size_t hsize = 16;
  while (hsize < npeople * 4)
    hsize *= 2;
  int32_t *head = cw_arena_alloc(a, hsize * sizeof(*head));
  memset(head, 0xff, hsize * sizeof(*head));
  int32_t *hnext = cw_arena_alloc(a, (2 * npeople + 1) * sizeof(*hnext));
  size_t *hperson = cw_arena_alloc(a, (2 * npeople + 1) * sizeof(*hperson));
  size_t nh = 0;
  for (size_t p = 0; p < npeople; p++) {
    const char *name = mtext[ents[people[p]].longest];
    const char *sp = strchr(name, ' '), *last = strrchr(name, ' ') + 1;
    uint64_t hs[2] = {cw_fnv1a64(CW_FNV64_OFFSET, name, (size_t)(sp - name)),
                      cw_fnv1a64_str(CW_FNV64_OFFSET, last)};
    for (int w = 0; w < 2; w++) {
      size_t slot = (size_t)hs[w] & (hsize - 1);
      hperson[nh] = people[p];
      hnext[nh] = head[slot];
      head[slot] = (int32_t)nh++;
    }
  }
  cw_dv_work(dv, ne + nh);
  /* The candidates' own mentions by position: each mention of the single name goes to the
   * candidate mentioned last before it (or first after it), found by binary search. */
  pos_owner_t *pos = cw_arena_alloc(a, (n_own_all + 1) * sizeof(*pos));
  for (size_t i = 0; npeople && i < ne; i++) {
    ent_t *e = &ents[i];
    if (e->ns != 0 || e->canon || strchr(mtext[e->longest], ' '))
      continue;
    cw_entity_type_t vt = voted_type(e);
    if (vt == CW_ENT_MISC)
      continue;
    const char *w = mtext[e->longest];
    int any_part = vt == CW_ENT_PER || e->type_votes[CW_ENT_PER] > 0;
    size_t nc = 0, np = 0;
    size_t slot = (size_t)cw_fnv1a64_str(CW_FNV64_OFFSET, w) & (hsize - 1);
    for (int32_t h = head[slot]; h >= 0; h = hnext[h]) {
      size_t j = hperson[h];
      cw_dv_work(dv, 1);
      if (j == i || ents[j].merged_into >= 0 || seen[j] == i)
        continue;
      seen[j] = i;
      const char *name = mtext[ents[j].longest];
      if (!(any_part ? is_name_part(name, w) : is_last_word(name, w)))
        continue;
      cand_p[nc++] = j;
      for (size_t q = 0; q < n_own[j]; q++)
        pos[np++] = (pos_owner_t){sel[ents[j].idx[q]].t0, j};
    }
    if (nc == 0)
      continue;
    qsort(pos, np, sizeof(*pos), cmp_pos_owner);
    cw_dv_work(dv, np + e->n);
    for (size_t k = 0; k < e->n; k++) {
      uint32_t at = sel[e->idx[k]].t0;
      size_t lo = 0, hi = np; /* first position >= at */
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pos[mid].t < at)
          lo = mid + 1;
        else
          hi = mid;
      }
      size_t best;
      if (lo > 0)
        best = pos[lo - 1].owner;
      else {
        while (lo < np && pos[lo].t == at)
          lo++;
        best = pos[lo < np ? lo : np - 1].owner;
      }
      ent_add(a, &ents[best], e->idx[k]);
      e->merged_into = (int)best;
    }
  }

  /* 5b. An acronym without a definition joins the one multi-word name it abbreviates
   * ("ECB" and "European Central Bank"); people's initials are not names. The names'
   * initials are computed once and found by hash. */
  char (*inis)[16] = cw_arena_alloc(a, (ne + 1) * sizeof(*inis));
  size_t isize = 16;
  while (isize < ne * 2)
    isize *= 2;
  int32_t *ihead = cw_arena_alloc(a, isize * sizeof(*ihead));
  memset(ihead, 0xff, isize * sizeof(*ihead));
  int32_t *inext = cw_arena_alloc(a, (ne + 1) * sizeof(*inext));
  for (size_t j = 0; j < ne; j++) {
    const ent_t *f = &ents[j];
    const res_mention_t *fm = &sel[f->longest];
    inis[j][0] = '\0';
    if (f->ns != 0 || f->merged_into >= 0 || fm->t1 - fm->t0 < 2 ||
        voted_type(f) == CW_ENT_PER)
      continue;
    size_t il = initials(dv, info, fm->t0, fm->t1, inis[j], sizeof(inis[j]));
    cw_dv_work(dv, fm->t1 - fm->t0);
    if (il < 2 || il > 6)
      continue;
    size_t slot = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, inis[j], il) & (isize - 1);
    inext[j] = ihead[slot];
    ihead[slot] = (int32_t)j;
  }
  for (size_t i = 0; i < ne; i++) {
    ent_t *e = &ents[i];
    if (e->ns != 0 || e->canon || e->merged_into >= 0)
      continue;
    const res_mention_t *m = &sel[e->longest];
    size_t al = strlen(mtext[e->longest]);
    if (m->t1 - m->t0 != 1 || !(info[m->t0].flags & TOK_F_ALLCAP) ||
        !(info[m->t0].flags & TOK_F_ALPHA) || al < 2 || al > 6)
      continue;
    size_t match = ne, nmatch = 0;
    size_t slot = (size_t)cw_fnv1a64(CW_FNV64_OFFSET, mtext[e->longest], al) & (isize - 1);
    for (int32_t h = ihead[slot]; h >= 0 && nmatch < 2; h = inext[h]) {
      cw_dv_work(dv, 1);
      if ((size_t)h != i && ents[h].merged_into < 0 && cw_str_eq(inis[h], mtext[e->longest])) {
        match = (size_t)h;
        nmatch++;
      }
    }
    if (nmatch != 1)
      continue;
    for (size_t k = 0; k < e->n; k++)
      ent_add(a, &ents[match], e->idx[k]);
    e->merged_into = (int)match;
  }

  /* 6. Output: canonical names, salience, order by first mention. */
  order_t *ord = cw_arena_alloc(a, (ne + 1) * sizeof(*ord));
  size_t nout = 0;
  size_t max_count = 1;
  for (size_t i = 0; i < ne; i++)
    if (ents[i].merged_into < 0 && ents[i].n > max_count)
      max_count = ents[i].n;
  for (size_t i = 0; i < ne; i++) {
    if (ents[i].merged_into >= 0)
      continue;
    qsort(ents[i].idx, ents[i].n, sizeof(size_t), cmp_size);
    ord[nout].first = sel[ents[i].idx[0]].t0;
    ord[nout].ent = i;
    nout++;
  }
  qsort(ord, nout, sizeof(*ord), cmp_order);
  cw_entity_t *res = cw_arena_calloc(a, nout ? nout : 1, sizeof(*res));
  double ncp = dv->n_cp ? (double)dv->n_cp : 1.0;
  for (size_t o = 0; o < nout; o++) {
    ent_t *e = &ents[ord[o].ent];
    cw_entity_t *r = &res[o];
    cw_mention_t *ms = cw_arena_alloc(a, e->n * sizeof(*ms));
    int in_title = 0;
    size_t longest = e->idx[0];
    for (size_t k = 0; k < e->n; k++) {
      const res_mention_t *m = &sel[e->idx[k]];
      ms[k].span.start = dv->tokens[m->t0].span.start + cut0[e->idx[k]];
      ms[k].span.end = dv->tokens[m->t1 - 1].span.end - cut1[e->idx[k]];
      ms[k].text = mtext[e->idx[k]];
      ms[k].sentence = dv->tokens[m->t0].sentence;
      if (ms[k].sentence < title_sentences)
        in_title = 1;
      if (strlen(mtext[e->idx[k]]) > strlen(mtext[longest]))
        longest = e->idx[k];
    }
    cw_entity_type_t type = e->type;
    if (e->ns == 0)
      type = voted_type(e);
    r->type = type;
    r->canonical = e->canon ? e->canon : mtext[longest];
    r->normalized = e->normalized;
    r->qualifier = e->qualifier;
    r->n_mentions = e->n;
    r->mentions = ms;
    double count = (double)e->n / (double)max_count;
    double pos = 1.0 - (double)ms[0].span.start / ncp;
    double s = 0.5 * count + 0.3 * pos + (in_title ? 0.2 : 0.0);
    if (!is_named(type))
      s *= 0.5;
    if (s < 0.0)
      s = 0.0;
    if (s > 1.0)
      s = 1.0;
    r->salience = s;
  }
  *out = res;
  *n_out = nout;
out:
  return err;
}
