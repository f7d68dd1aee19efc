/* cands_cues.c - names typed by the words around them: a noun for a work or a company before
 * a name ("the film Hitch", "firm Rambus"), an owner's word and a product noun around it
 * ("its new RipGuard technology"), and a day word naming a programme ("Radio 4's Today
 * programme"). */
#include "cands_util.h"
#include "rules_date.h"
#include "cw_str.h"

/* The named candidate that starts at token @p k (the longest), or NULL. */
static res_mention_t *name_at(res_list_t *l, uint32_t k, uint32_t maxlen) {
  res_mention_t *best = NULL;
  for (size_t i = window_start(l, k, maxlen); i < l->n && l->v[i].t0 <= k; i++) {
    res_mention_t *m = &l->v[i];
    if (m->t0 == k && m->t1 > m->t0 && m->type <= CW_ENT_MISC && m->src != RES_SRC_RULE &&
        (!best || m->t1 > best->t1))
      best = m;
  }
  return best;
}

/* Gives the names right after a cue noun at token @p p the type @p type: the one name after a
 * singular noun ("the film Hitch"), every name of a list after a plural one ("companies Adhi
 * Karya and Semen Gresik", "the films Closer and Hotel Rwanda"). */
static void type_after_cue(const cw_docview_t *dv, res_list_t *l, uint32_t maxlen, size_t p,
                           int plural, cw_entity_type_t type) {
  uint32_t k = (uint32_t)p + 1;
  for (int n = 0; n < 8; n++) {
    res_mention_t *m = name_at(l, k, maxlen);
    /* A work's title keeps its article: "the film The Bodyguard". */
    if (!m && type == CW_ENT_MISC && cw_str_eq(tk(dv, k), "The")) {
      m = name_at(l, k + 1, maxlen);
      if (m)
        m->t0 = k;
    }
    if (!m || !same_sentence(dv, p, m->t1 - 1))
      return;
    m->type = type;
    m->cued = 1;
    if (!plural)
      return;
    k = m->t1;
    const char *sep = tk(dv, k);
    if (!cw_str_eq(sep, ",") && !cw_str_eq(sep, "and") && !cw_str_eq(sep, "or"))
      return;
    k++;
    if (cw_str_eq(sep, ",") && (cw_str_eq(tk(dv, k), "and") || cw_str_eq(tk(dv, k), "or")))
      k++;
  }
}

/* Is the noun at @p p a cue: lower case (or an all-capital "LP"), not a verb, in the same
 * sentence as the name after it? */
static int cue_noun_at(const cw_docview_t *dv, const tok_info_t *info, size_t p) {
  if (!(info[p].flags & TOK_F_LOWER) || !same_sentence(dv, p, p + 1))
    return 0;
  const char *pos = dv->tokens[p].pos;
  return !(pos && pos[0] == 'V'); /* "will play Wales", "to feature Jay-Z" */
}

/* A name right after a noun for a work ("the film Hitch", "boxing drama Million Dollar
 * Baby", "her album Graceland", "the BBC programme Newsnight") is a work: MISC, whatever the tagger said; after a noun for a
 * company ("American firm Rambus", "carmaker Fiat") an organization. Nouns that are as often a
 * cue for something else ("the game Wales won", "a world record Radcliffe set", "rival Smith")
 * are not in the lists. */
