/* attr_score.c - the learned claim scorer: hashed features of a candidate claim (its cue
 * word, frame, source shape, content, the resolved speaker's type, the cue classifier's band
 * and where it sits in an earlier claim's content), scored with attr.model's claim-scorer
 * weights (attr_model.h). */
#include <stdio.h>
#include <string.h>
#include "attr_int.h"
#include "cw_hash.h"

uint64_t attr_feat(const char *name, const char *val) {
  uint64_t h = cw_fnv1a64_str(CW_FNV64_OFFSET, name);
  h = cw_fnv1a64(h, "=", 1);
  h = cw_fnv1a64_str(h, val);
  return h ? h : 1;
}

/* attr_feat(@p name, "a|b") or, when @p c is not NULL, attr_feat(@p name, "a|b|c") without
 * building the value: FNV-1a runs on over the pieces. */
static uint64_t attr_feat_join(const char *name, const char *a, const char *b, const char *c) {
  uint64_t h = cw_fnv1a64_str(CW_FNV64_OFFSET, name);
  h = cw_fnv1a64(h, "=", 1);
  h = cw_fnv1a64_str(h, a);
  h = cw_fnv1a64(h, "|", 1);
  h = cw_fnv1a64_str(h, b);
  if (c) {
    h = cw_fnv1a64(h, "|", 1);
    h = cw_fnv1a64_str(h, c);
  }
  return h ? h : 1;
}

static const char *bucket(size_t n) {
  return n <= 1 ? "1" : n <= 3 ? "3" : n <= 6 ? "6" : n <= 12 ? "12" : n <= 25 ? "25" : "big";
}

static const char *shape(const ctx_t *c, tspan_t s) {
  if (empty(s)) return "none";
  if (s.a == s.b && attr_single_pronoun(c, s.a)) return "pron";
  if (any_word(c, s.a, ATTR_DETS)) return "det";
  return is_cap(c, s.a) ? "cap" : "low";
}

/* Where a candidate's cue sits relative to the forward content of an earlier claim: "out";
 * "wraps" when the candidate's own content holds that claim's cue ("A showed that “...,” said
 * B"); or inside it ("she said he plans to ...") by distance from the content's start and by
 * whether a clause boundary (a comma, semicolon, dash or "but") comes between. Annotators do not
 * nest attributions, so a cue inside another claim's content is more often part of that
 * content. */
const char *attr_nesting(const ctx_t *c, const cand_t *cand, size_t n, const cand_t *cd) {
  static const char *const NEST[2][4] = {{"n0", "n3", "n8", "n20"}, {"b0", "b3", "b8", "b20"}};
  for (size_t k = n; k-- > 0 && n - k <= 8;) {
    const cand_t *o = &cand[k];
    if (!in_forward_content(o, cd->cue.a)) continue;
    /* "A showed that “...,” said B": B's report holds A's, not the other way round. */
    if (!empty(cd->content) && cd->content.a <= o->cue.a) return "wraps";
    size_t from = o->content.a, to = cd->cue.a, brk = 0;
    if (!empty(cd->source) && cd->source.a >= from && cd->source.a < to) to = cd->source.a;
    if (from < to) brk = c->brkpre[to] > c->brkpre[from];
    size_t d = cd->cue.a - from;
    return NEST[brk ? 1 : 0][d < 3 ? 0 : d < 8 ? 1 : d < 20 ? 2 : 3];
  }
  return "out";
}

