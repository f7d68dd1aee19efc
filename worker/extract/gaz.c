/* gaz.c - gazetteer loading and lookup, and name candidates from capitalized runs. Phrases are
 * stored as their tokens joined by single spaces (tokenized with tok.c at load time), so a
 * lookup is one hash probe per candidate length, built incrementally from token texts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_hash.h"
#include "gaz.h"
#include "cw_file.h"
#include "rules_date.h"
#include "cw_str.h"

#define GAZ_MAX_TOKENS 8
#define GAZ_MAX_PHRASE 256

/* Built in because the heuristics need them even without gazetteer files. */
static const char *const org_words[] = {
  "Institute", "Institution", "Ministry", "Department", "Committee", "Commission", "Council",
  "Embassy", "University", "College", "Company", "Corporation", "Corp.", "Inc.", "Inc", "Ltd",
  "Ltd.", "Group", "Bank", "Agency", "Association", "Authority", "Board", "Bureau", "Party",
  "Union", "Organization", "Organisation", "Foundation", "Federation", "Labs", "Laboratories",
  "Laboratory", "Times", "Post", "News", "Press", "Club", "Court", "Parliament", "Congress",
  "Senate", "Assembly", "Office", "Army", "Navy", "Police", "Administration", "Conference",
  "Society", "Centre", "Center", "Airlines", "Airways", "Motors", "Holdings", "Industries",
  "Technologies", "Systems", "Pharmaceuticals", "Telecom", "FC", "Exchange", "Fund", "Network",
  "Media", "Studios", "Records", "Trust", "League", "Co.", "PLC", "plc", "LLC", "AG", "SA",
  "GmbH", "Biotech", "Bros", "Bros.", "Reserve", "Service", "Services", "Coalition", "Alliance", "Movement",
  "Forum", "Tribunal", "Cabinet", "Executive", NULL};
static const char *const title_words[] = {
  "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr", "President", "Minister",
  "Secretary", "Chancellor", "Senator", "Sen.", "Governor", "Gov.", "Mayor", "King", "Queen",
  "Prince", "Princess", "Pope", "Judge", "Justice", "General", "Gen.", "Colonel", "Col.",
  "Captain", "Capt.", "Chairman", "Chairwoman", "Director", "Ambassador", "Spokesman",
  "Spokeswoman", "Premier", "Rep.", "Representative", "Lord", "Lady", "Sir", "Dame", "Coach",
  "Lt.", "Sgt.", "Chief", "Commissioner", "Envoy", "Vice-President", "Speaker", NULL};

/* Every proper prefix of a multi-word phrase is stored under this internal kind, so a match
 * stops extending as soon as no phrase continues ("Serum" -> "Serum Institute" -> ...). */
#define GAZ_PREFIX GAZ__COUNT

typedef struct {
  const char *key;
  const char *canon;
  uint64_t h;      /* hash of key; one per phrase, whatever its kind */
  uint32_t len;
  uint8_t kind;
} entry_t;

struct gaz_s {
  entry_t *tab;
  size_t cap, n;
  size_t counts[GAZ__COUNT + 1];
  size_t max_tokens;
  cw_arena_t *store;
};

static uint64_t hkey(const char *s, size_t n) {
  return cw_fnv1a64(CW_FNV64_OFFSET, s, n);
}

static void put_raw(gaz_t *g, const char *key, size_t len, const char *canon, unsigned kind) {
  if ((g->n + 1) * 2 > g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 1024;
    entry_t *t = cw_calloc(cap, sizeof(*t));
    for (size_t i = 0; i < g->cap; i++) {
      if (!g->tab[i].key)
        continue;
      size_t s = (size_t)g->tab[i].h & (cap - 1);
      while (t[s].key)
        s = (s + 1) & (cap - 1);
      t[s] = g->tab[i];
    }
    free(g->tab);
    g->tab = t;
    g->cap = cap;
  }
  uint64_t h = hkey(key, len);
  size_t s = (size_t)h & (g->cap - 1);
  while (g->tab[s].key) {
    const entry_t *e = &g->tab[s];
    if (e->h == h && e->kind == kind && e->len == len && memcmp(e->key, key, len) == 0)
      return; /* the first canonical of a phrase wins */
    s = (s + 1) & (g->cap - 1);
  }
  g->tab[s] = (entry_t){.key = key, .canon = canon, .h = h, .len = (uint32_t)len,
                        .kind = (uint8_t)kind};
  g->n++;
  g->counts[kind]++;
}

