/* geo.h - places of the gazetteers (gaz/places.tsv): the ISO 3166-1 alpha-2 code and the
 * coordinates of every country and city the gazetteers name, put on LOC entities. */
#ifndef CW_GEO_H
#define CW_GEO_H
#include <stddef.h>
#include "claimwire/extract.h"
#include "gaz.h"

/** The places file, relative to the model directory (checked against SHA256SUMS). */
#define GEO_FILE "gaz/places.tsv"

typedef struct geo_s geo_t;

typedef struct {
  const char *name;   /* country common name or city, as in the gazetteers */
  char iso[3];        /* ISO 3166-1 alpha-2 */
  int has_coords;
  double lat, lon;    /* WGS 84 degrees, north and east positive */
} geo_place_t;

/**
 * @brief Loads "name<TAB>ISO<TAB>lat<TAB>lon" lines ('#' starts a comment; lat and lon may
 * both be empty).
 * @returns CW_OK and *@p out; CW_ERR_IO or CW_ERR_FORMAT with "file:line: reason".
 */
cw_err_t geo_load(const char *path, geo_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @brief Frees @p *g and sets it to NULL. Accepts NULL. */
void geo_destroy(geo_t **g);

/** @returns the number of places. */
size_t geo_count(const geo_t *g);

/** @returns the place named exactly @p name, or NULL. */
const geo_place_t *geo_find(const geo_t *g, const char *name);

/**
 * @brief Sets iso_code and the coordinates of each LOC entity of @p ents whose canonical name
 * is a place, directly or as a country alias of @p gaz ("U.S." -> "United States"). @p g and
 * @p gaz may be NULL. The strings point into @p g, which must outlive the entities.
 */
void geo_annotate(const geo_t *g, const gaz_t *gaz, cw_entity_t *ents, size_t n);

#endif