void cands_cued_names(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l,
                       uint32_t maxlen) {
  static const char *const works_[] = {
    "film", "movie", "album", "single", "song", "drama", "comedy", "thriller", "musical",
    "sitcom", "novel", "book", "play", "documentary", "biopic", "blockbuster", "sequel",
    "opera", "ballet", "painting", "poem", "soap", "hit", "LP", "EP", "video", "feature",
    "epic", "cartoon", "anthem", "franchise", "remake", "programme", "program", "show",
    "series", NULL};
  static const char *const works_pl[] = {"films", "movies", "albums", "songs", "novels",
                                         "dramas", "comedies", "musicals", "sitcoms",
                                         "programmes", "programs", "shows", NULL};
  static const char *const orgs[] = {
    "firm", "company", "carmaker", "automaker", "chipmaker", "retailer", "airline", "insurer",
    "lender", "broadcaster", "publisher", "conglomerate", "consultancy", "supermarket",
    "telecoms", "bank", NULL};
  static const char *const orgs_pl[] = {"firms", "companies", "carmakers", "retailers",
                                        "airlines", "insurers", "lenders", "banks",
                                        "broadcasters", "publishers", NULL};
  for (size_t p = 0; p + 1 < dv->n_tokens; p++) {
    /* a name starts right after the cue: most words are passed over here, unlooked-up */
    if (!(info[p + 1].flags & TOK_F_CAP) || (info[p].flags & TOK_F_CAP && !(info[p].flags &
                                                                            TOK_F_ALLCAP)))
      continue;
    const char *w = tk(dv, p);
    int work = in_list(works_, w), work_pl = in_list(works_pl, w);
    int org = in_list(orgs, w), org_pl = in_list(orgs_pl, w);
    if (!work && !work_pl && !org && !org_pl)
      continue;
    int allcap_work = cw_str_eq(w, "LP") || cw_str_eq(w, "EP");
    if (!allcap_work && !cue_noun_at(dv, info, p))
      continue;
    if (work || work_pl) {
      type_after_cue(dv, l, maxlen, p, work_pl, CW_ENT_MISC);
      continue;
    }
    /* "the company Jobs founded": a person, the subject of a relative clause. */
    res_mention_t *m = name_at(l, (uint32_t)p + 1, maxlen);
    const char *after = m && m->t1 < dv->n_tokens ? dv->tokens[m->t1].pos : NULL;
    if (m && m->type == CW_ENT_PER && after && after[0] == 'V')
      continue;
    type_after_cue(dv, l, maxlen, p, org_pl, CW_ENT_ORG);
  }
}

/* A name between an owner's word and a noun for a product is a product: "its new RipGuard
 * technology", "its Encarta encyclopaedia", "their Windows Media Center software". */
void cands_owned_products(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  static const char *const owners[] = {"its", "their", "his", "her", "our", "Its", "Their",
                                       NULL};
  static const char *const products[] = {
    "technology", "software", "system", "platform", "console", "phone", "handset", "browser",
    "encyclopaedia", "encyclopedia", "comics", "comic", "brand", "device", "player", "chip",
    "processor", "format", "product", "products", "operating", "program", "programme",
    "range", "service", "engine", "app", "game", "games", "magazine", "newspaper", NULL};
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->type > CW_ENT_MISC || m->t0 >= m->t1 || m->t0 == 0 || m->src == RES_SRC_RULE ||
        m->cued || !same_sentence(dv, m->t0, m->t1))
      continue;
    if (!(info[m->t1].flags & TOK_F_LOWER) || !in_list(products, tk(dv, m->t1)))
      continue;
    /* The owner's word, perhaps with one or two lower-case words between ("its new"). */
    size_t p = m->t0 - 1;
    for (int skip = 0; skip < 2 && p > 0 && !in_list(owners, tk(dv, p)) &&
                       (info[p].flags & TOK_F_LOWER) && same_sentence(dv, p, m->t0);
         skip++)
      p--;
    if (!in_list(owners, tk(dv, p)) || !same_sentence(dv, p, m->t0))
      continue;
    /* "its Microsoft software" reads as the company's; the organization list would know. */
    if (m->src == RES_SRC_GAZ)
      continue;
    m->type = CW_ENT_MISC;
    m->cued = 1;
  }
}

/* A capitalized day word inside a sentence before "programme" or "show" names the
 * programme, not a day: "Radio 4's Today programme", "the Tonight show"; a weekday there is
 * still the day the show is on. */
void cands_programme_names(const cw_docview_t *dv, const tok_info_t *info, res_list_t *l) {
  static const char *const kinds[] = {"programme", "program", "show", NULL};
  for (size_t i = 0; i < l->n; i++) {
    res_mention_t *m = &l->v[i];
    if (m->src != RES_SRC_RULE || m->type != CW_ENT_DATE || m->t1 != m->t0 + 1)
      continue;
    size_t k = m->t0;
    if (!(info[k].flags & TOK_F_CAP) || (info[k].flags & TOK_F_ALLCAP) || k == 0 ||
        !same_sentence(dv, k - 1, k) || !same_sentence(dv, k, k + 1) ||
        (info[k - 1].flags & (TOK_F_QUOTE | TOK_F_TERM)) || !in_list(kinds, tk(dv, k + 1)) ||
        rules_weekday(tk(dv, k)) >= 0) /* "the Sunday show" is the show on Sundays */
      continue;
    m->type = CW_ENT_MISC;
    m->src = RES_SRC_PATTERN;
    m->normalized = NULL;
    m->qualifier = NULL;
    m->cued = 1;
  }
}