/* Tokenizes @p phrase into the key form and stores it. */
static void put(gaz_t *g, cw_arena_t *scratch, const char *phrase, const char *canon,
                gaz_kind_t kind) {
  tok_result_t tr;
  char err[128];
  cw_arena_reset(scratch);
  if (tok_run(phrase, strlen(phrase), scratch, &tr, err, sizeof(err)) != CW_OK || tr.n == 0 ||
      tr.n > GAZ_MAX_TOKENS)
    return;
  char key[GAZ_MAX_PHRASE];
  size_t o = 0;
  for (size_t i = 0; i < tr.n; i++) {
    size_t l = strlen(tr.tokens[i].text);
    if (o + l + 2 > sizeof(key))
      return;
    if (i)
      key[o++] = ' ';
    memcpy(key + o, tr.tokens[i].text, l);
    o += l;
  }
  key[o] = '\0';
  if (tr.n > g->max_tokens)
    g->max_tokens = tr.n;
  const char *k = cw_arena_strndup(g->store, key, o);
  const char *c = canon ? cw_arena_strndup(g->store, canon, strlen(canon)) : k;
  put_raw(g, k, o, c, kind);
  /* Prefixes end before each separating space. */
  for (size_t i = 1; i < o; i++)
    if (key[i] == ' ')
      put_raw(g, k, i, NULL, GAZ_PREFIX);
}

typedef struct {
  gaz_t *g;
  cw_arena_t *scratch;
  gaz_kind_t kind;
} load_ctx_t;

static const char *load_line(char *line, size_t len, void *vctx) {
  load_ctx_t *c = vctx;
  (void)len;
  char *tab = strchr(line, '\t');
  if (tab)
    *tab++ = '\0';
  if (!line[0])
    return "empty phrase";
  put(c->g, c->scratch, line, tab && *tab ? tab : NULL, c->kind);
  return NULL;
}

/* Reads "phrase[TAB canonical]" lines; '#' starts a comment line. A missing file is no error
 * (*found stays 0). */
static cw_err_t load_file(gaz_t *g, cw_arena_t *scratch, const char *dir, const char *name,
                          gaz_kind_t kind, int *found, char *errstr, size_t errstr_size) {
  char path[4096];
  load_ctx_t ctx = {g, scratch, kind};
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  cw_err_t err = cw_file_lines(path, load_line, &ctx, errstr, errstr_size);
  if (err == CW_ERR_IO && errno == ENOENT)
    return CW_OK;
  *found = 1;
  return err;
}

static const struct {
  const char *file;
  gaz_kind_t kind;
} files[] = {{"countries.tsv", GAZ_COUNTRY}, {"cities.tsv", GAZ_CITY},
             {"demonyms.tsv", GAZ_DEMONYM},  {"orgs.tsv", GAZ_ORG},
             {"firstnames.txt", GAZ_FIRSTNAME}};
#define N_FILES (sizeof(files) / sizeof(files[0]))

size_t gaz_file_count(void) { return N_FILES; }

const char *gaz_file_name(size_t i) { return i < N_FILES ? files[i].file : NULL; }

cw_err_t gaz_load(const char *dir, gaz_t **out, char *errstr, size_t errstr_size) {
  cw_err_t err = CW_OK;
  gaz_t *g = cw_calloc(1, sizeof(*g));
  cw_arena_t *scratch = cw_arena_create(16 * 1024);
  g->store = cw_arena_create(256 * 1024);
  *out = NULL;
  int found = 0;
  for (size_t i = 0; i < N_FILES; i++) {
    err = load_file(g, scratch, dir, files[i].file, files[i].kind, &found, errstr, errstr_size);
    if (err)
      goto out;
  }
  for (size_t i = 0; org_words[i]; i++)
    put(g, scratch, org_words[i], NULL, GAZ_ORGWORD);
  for (size_t i = 0; title_words[i]; i++)
    put(g, scratch, title_words[i], NULL, GAZ_TITLE);
  *out = g;
  g = NULL;
out:
  cw_arena_destroy(&scratch);
  gaz_destroy(&g);
  return err;
}

void gaz_destroy(gaz_t **pg) {
  if (!pg || !*pg)
    return;
  free((*pg)->tab);
  cw_arena_destroy(&(*pg)->store);
  free(*pg);
  *pg = NULL;
}

