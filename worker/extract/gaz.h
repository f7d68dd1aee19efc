/* gaz.h - gazetteers (countries with aliases and demonyms, major cities, organizations,
 * first names, organization words) and the name candidates found with them. */
#ifndef CW_GAZ_H
#define CW_GAZ_H
#include <stddef.h>
#include <stdint.h>
#include "claimwire/extract.h"
#include "docview.h"
#include "resolve.h"
#include "tok.h"

typedef struct gaz_s gaz_t;

/* What a gazetteer phrase is. */
typedef enum {
  GAZ_COUNTRY = 0,  /* LOC, canonical = common country name */
  GAZ_CITY,         /* LOC */
  GAZ_DEMONYM,      /* MISC ("Chinese"); canonical = the country */
  GAZ_ORG,          /* ORG */
  GAZ_FIRSTNAME,    /* a given name: starts PER candidates */
  GAZ_ORGWORD,      /* "Institute", "Ministry": marks a capitalized run as ORG */
  GAZ_TITLE,        /* "President", "Mr.": the capitalized run after it is PER */
  GAZ__COUNT
} gaz_kind_t;

/**
 * @brief Loads every gazetteer in @p dir ("<model_dir>/gaz").
 * @returns CW_OK and *@p out; CW_ERR_NOT_FOUND when @p dir has none of the files; CW_ERR_IO or
 *          CW_ERR_FORMAT with a reason (file:line).
 */
cw_err_t gaz_load(const char *dir, gaz_t **out, char *errstr, size_t errstr_size) CW_WUR;

/** @returns how many gazetteer files gaz_load() reads. */
size_t gaz_file_count(void);
/** @returns the name of gazetteer file @p i ("countries.tsv", ...) in "<model_dir>/gaz", or
 * NULL past gaz_file_count(). */
const char *gaz_file_name(size_t i);

/** @brief Frees @p *g and sets it to NULL. Accepts NULL. */
void gaz_destroy(gaz_t **g);

/** @returns the number of phrases of kind @p k. */
size_t gaz_count(const gaz_t *g, gaz_kind_t k);

/**
 * @brief Looks up a phrase given as its tokens joined by single spaces ("U.S.",
 * "Serum Institute of India"); exact case.
 * @returns 1 and its canonical name in *@p canon when it is of kind @p k, else 0.
 */
int gaz_lookup(const gaz_t *g, const char *phrase, gaz_kind_t k, const char **canon);

/**
 * @brief The kinds listed for each leading run of words of @p phrase, a gaz_lookup() phrase
 * whose k-th word ends at byte ends[k] (ends[0] = 0, k = 1 .. @p nruns): kinds[k] gets bit
 * 1u << kind for each kind whose phrase is bytes 0 .. ends[k]. One hash pass over the phrase
 * and one probe per run; stops after the first run no listed phrase continues, as no longer
 * one can then be listed (the kinds of the runs not probed are 0).
 * @returns how many runs were probed.
 */
size_t gaz_run_kinds(const gaz_t *g, const char *phrase, const size_t *ends, size_t nruns,
                     unsigned *kinds);

/** @returns 'F' or 'M' when @p name (exact case) is a given name of that gender only, 'U' when
 * it is given to both, 0 when it is no given name of the gazetteer. */
int gaz_first_name_gender(const gaz_t *g, const char *name);

/** @returns the country's common name when tokens [t0, t1) of @p dv spell a country or one of
 * its aliases ("U.S." -> "United States"), else NULL. */
const char *gaz_country_canonical(const gaz_t *g, const cw_docview_t *dv, uint32_t t0,
                                  uint32_t t1);

/** @returns nonzero for capitalized function words and sentence adverbs that open sentences
 * without being names ("The", "Meanwhile", "According"). */
int gaz_is_common_cap(const char *w);

/**
 * @brief Adds LOC/MISC/ORG gazetteer matches and PER/ORG candidates from capitalized runs
 * (given names, titles, organization words, appositions "X Y, a ...") to @p l, skipping
 * tokens in @p taken. @p g may be NULL (heuristics that need no lists still run).
 */
void gaz_find(const gaz_t *g, const cw_docview_t *dv, const tok_info_t *info,
              const unsigned char *taken, res_list_t *l);

#endif
