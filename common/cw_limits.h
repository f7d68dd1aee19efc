/* cw_limits.h - every input limit in one place. Inputs past a limit (bytes, tokens, sentences)
 * are refused with CW_ERR_TOO_LARGE and a reason (the worker dead-letters them). The output caps
 * (entities, mentions, claims, content) keep what fits and say so: cw_result_t.capped,
 * cw_claim_t.content_truncated. Nothing is truncated silently. */
#ifndef CW_LIMITS_H
#define CW_LIMITS_H

/* Largest raw Kafka message value accepted (bytes). Configurable downwards in the worker. */
#define CW_MAX_ARTICLE_BYTES (1024u * 1024u)
/* Largest article body handed to the engine (bytes of UTF-8). */
#define CW_MAX_BODY_BYTES (1024u * 1024u)
/* Most tokens per article. */
#define CW_MAX_TOKENS 200000u
/* Most sentences per article. */
#define CW_MAX_SENTENCES 20000u
/* Most entities per article (after resolution); mentions of further entities are dropped. */
#define CW_MAX_ENTITIES 5000u
/* Most mentions per article; the first in text order are kept. */
#define CW_MAX_MENTIONS 20000u
/* Most claims per article; the first found (cue-backed before unattributed) are kept. */
#define CW_MAX_CLAIMS 2000u
/* Longest claim content (code points); longer content is cut there and flagged truncated. */
#define CW_MAX_CONTENT_CP 2000u
/* Most content code points per article, summed over its claims: this factor times the body's
 * code points, plus CW_MAX_CONTENT_CP. Claims past it are dropped and the result is flagged
 * capped (news articles stay near 1x; overlapping reports in a crafted body would not). */
#define CW_MAX_CONTENT_FACTOR 4u
/* Longest article id, url, source, title (bytes). */
#define CW_MAX_ID_BYTES 512u
#define CW_MAX_META_BYTES 4096u
/* Most nesting accepted when parsing JSON input. */
#define CW_MAX_JSON_DEPTH 32u

#endif