size_t gaz_count(const gaz_t *g, gaz_kind_t k) {
  return g && (unsigned)k < GAZ__COUNT ? g->counts[k] : 0;
}

static const entry_t *find(const gaz_t *g, const char *key, size_t n, unsigned kind) {
  if (!g || !g->cap)
    return NULL;
  uint64_t h = hkey(key, n);
  size_t s = (size_t)h & (g->cap - 1);
  for (; g->tab[s].key; s = (s + 1) & (g->cap - 1)) {
    const entry_t *e = &g->tab[s];
    if (e->h == h && e->kind == kind && e->len == n && memcmp(e->key, key, n) == 0)
      return e;
  }
  return NULL;
}

/* One probe pass for several kinds: the entry of the earliest kind in @p kinds (nk of them),
 * and whether the phrase is a prefix of a longer one in *@p prefix. */
static const entry_t *find_kinds(const gaz_t *g, const char *key, size_t n,
                                 const gaz_kind_t *kinds, size_t nk, int *prefix) {
  const entry_t *best = NULL;
  size_t best_rank = nk;
  uint64_t h = hkey(key, n);
  *prefix = 0;
  for (size_t s = (size_t)h & (g->cap - 1); g->tab[s].key; s = (s + 1) & (g->cap - 1)) {
    const entry_t *e = &g->tab[s];
    if (e->h != h || e->len != n || memcmp(e->key, key, n) != 0)
      continue;
    if (e->kind == GAZ_PREFIX) {
      *prefix = 1;
      continue;
    }
    for (size_t r = 0; r < best_rank; r++)
      if (kinds[r] == e->kind) {
        best = e;
        best_rank = r;
      }
  }
  return best;
}

size_t gaz_run_kinds(const gaz_t *g, const char *phrase, const size_t *ends, size_t nruns,
                     unsigned *kinds) {
  size_t probed = 0;
  uint64_t h = CW_FNV64_OFFSET;
  for (size_t k = 1; k <= nruns; k++)
    kinds[k] = 0;
  if (!g || !g->cap)
    return 0;
  for (size_t k = 1; k <= nruns; k++) {
    size_t n = ends[k];
    unsigned mask = 0;
    h = cw_fnv1a64(h, phrase + ends[k - 1], n - ends[k - 1]); /* = hkey(phrase, n) */
    for (size_t s = (size_t)h & (g->cap - 1); g->tab[s].key; s = (s + 1) & (g->cap - 1)) {
      const entry_t *e = &g->tab[s];
      if (e->h == h && e->len == n && memcmp(e->key, phrase, n) == 0)
        mask |= 1u << e->kind;
    }
    probed = k;
    kinds[k] = mask & ((1u << GAZ__COUNT) - 1u);
    /* a listed phrase of more words has this run, then a space, as a stored prefix */
    if (!(mask & (1u << GAZ_PREFIX)))
      break;
  }
  return probed;
}

int gaz_first_name_gender(const gaz_t *g, const char *name) {
  const char *canon = NULL;
  if (!name || !gaz_lookup(g, name, GAZ_FIRSTNAME, &canon))
    return 0;
  return canon && (canon[0] == 'F' || canon[0] == 'M') && !canon[1] ? canon[0] : 'U';
}

int gaz_lookup(const gaz_t *g, const char *phrase, gaz_kind_t k, const char **canon) {
  const entry_t *e = find(g, phrase, strlen(phrase), k);
  if (e && canon)
    *canon = e->canon;
  return e != NULL;
}

const char *gaz_country_canonical(const gaz_t *g, const cw_docview_t *dv, uint32_t t0,
                                  uint32_t t1) {
  char key[GAZ_MAX_PHRASE];
  size_t o = 0;
  if (!g || t1 <= t0 || t1 - t0 > g->max_tokens || t1 > dv->n_tokens)
    return NULL;
  for (uint32_t k = t0; k < t1; k++) {
    size_t l = strlen(dv->tokens[k].text);
    if (o + l + 2 > sizeof(key))
      return NULL;
    if (k > t0)
      key[o++] = ' ';
    memcpy(key + o, dv->tokens[k].text, l);
    o += l;
  }
  const entry_t *e = find(g, key, o, GAZ_COUNTRY);
  return e ? e->canon : NULL;
}

/* ==== Candidates ==== */

static int is_kind(const gaz_t *g, const char *w, gaz_kind_t k) {
  return find(g, w, strlen(w), k) != NULL;
}