/* Hashed features of a candidate claim into @p f (room for CW_ATTR_NFEAT). */
size_t attr_cand_features(const ctx_t *c, const cand_t *cd, int coord, const char *nest,
                          uint64_t *f) {
  size_t n = 0, a = cd->cue.a, b = cd->cue.b;
  char w[64], p1[64] = "<s>", n1[64] = "</s>";
  lower(c->tk[a].text, w, sizeof w);
  uint32_t si = c->tk[a].sentence;
  if (a > c->sent_lo[si]) lower(c->tk[a - 1].text, p1, sizeof p1);
  if (b + 1 < c->sent_hi[si]) lower(c->tk[b + 1].text, n1, sizeof n1);
  const char *dir = empty(cd->content) ? "none" : cd->content.b < a ? "back" : "fwd";
  const char *spos = empty(cd->source) ? "none" : cd->source.b < a ? "before" : "after";
  const char *sh = shape(c, cd->source);
  f[n++] = attr_feat("bias", "");
  f[n++] = attr_feat("w", w);
  f[n++] = attr_feat("lemma", cd->lemma ? cd->lemma : "");
  f[n++] = attr_feat("p1", p1);
  f[n++] = attr_feat("n1", n1);
  f[n++] = attr_feat("dir", dir);
  f[n++] = attr_feat("spos", spos);
  f[n++] = attr_feat("shape", sh);
  f[n++] = attr_feat("coord", coord ? "1" : "0");
  f[n++] = attr_feat("slen", empty(cd->source) ? "0" : bucket(cd->source.b - cd->source.a + 1));
  f[n++] = attr_feat("clen", bucket(cd->content.b - cd->content.a + 1));
  f[n++] = attr_feat("kind", cw_claim_kind_name(attr_kind_of(c, cd->content)));
  f[n++] = attr_feat("cfirst", is_word(c, cd->content.a, "that") ? "that"
                          : open_quote_at(c, cd->content.a) ? "quote" : "other");
  f[n++] = attr_feat("ccap", is_cap(c, a) ? "1" : "0");
  f[n++] = attr_feat("inq", c->quote_of[a] >= 0 ? "1" : "0");
  f[n++] = attr_feat_join("w_dir", w, dir, NULL);
  f[n++] = attr_feat_join("w_shape", w, sh, NULL);
  f[n++] = attr_feat_join("w_n1", w, n1, NULL);
  f[n++] = attr_feat_join("p1_w", p1, w, NULL);
  f[n++] = attr_feat_join("frame", dir, spos, sh);
  /* How often the form opened a cue in training, and whether the built-in lexicon has it. */
  const cw_attr_lex_t *lx;
  const attr_entry_t *me;
  attr_form_lookup(c->model, w, &lx, &me);
  const char *rate = "unk";
  if (me && me->total) {
    double r = (double)me->cue / me->total;
    rate = r < 0.05 ? "r05" : r < 0.1 ? "r10" : r < 0.2 ? "r20" : r < 0.4 ? "r40" : r < 0.7 ? "r70" : "r100";
  }
  f[n++] = attr_feat("rate", rate);
  f[n++] = attr_feat("lex", lx ? "1" : "0");
  const char *pos = c->tk[a].pos ? c->tk[a].pos : "-";
  const char *pp = a > c->sent_lo[si] && c->tk[a - 1].pos ? c->tk[a - 1].pos : "<s>";
  const char *np = b + 1 < c->sent_hi[si] && c->tk[b + 1].pos ? c->tk[b + 1].pos : "</s>";
  f[n++] = attr_feat("pos", pos);
  f[n++] = attr_feat_join("pos3", pp, pos, np);
  f[n++] = attr_feat_join("w_pos", w, pos, NULL);
  if (!empty(cd->source)) {
    char sh1[64], sh2[64];
    lower(c->tk[cd->source.b].text, sh1, sizeof sh1);
    lower(c->tk[cd->source.a].text, sh2, sizeof sh2);
    f[n++] = attr_feat("shead", sh1);
    f[n++] = attr_feat("sfirst", sh2);
  }
  char c1[64];
  lower(c->tk[cd->content.a].text, c1, sizeof c1);
  f[n++] = attr_feat("c1", c1);
  f[n++] = attr_feat_join("w_frame", w, spos, dir);
  f[n++] = attr_feat("at", bucket(a - c->sent_lo[si]));
  const char *sent = "none";
  if (!empty(cd->source)) {
    int32_t e = cw_attr_resolve_speaker(c->doc, c->ms, cd->source.a, cd->source.b);
    sent = e < 0 ? "unres" : cw_entity_type_name(c->doc->entities[e].type);
  }
  f[n++] = attr_feat("sent", sent);
  f[n++] = attr_feat_join("w_sent", w, sent, NULL);
  f[n++] = attr_feat("cpos", c->tk[cd->content.a].pos ? c->tk[cd->content.a].pos : "-");
  f[n++] = attr_feat("nest", nest);
  f[n++] = attr_feat_join("w_nest", w, nest, NULL);
  return n;
}

float attr_cand_score(const cw_attr_model_t *m, const uint64_t *f, size_t n) {
  return attr_weights_sum(m, f, n);
}
