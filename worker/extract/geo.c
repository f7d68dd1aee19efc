/* geo.c - the places table (geo.h): a sorted array of countries and cities with their ISO
 * code and coordinates, searched by name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cw_alloc.h"
#include "cw_file.h"
#include "geo.h"

#define CW_STR_(x) #x
#define CW_STR(x) CW_STR_(x)

#define GEO_MAX_PLACES 100000

struct geo_s {
  geo_place_t *places; /* sorted by name (strcmp) */
  size_t n;
};

static int by_name(const void *a, const void *b) {
  return strcmp(((const geo_place_t *)a)->name, ((const geo_place_t *)b)->name);
}

static int parse_deg(const char *s, double lo, double hi, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

/* Parses one line (modified in place) into @p p. @returns NULL or the reason. */
static const char *parse_line(char *line, geo_place_t *p) {
  char *f[4];
  size_t nf = 0;
  for (char *s = line; nf < 4; nf++) {
    f[nf] = s;
    s = strchr(s, '\t');
    if (!s) {
      nf++;
      break;
    }
    *s++ = '\0';
  }
  if (nf != 4)
    return "expected 4 tab-separated fields";
  if (!f[0][0])
    return "empty name";
  if (strlen(f[1]) != 2 || f[1][0] < 'A' || f[1][0] > 'Z' || f[1][1] < 'A' || f[1][1] > 'Z')
    return "ISO code is not two capital letters";
  if (strchr(f[3], '\t'))
    return "more than 4 fields";
  memcpy(p->iso, f[1], 3);
  p->has_coords = f[2][0] != '\0';
  if (!p->has_coords && f[3][0])
    return "longitude without latitude";
  if (p->has_coords &&
      (parse_deg(f[2], -90, 90, &p->lat) || parse_deg(f[3], -180, 180, &p->lon)))
    return "latitude or longitude is not a number of degrees in range";
  p->name = cw_strdup(f[0]);
  return NULL;
}

typedef struct {
  geo_t *g;
  size_t cap;
} load_ctx_t;

static const char *load_line(char *line, size_t len, void *vctx) {
  load_ctx_t *c = vctx;
  geo_t *g = c->g;
  (void)len;
  if (g->n == GEO_MAX_PLACES)
    return "more than " CW_STR(GEO_MAX_PLACES) " places";
  if (g->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 512;
    g->places = cw_realloc(g->places, c->cap * sizeof(*g->places));
  }
  const char *why = parse_line(line, &g->places[g->n]);
  if (!why)
    g->n++;
  return why;
}

cw_err_t geo_load(const char *path, geo_t **out, char *errstr, size_t errstr_size) {
  load_ctx_t ctx = {cw_calloc(1, sizeof(geo_t)), 0};
  cw_err_t err = cw_file_lines(path, load_line, &ctx, errstr, errstr_size);
  *out = NULL;
  if (!err) {
    qsort(ctx.g->places, ctx.g->n, sizeof(*ctx.g->places), by_name);
    *out = ctx.g;
    ctx.g = NULL;
  }
  geo_destroy(&ctx.g);
  return err;
}

void geo_destroy(geo_t **pg) {
  geo_t *g = pg ? *pg : NULL;
  if (!g)
    return;
  for (size_t i = 0; i < g->n; i++)
    free((char *)g->places[i].name);
  free(g->places);
  free(g);
  *pg = NULL;
}

size_t geo_count(const geo_t *g) { return g ? g->n : 0; }

const geo_place_t *geo_find(const geo_t *g, const char *name) {
  geo_place_t key = {.name = name};
  if (!g || !name || !g->n)
    return NULL;
  return bsearch(&key, g->places, g->n, sizeof(*g->places), by_name);
}

void geo_annotate(const geo_t *g, const gaz_t *gaz, cw_entity_t *ents, size_t n) {
  for (size_t i = 0; g && i < n; i++) {
    cw_entity_t *e = &ents[i];
    const char *country = NULL;
    if (e->type != CW_ENT_LOC || !e->canonical)
      continue;
    const geo_place_t *p = geo_find(g, e->canonical);
    if (!p && gaz && gaz_lookup(gaz, e->canonical, GAZ_COUNTRY, &country))
      p = geo_find(g, country);
    if (!p)
      continue;
    e->iso_code = p->iso;
    e->has_coords = p->has_coords;
    e->latitude = p->has_coords ? p->lat : 0;
    e->longitude = p->has_coords ? p->lon : 0;
  }
}
