/* names.c - printable names of the engine's enums (they double as Avro enum symbols). */
#include "claimwire/extract.h"

const char *cw_entity_type_name(cw_entity_type_t t) {
  static const char *names[CW_ENT__COUNT] = {"PER",  "ORG",   "LOC",     "MISC",
                                             "DATE", "MONEY", "PERCENT", "NUMBER"};
  return (unsigned)t < CW_ENT__COUNT ? names[t] : "MISC";
}

const char *cw_claim_kind_name(cw_claim_kind_t k) {
  static const char *names[CW_CLAIM__COUNT] = {"DIRECT", "INDIRECT", "MIXED", "UNATTRIBUTED"};
  return (unsigned)k < CW_CLAIM__COUNT ? names[k] : "UNATTRIBUTED";
}

const char *cw_speaker_resolution_name(cw_speaker_resolution_t r) {
  static const char *names[CW_SPKRES__COUNT] = {"NONE", "NAME", "PRONOUN", "DESCRIPTION",
                                                "PREVIOUS_QUOTATION"};
  return (unsigned)r < CW_SPKRES__COUNT ? names[r] : "NONE";
}