static int is_place(const gaz_t *g, const char *w) {
  return is_kind(g, w, GAZ_COUNTRY) || is_kind(g, w, GAZ_CITY);
}

/* Capitalized function words and openers, by first letter. */
static const char *const common_cap_A[] = {
    "A", "An", "At", "And", "As", "After", "All", "Also", "According", "Another", "Although", NULL};
static const char *const common_cap_B[] = {"But", "By", "Before", "Both", "Because", NULL};
static const char *const common_cap_D[] = {"During", "Despite", NULL};
static const char *const common_cap_E[] = {"Even", "Earlier", "Eastern", "Each", "Every", NULL};
static const char *const common_cap_F[] = {"For", "From", "First", "Facts", NULL};
static const char *const common_cap_H[] = {"He", "His", "Her", "Here", "However", "How", NULL};
static const char *const common_cap_I[] = {"In", "If", "It", "I", "Its", NULL};
static const char *const common_cap_L[] = {"Later", "Last", NULL};
static const char *const common_cap_M[] = {"My", "Meanwhile", "Moreover", "Many", "Most", NULL};
static const char *const common_cap_N[] = {"No", "Not", "Now", "Northern", "Next", "New", NULL};
static const char *const common_cap_O[] = {"On", "Or", "Our", "Other", "Over", NULL};
static const char *const common_cap_P[] = {"Previously", "Photo", "Published", NULL};
static const char *const common_cap_S[] = {
    "She", "Since", "Some", "So", "Still", "Similar", "Southern", "Such", "Several", NULL};
static const char *const common_cap_T[] = {
    "The", "To", "This", "That", "These", "Those", "They", "Their", "There", "Through", "Then", NULL};
static const char *const common_cap_U[] = {"Under", "Unlike", NULL};
static const char *const common_cap_W[] = {
    "With", "We", "When", "While", "Western", "What", "Who", "Why", "Where", "Which", NULL};
static const char *const common_cap_Y[] = {"You", "Your", "Yet", NULL};
static const char *const *const common_cap[26] = {
    ['A' - 'A'] = common_cap_A, ['B' - 'A'] = common_cap_B, ['D' - 'A'] = common_cap_D,
    ['E' - 'A'] = common_cap_E, ['F' - 'A'] = common_cap_F, ['H' - 'A'] = common_cap_H,
    ['I' - 'A'] = common_cap_I, ['L' - 'A'] = common_cap_L, ['M' - 'A'] = common_cap_M,
    ['N' - 'A'] = common_cap_N, ['O' - 'A'] = common_cap_O, ['P' - 'A'] = common_cap_P,
    ['S' - 'A'] = common_cap_S, ['T' - 'A'] = common_cap_T, ['U' - 'A'] = common_cap_U,
    ['W' - 'A'] = common_cap_W, ['Y' - 'A'] = common_cap_Y,
};

int gaz_is_common_cap(const char *w) {
  if (w[0] < 'A' || w[0] > 'Z')
    return 0;
  const char *const *c = common_cap[w[0] - 'A'];
  for (size_t i = 0; c && c[i]; i++)
    if (cw_str_eq(c[i] + 1, w + 1))
      return 1;
  return 0;
}

static int is_connector(const char *w) {
  return cw_str_eq(w, "of") || cw_str_eq(w, "the") || cw_str_eq(w, "and") ||
         cw_str_eq(w, "for") || cw_str_eq(w, "&") || cw_str_eq(w, "de") ||
         cw_str_eq(w, "'s") || cw_str_eq(w, "\xE2\x80\x99s");
}

static int is_speech_verb(const char *w) {
  static const char *const v[] = {"said", "says", "told", "added", "noted", "revealed",
                                  "wrote", "stated", "explained", "argued", "warned",
                                  "announced", "claimed", "insisted", "stressed", NULL};
  for (size_t i = 0; v[i]; i++)
    if (cw_str_eq(v[i], w))
      return 1;
  return 0;
}

static void add(res_list_t *l, size_t t0, size_t t1, cw_entity_type_t type, res_src_t src,
                const char *canon) {
  res_mention_t m = {.t0 = (uint32_t)t0, .t1 = (uint32_t)t1, .type = type, .src = src,
                     .canon = canon};
  res_list_add(l, &m);
}

