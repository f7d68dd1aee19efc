/* tagfeat.h - feature templates of the POS and NER taggers: per-token hashed feature ids
 * from word forms, shapes, affixes, a context window, POS tags and gazetteer matches. */
#ifndef CW_TAGFEAT_H
#define CW_TAGFEAT_H
#include <stddef.h>
#include <stdint.h>
#include "gaz.h"
#include "perceptron.h"
#include "tagger.h"
#include "wclust.h"

/* Stored in the models: a model whose version differs from the code's is refused. */
#define FEAT_POS_VERSION 2u
#define FEAT_NER_VERSION 2u
/* Or'ed into the NER feature version when the model was trained with gazetteer / word-cluster
 * features; the tagger then needs the same gaz/ and clusters.txt. */
#define FEAT_NER_GAZ 0x10000u
#define FEAT_NER_CLUSTERS 0x20000u
/* Or'ed in when the NER model reads document features (nerdoc.h): the tagger then labels a
 * document twice, the second time with what the first said of the other occurrences of each
 * word. */
#define FEAT_NER_DOC 0x40000u

/* Decoding widths (perc_decode beam) used by the tagger and by training, measured on the
 * CoNLL-2003 dev set: for the 45 POS tags greedy decoding (with the transition weights) matched
 * beam 3 (95.48% vs 95.49%) at a fraction of the cost; NER has 9 labels, so exact Viterbi is
 * cheap. */
#define FEAT_POS_BEAM 1u
#define FEAT_NER_BEAM 0u

/* Model types stored in the model files. */
#define FEAT_MODEL_POS 1u
#define FEAT_MODEL_NER 2u

/* Reusable per-thread buffers: hashes of the sentence's features and per-token facts. */
typedef struct feat_buf_s feat_buf_t;

/** @returns a new buffer (aborts on OOM). */
feat_buf_t *feat_buf_create(void);
/** @brief Frees @p *b and sets it to NULL. Accepts NULL. */
void feat_buf_destroy(feat_buf_t **b);
/** Binds @p b's word-form cache to the models and cluster file it will serve and brings its
 * memory (some 7 MB) in now, so that a thread's memory has its full size from the start. */
void feat_buf_prepare(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                      const wclust_t *wc);

/**
 * @brief Computes the POS features of the @p n words into @p b; @p seq then points into @p b
 * until the next call.
 */
void feat_pos(feat_buf_t *b, const tagger_word_t *w, size_t n, perc_seq_t *seq);

/**
 * @brief Computes the NER features of the @p n words with their POS tag names @p pos, the
 * gazetteers @p g, the word clusters @p wc and the document information @p doc (n
 * nerdoc_info() words; any of them NULL: no such features).
 */
void feat_ner(feat_buf_t *b, const tagger_word_t *w, size_t n, const char *const *pos,
              const gaz_t *g, const wclust_t *wc, const uint32_t *doc, perc_seq_t *seq);

/**
 * @brief The per-word half of tagging with POS model @p pm, NER model @p nm and clusters @p wc
 * (NULL: none): the facts and clusters of the @p n words, and each word's emission scores over its word-local features (the first
 * features of both templates), n x nlabels floats per model in *@p init_pos and *@p init_ner
 * (valid until the next call). Words seen before on @p b come from its word-form cache.
 * Follow with feat_pos_context() and feat_ner_context() and decode with perc_decode_from():
 * the labels equal feat_pos()/feat_ner() with perc_decode().
 */
void feat_tag_words(feat_buf_t *b, const perc_model_t *pm, const perc_model_t *nm,
                    const wclust_t *wc, const tagger_word_t *w, size_t n,
                    const float **init_pos, const float **init_ner);

/**
 * @brief feat_pos() without the word-local features, after feat_tag_words() on @p b; *@p refs
 * gets per feature its perc_feature_ref() for the POS model or PERC_REF_LOOKUP, for
 * perc_decode_refs().
 */
void feat_pos_context(feat_buf_t *b, size_t n, perc_seq_t *seq, const uint32_t **refs);

/**
 * @brief feat_ner() without the word-local features, after feat_tag_words() on @p b, with
 * the words' POS tags as ids of the POS model; *@p refs as for feat_pos_context().
 */
void feat_ner_context(feat_buf_t *b, const tagger_word_t *w, size_t n, const uint8_t *tags,
                      const gaz_t *g, const wclust_t *wc, const uint32_t *doc, perc_seq_t *seq,
                      const uint32_t **refs);

/**
 * @brief The document features alone of the @p n words of a sentence, the last features
 * feat_ner() and feat_ner_context() list for a word: the second NER pass's emission scores are
 * the first pass's plus these, added after them. @p doc as for feat_ner(); @p sshape the words'
 * feat_sshapes(). @p seq points into @p b until the next call.
 */
void feat_ner_doc(feat_buf_t *b, const uint32_t *doc, size_t n, const uint64_t *sshape,
                  perc_seq_t *seq);

/** @brief The short-shape hashes of the @p n words of the last sentence featurized on @p b. */
void feat_sshapes(const feat_buf_t *b, size_t n, uint64_t *out);

#endif