/* Longest gazetteer phrase of a name kind starting at token k. @returns its token count. */
static size_t gaz_match(const gaz_t *g, const cw_docview_t *dv, size_t k, const entry_t **hit) {
  char key[GAZ_MAX_PHRASE];
  size_t o = 0, best = 0;
  static const gaz_kind_t kinds[] = {GAZ_COUNTRY, GAZ_CITY, GAZ_ORG, GAZ_DEMONYM};
  *hit = NULL;
  if (!g->cap)
    return 0;
  for (size_t len = 1; len <= g->max_tokens && k + len <= dv->n_tokens; len++) {
    size_t j = k + len - 1;
    if (len > 1 && dv->tokens[j].sentence != dv->tokens[k].sentence)
      break;
    size_t l = strlen(dv->tokens[j].text);
    if (o + l + 2 > sizeof(key))
      break;
    if (len > 1)
      key[o++] = ' ';
    memcpy(key + o, dv->tokens[j].text, l);
    o += l;
    int prefix;
    const entry_t *e = find_kinds(g, key, o, kinds, sizeof(kinds) / sizeof(kinds[0]), &prefix);
    if (e) {
      *hit = e;
      best = len;
    }
    if (!prefix)
      break;
  }
  return best;
}

void gaz_find(const gaz_t *g, const cw_docview_t *dv, const tok_info_t *info,
              const unsigned char *taken, res_list_t *l) {
  if (!g)
    return;
  size_t n = dv->n_tokens;
  /* Gazetteer phrases, over the tokens of date and number rules too: a listed name holding
   * one ("The Mail on Sunday", "Channel 4") wins over it in resolution. */
  for (size_t k = 0; k < n; k++) {
    if (!(info[k].flags & TOK_F_CAP))
      continue;
    const entry_t *e;
    size_t len = gaz_match(g, dv, k, &e);
    if (!len)
      continue;
    cw_entity_type_t type = e->kind == GAZ_ORG ? CW_ENT_ORG
                            : e->kind == GAZ_DEMONYM ? CW_ENT_MISC : CW_ENT_LOC;
    /* A demonym names the people or the language; its canonical form is itself. */
    add(l, k, k + len, type, RES_SRC_GAZ, e->kind == GAZ_DEMONYM ? NULL : e->canon);
    k += len - 1;
  }
  /* A given name before a weekday the date rules took is a person named after the day
   * ("coach Mike Friday"). */
  for (size_t k = 0; k + 1 < n; k++) {
    if (taken[k] || !taken[k + 1] || !(info[k].flags & TOK_F_CAP) ||
        dv->tokens[k + 1].sentence != dv->tokens[k].sentence ||
        rules_weekday(dv->tokens[k + 1].text) < 0 || !is_kind(g, dv->tokens[k].text, GAZ_FIRSTNAME) ||
        (k + 2 < n && (info[k + 2].flags & TOK_F_CAP) &&
         dv->tokens[k + 2].sentence == dv->tokens[k].sentence))
      continue;
    add(l, k, k + 2, CW_ENT_PER, RES_SRC_PATTERN, NULL);
  }
  /* Capitalized runs. */
  for (size_t k = 0; k < n;) {
    uint32_t f = info[k].flags;
    if (taken[k] || !(f & TOK_F_CAP) || !(f & TOK_F_ALPHA)) {
      k++;
      continue;
    }
    size_t j = k + 1;
    while (j < n && !taken[j] && !(info[j].flags & TOK_F_NL_BEFORE) &&
           dv->tokens[j].sentence == dv->tokens[k].sentence) {
      uint32_t fj = info[j].flags;
      if ((fj & TOK_F_CAP) && (fj & TOK_F_ALPHA)) {
        j++;
        continue;
      }
      /* One or two connectors join capitalized words ("Institute of India", "Committee of
       * the Chinese ..."); "China's" ends a run at the place, and "and" after an
       * organization word separates two organizations. */
      size_t c = j;
      while (c < n && c < j + 2 && is_connector(dv->tokens[c].text) && !taken[c])
        c++;
      if (c > j && c < n && !taken[c] && (info[c].flags & TOK_F_CAP) &&
          (info[c].flags & TOK_F_ALPHA) && dv->tokens[c].sentence == dv->tokens[k].sentence &&
          !((info[j].flags & TOK_F_CLITIC) && is_place(g, dv->tokens[j - 1].text)) &&
          !(cw_str_eq(dv->tokens[j].text, "and") &&
            is_kind(g, dv->tokens[j - 1].text, GAZ_ORGWORD))) {
        j = c + 1;
        continue;
      }
      break;
    }
    size_t end = j, start = k;
    int sent_start = k == 0 || dv->tokens[k - 1].sentence != dv->tokens[k].sentence ||
                     (info[k - 1].flags & TOK_F_QUOTE);
    while (start < end && gaz_is_common_cap(dv->tokens[start].text) &&
           (sent_start || start > k || cw_str_eq(dv->tokens[start].text, "The")))
      start++;
    while (start < end && is_connector(dv->tokens[start].text))
      start++;
    /* "Officials of the Serum Institute": a run whose words before "of"/"for" have no
     * organization word starts after the connector. */
    for (size_t t = start; t < end; t++) {
      const char *w = dv->tokens[t].text;
      if (is_kind(g, w, GAZ_ORGWORD))
        break;
      if (cw_str_eq(w, "of") || cw_str_eq(w, "for")) {
        size_t s2 = t;
        while (s2 < end && is_connector(dv->tokens[s2].text))
          s2++;
        int later_org = 0;
        for (size_t u = s2; u < end; u++)
          later_org |= is_kind(g, dv->tokens[u].text, GAZ_ORGWORD);
        if (later_org)
          start = s2;
        break;
      }
    }
    size_t len = end - start;
    int has_conn = 0, has_org = 0;
    size_t last_title = SIZE_MAX;
    for (size_t t = start; t < end; t++) {
      const char *w = dv->tokens[t].text;
      if (is_connector(w))
        has_conn = 1;
      if (is_kind(g, w, GAZ_ORGWORD) && t > start)
        has_org = 1;
      if (is_kind(g, w, GAZ_TITLE))
        last_title = t;
    }
    if (len == 0) {
      k = end;
      continue;
    }
    if (has_org) {
      int strong = len >= 2 && is_kind(g, dv->tokens[end - 1].text, GAZ_ORGWORD);
      add(l, start, end, CW_ENT_ORG, strong ? RES_SRC_PATTERN : RES_SRC_HEUR, NULL);
    } else if (last_title != SIZE_MAX && last_title + 1 < end && end - last_title - 1 <= 3 &&
               !has_conn) {
      add(l, last_title + 1, end, CW_ENT_PER, RES_SRC_HEUR, NULL);
    } else if (!has_conn && len >= 2 && len <= 4 &&
               is_kind(g, dv->tokens[start].text, GAZ_FIRSTNAME) &&
               !is_place(g, dv->tokens[start + 1].text)) {
      add(l, start, end, CW_ENT_PER, RES_SRC_HEUR, NULL);
    } else if (!has_conn && len >= 2 && len <= 3) {
      /* "Xiao Xinguang, a member of ...", "Zhou Hongyi said". */
      const char *n1 = end < n ? dv->tokens[end].text : "";
      const char *n2 = end + 1 < n ? dv->tokens[end + 1].text : "";
      const char *p1 = start > 0 ? dv->tokens[start - 1].text : "";
      int appos = cw_str_eq(n1, ",") &&
                  (cw_str_eq(n2, "a") || cw_str_eq(n2, "an") || cw_str_eq(n2, "the") ||
                   cw_str_eq(n2, "who") || is_kind(g, n2, GAZ_TITLE));
      if ((appos || is_speech_verb(n1) || is_speech_verb(p1)) &&
          !is_place(g, dv->tokens[start].text) && !is_place(g, dv->tokens[end - 1].text))
        add(l, start, end, CW_ENT_PER, RES_SRC_HEUR, NULL);
    }
    k = end > k ? end : k + 1;
  }
  /* A place glued to a suffix is the place ("Montreal-based", "Madrid-style": Montreal and
   * Madrid are LOC), whatever type the tagger gave the whole word (trained on text that
   * calls such words MISC). Resolution cuts the suffix off the mention. */
  char stem[GAZ_MAX_PHRASE];
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->t1 != m->t0 + 1 || m->type > CW_ENT_MISC || m->type == CW_ENT_LOC || m->canon)
      continue;
    const char *w = dv->tokens[m->t0].text;
    size_t sl = res_name_suffix_len(w), wl = strlen(w);
    if (!sl || wl - sl >= sizeof(stem))
      continue;
    memcpy(stem, w, wl - sl);
    stem[wl - sl] = '\0';
    if (is_place(g, stem) && !is_kind(g, stem, GAZ_DEMONYM)) /* "British-born" stays */
      m->type = CW_ENT_LOC;
  }
}
