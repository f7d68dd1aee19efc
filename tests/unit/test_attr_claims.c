/* test_attr_claims.c - claims found with the shipped models (POS tags, learned cues, claim
 * scorer), as production finds them: one test per class of error in reading news, on short
 * texts written for these tests. */
#include "claimfix.h"

static void test_paragraphs_of_a_continued_quotation(cw_extractor_t *ex) {
  /* Paragraph breaks lost: each reopened quotation mark starts a paragraph of the same quote.
   * The cue's claim keeps its own paragraph; the next ones are the speaker's, with no cue. */
  const char *text =
      "The ferry company will add two boats next spring. Harbour manager Ines Varga said: \"We "
      "have never carried so many passengers. \"The summer crossings were full every day. "
      "\"Next year we expect even more visitors from the mainland.\" The boats cost four "
      "million euros.";
  const cw_result_t *r = claims_of(ex, text);
  const cw_claim_t *said = find(r, "said:", NULL);
  EXPECT(said && strstr(said->content_text, "so many passengers") != NULL &&
             !strstr(said->content_text, "summer"),
         "the cue's claim ends with its paragraph", r);
  const cw_claim_t *first = uncued(r, "The summer crossings"), *second = uncued(r, "Next year");
  EXPECT(first && second && first != second, "one claim a paragraph", r);
  EXPECT(first && first->has_source && strcmp(first->source_text, "Harbour manager Ines Varga") == 0 &&
             first->kind == CW_CLAIM_DIRECT,
         "first continued paragraph has the speaker", r);
  EXPECT(second && second->has_source &&
             strcmp(second->source_text, "Harbour manager Ines Varga") == 0,
         "second continued paragraph has the speaker", r);
  /* A quotation resumed right after its attribution joins the first part (as PolNeAR marks
   * it); the paragraph after it is the speaker's next claim. */
  text = "The ferry company will add two boats next spring. \"We have never carried so many "
         "passengers,\" said harbour manager Ines Varga. \"The summer crossings were full every "
         "day. \"Next year we expect even more visitors from the mainland.\" The boats cost four "
         "million euros.";
  r = claims_of(ex, text);
  said = find(r, "said", NULL);
  EXPECT(said && strstr(said->content_text, "summer crossings") && !strstr(said->content_text, "Next"),
         "resumed quotation joined, next paragraph apart", r);
  second = uncued(r, "Next year");
  EXPECT(second && second->has_source && strstr(second->source_text, "Ines Varga"),
         "next paragraph has the speaker", r);
}

static void test_relative_pronoun_names_its_antecedent(cw_extractor_t *ex) {
  /* "X, who said": the source names X, so that the speaker is found; an age between them is
   * an aside, a description goes with the name. */
  const char *text = "The award went to Ruth Okafor, 61, who told reporters she had not "
                     "expected to win.";
  const cw_result_t *r = claims_of(ex, text);
  EXPECT(find(r, "told", "Ruth Okafor, 61, who") != NULL, "age aside", r);
  text = "The museum thanked Carla Mendes, the curator of the show, who said the paintings "
         "would travel to Porto next year.";
  r = claims_of(ex, text);
  EXPECT(find(r, "said", "Carla Mendes, the curator of the show, who") != NULL, "description",
         r);
  text = "The council will follow three recent surveys which suggest the tram is too slow.";
  r = claims_of(ex, text);
  EXPECT(find(r, "suggest", "three recent surveys which") != NULL, "restrictive relative", r);
}

static void test_feelings_have_their_holder_as_source(cw_extractor_t *ex) {
  /* "X are concerned that": X holds the view; no agentless passive. */
  const char *text = "The tunnel opens in May. Critics are concerned that the ventilation will "
                     "not cope with the traffic.";
  const cw_result_t *r = claims_of(ex, text);
  const cw_claim_t *cl = NULL;
  for (size_t i = 0; r && i < r->n_claims; i++)
    if (r->claims[i].cue_text && strstr(r->claims[i].cue_text, "concerned")) cl = &r->claims[i];
  EXPECT(cl && cl->has_source && strcmp(cl->source_text, "Critics") == 0, "concerned", r);
}

static void test_inverted_report_after_a_claim(cw_extractor_t *ex) {
  /* "..., people do not want A, said X.": X is the source of the whole sentence, not a second
   * report of "people". */
  const char *text = "Despite lower prices, most shoppers do not want to carry their own "
                     "bags, said Harbour Research.";
  const cw_result_t *r = claims_of(ex, text);
  const cw_claim_t *cl = find(r, "said", "Harbour Research");
  EXPECT(cl && strstr(cl->content_text, "shoppers do not want") != NULL, "said X", r);
  /* Its content holds "want": attributions do not nest, so that is no claim of its own. */
  for (size_t i = 0; r && i < r->n_claims; i++)
    EXPECT(!r->claims[i].cue_text || !strstr(r->claims[i].cue_text, "want"), "nested want", r);
}

static void test_sentence_adverb_is_no_subject(cw_extractor_t *ex) {
  /* "Earlier, writing in X, the minister conceded ...": "Earlier" speaks for no one. */
  const char *text = "The bridge will stay shut. Earlier, writing in the Evening Post, the "
                     "transport minister conceded that the repairs had been late.";
  const cw_result_t *r = claims_of(ex, text);
  for (size_t i = 0; r && i < r->n_claims; i++)
    EXPECT(!r->claims[i].source_text || strncmp(r->claims[i].source_text, "Earlier", 7) != 0,
           "adverb as source", r);
}

static void test_evidence_of_a_noun_phrase_reports_nothing(cw_extractor_t *ex) {
  /* "which indicates the importance ...": a verb of evidence with a mere noun phrase after it
   * is no report; with a clause it is one. */
  const char *text = "More than 300 people attended the meeting, including the heads of two "
                     "ministries, which indicates the importance the government attached to it.";
  const cw_result_t *r = claims_of(ex, text);
  EXPECT(find(r, "indicates", NULL) == NULL, "indicates + noun phrase", r);
  text = "More than 300 people attended the meeting, including the heads of two ministries, "
         "which indicates that the government takes the plan seriously.";
  r = claims_of(ex, text);
  const cw_claim_t *cl = find(r, "indicates", NULL);
  EXPECT(cl && strcmp(cl->content_text, "that the government takes the plan seriously") == 0,
         "indicates + clause", r);
}

static void test_passive_request_and_particles(cw_extractor_t *ex) {
  /* "X was asked by Y to do Z": X was addressed, Z is what was asked. */
  const cw_result_t *r = claims_of(ex, "The mayor was asked by the council to review the plan.");
  const cw_claim_t *cl = find(r, "was asked", "the council");
  EXPECT(cl && strcmp(cl->content_text, "to review the plan") == 0, "asked by X to", r);
  /* "showed off", "called up": actions, not reports. */
  r = claims_of(ex, "Steve Carter showed off the new laptop at the trade fair in Hanover.");
  EXPECT(r && r->n_claims == 0, "showed off", r);
  r = claims_of(ex, "The young striker was called up to the national squad on Monday.");
  EXPECT(r && r->n_claims == 0, "called up", r);
}

static void test_report_verbs_read_as_nouns(cw_extractor_t *ex) {
  /* A form mostly seen as a noun is a verb between a plural subject and "that"; "branded"
   * reports a verdict ("branded the proposal unworkable"). */
  const cw_result_t *r =
      claims_of(ex, "Some technical websites report that the update will arrive next week.");
  EXPECT(find(r, "report", "Some technical websites") != NULL, "websites report that", r);
  r = claims_of(ex, "The opposition has already branded the proposal unworkable.");
  const cw_claim_t *cl = find(r, "has already branded", "The opposition");
  EXPECT(cl && strcmp(cl->content_text, "the proposal unworkable") == 0, "branded", r);
}

static void test_quotation_handed_to_its_report(cw_extractor_t *ex) {
  /* "“...,” said X." closing a sentence reports all of it, and the reports inside it are
   * part of its content, whatever the scorer makes of the nesting. */
  const char *text =
      "During the pandemic, the country's hospitals, clinics and research centres were subject "
      "to frequent cyberattacks, and reports that claimed foreign hackers launched the attacks "
      "typically showed that \"a thief was shouting 'stop thief',\" said a political advisor.";
  const cw_result_t *r = claims_of(ex, text);
  const cw_claim_t *cl = find(r, "said", "a political advisor");
  EXPECT(cl && strstr(cl->content_text, "During the pandemic") == cl->content_text,
         "said X after a quotation", r);
  EXPECT(r && r->n_claims == 1, "one claim", r);
}

static void test_participles_modifying_nouns(cw_extractor_t *ex) {
  /* "people accused in connection with X said": the participle modifies "people"; "said"
   * reports. "a technology called XDR" names. */
  const cw_result_t *r = claims_of(ex, "Thirty people accused in connection with the fraud "
                                       "said the trial should wait until the spring.");
  EXPECT(find(r, "accused", NULL) == NULL, "reduced relative", r);
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->has_source &&
             strcmp(cl->content_text, "the trial should wait until the spring") == 0,
         "said after a reduced relative", r);
  /* "a tunnel estimated to cost ...": a participle before "to" after a noun modifies it. */
  r = claims_of(ex, "Tunnel\n\nDenmark's parliament on Thursday approved a new 4-kilometre "
                    "metro line under central Aarhus, a project estimated to cost 12 billion "
                    "Danish crowns.\n\nThe transport minister said the line would open in "
                    "2031.\n");
  EXPECT(find(r, "estimated", NULL) == NULL, "a participle before to", r);
  r = claims_of(ex, "Using a technology called Velox, the new chips can run eight times "
                    "faster than the old ones.");
  EXPECT(r && r->n_claims == 0, "a technology called X", r);
}

static void test_scene_setting_phrase_is_no_content(cw_extractor_t *ex) {
  /* "In an interview on “X,” Y said ...": the phrase before the subject sets the scene (its
   * comma inside a quoted title); what was said follows the cue. */
  const cw_result_t *r = claims_of(ex, "In an interview on \"Morning Report,\" the harbour "
                                       "master said the ferry would run twice a day from May.");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && strcmp(cl->content_text, "the ferry would run twice a day from May") == 0,
         "content after the cue, not the scene", r);
  /* A possessive or a determiner before a word the tagger reads as a verb ("Sunday's
   * broadcast") keeps the phrase a noun phrase. */
  r = claims_of(ex, "On Tuesday\xE2\x80\x99s episode of \xE2\x80\x9CThe Morning Harbour "
                    "Show,\xE2\x80\x9D the former harbour master said she wanted to lower the "
                    "fares.");
  cl = find(r, "said", NULL);
  EXPECT(cl && strcmp(cl->content_text, "she wanted to lower the fares") == 0,
         "a possessive in the scene", r);
  r = claims_of(ex, "Campaigning in the valley towns last spring, the senator rarely mentioned "
                    "the mine closures.");
  cl = find(r, "rarely mentioned", NULL);
  EXPECT(cl && strcmp(cl->content_text, "the mine closures") == 0, "participle phrase", r);
  r = claims_of(ex, "Like the mayor, I believe in the good sense of the islanders.");
  cl = find(r, "believe", NULL);
  EXPECT(cl && strcmp(cl->content_text, "in the good sense of the islanders") == 0,
         "a comparison before the subject", r);
  /* A subordinate clause up to the comma before the subject sets the scene too. */
  r = claims_of(ex, "But when the council cut the money for the ferry two years later, the "
                    "islanders said enough.");
  cl = find(r, "said", NULL);
  EXPECT(cl && strcmp(cl->content_text, "enough") == 0, "a subordinate clause before", r);
  /* A clause before the comma is still the content of an inverted report. */
  r = claims_of(ex, "In the long run the ferry will pay for itself, the harbour master said.");
  cl = find(r, "said", NULL);
  EXPECT(cl && strcmp(cl->content_text, "In the long run the ferry will pay for itself") == 0,
         "a clause before the comma", r);
}

static void test_time_phrase_between_subject_and_verb(cw_extractor_t *ex) {
  /* "A survey in late March found ...", "who in 2019 said ...": the time phrase is neither
   * source nor cue; the subject before it is the source. */
  const cw_result_t *r = claims_of(ex, "A survey of ferry passengers in late March found that "
                                       "most of them wanted a later boat.");
  const cw_claim_t *cl = find(r, "found", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "survey") != NULL,
         "the survey found", r);
  r = claims_of(ex, "The plan was drawn up by Ines Varga, who in 2019 said the harbour "
                    "needed a second pier.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "2019") == NULL &&
             strstr(cl->source_text, "who") != NULL,
         "who in 2019 said", r);
}

static void test_subjects_with_relative_clauses(cw_extractor_t *ex) {
  /* "the fishermen, some of whom said ...": the share of the antecedent reports. */
  const cw_result_t *r = claims_of(ex, "The council met the fishermen, some of whom said the "
                                       "pier was too small.");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "some of whom") != NULL &&
             strcmp(cl->content_text, "the pier was too small") == 0,
         "some of whom said", r);
  /* "All the engineers I interviewed said", "Everyone we spoke to said": the subject carries a
   * relative clause with its own pronoun and verb; "spoke" is part of it and reports nothing. */
  r = claims_of(ex, "All the engineers I interviewed said the bridge was safe.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "engineers I interviewed") != NULL &&
             strcmp(cl->content_text, "the bridge was safe") == 0,
         "the engineers I interviewed said", r);
  r = claims_of(ex, "Everyone we spoke to said the ferry was late.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "Everyone we spoke to") == 0 &&
             strcmp(cl->content_text, "the ferry was late") == 0,
         "everyone we spoke to said", r);
  EXPECT(find(r, "spoke", NULL) == NULL, "no claim at the relative clause's verb", r);
  /* "X, the agency that runs the port, said": an appositive with a relative clause. */
  r = claims_of(ex, "The Harbour Authority, the agency that runs the port, said it was taking "
                    "extra steps to check the cargo.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text &&
             strcmp(cl->source_text, "The Harbour Authority, the agency that runs the port,") == 0,
         "appositive with a relative clause", r);
  /* A name with "and" in it heading the sentence before its description. */
  r = claims_of(ex, "Harbour Safety and Rescue Services, the agency that oversees the pier "
                    "program, said it was taking additional steps.");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "Harbour Safety and Rescue Services") ==
                                      cl->source_text,
         "a name with and before its description", r);
}

static void test_speaking_to_an_audience_reports_nothing(cw_extractor_t *ex) {
  /* Whom, how long or where one spoke is not what was said; the topic after "about" is. */
  const cw_result_t *r = claims_of(ex, "The mayor spoke to a gathering of harbour workers on "
                                       "Monday. The two men spoke for about five minutes. She "
                                       "spoke against the bronze backdrop of the old museum.");
  EXPECT(r && r->n_claims == 0, "no claims", r);
  r = claims_of(ex, "She spoke to reporters about the new ferry timetable.");
  const cw_claim_t *cl = find(r, "spoke", NULL);
  EXPECT(cl && strcmp(cl->content_text, "the new ferry timetable") == 0, "the topic", r);
}

static void test_contracted_negation_is_no_subject(cw_extractor_t *ex) {
  /* "can't", "won't" are tokenised "ca" "n't", "wo" "n't": both halves belong to the cue. */
  const cw_result_t *r = claims_of(ex, "The owners won't admit that the ferry was late.");
  const cw_claim_t *cl = find(r, "won't admit", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "The owners") == 0, "won't admit", r);
  r = claims_of(ex, "They can't blame the storm on the harbour master.");
  cl = find(r, "can't blame", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "They") == 0, "can't blame", r);
}

static void test_colon_before_a_block_paragraph(cw_extractor_t *ex) {
  /* "The governor added:" ends its paragraph; the next paragraph, set off as a block without
   * quotation marks, is what was said. */
  const cw_result_t *r = claims_of(ex, "Ferry fares\n\nThe governor added:\n\nIt is typical of "
                                       "the council. They know nothing about boats.\n\nThe "
                                       "ferry left at noon.");
  const cw_claim_t *cl = find(r, "added:", NULL);
  EXPECT(cl && strcmp(cl->content_text, "It is typical of the council. They know nothing about "
                                        "boats") == 0,
         "the block is the content", r);
}

static void test_second_verb_after_yet(cw_extractor_t *ex) {
  /* "X demands A, yet refuses B": the second report is X's too; the first ends before "yet". */
  const cw_result_t *r = claims_of(ex, "Kim demands openness from the council, yet refuses to "
                                       "release the ferry accounts.");
  const cw_claim_t *cl = find(r, "refuses", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "Kim") == 0 &&
             strcmp(cl->content_text, "to release the ferry accounts") == 0,
         "yet refuses", r);
  cl = find(r, "demands", NULL);
  EXPECT(cl && strcmp(cl->content_text, "openness from the council") == 0, "demands", r);
}

static void test_dateline_label_is_no_speaker(cw_extractor_t *ex) {
  /* "Published: Mar 07, 2021 10:33 PM" under a headline labels the date; nobody speaks. */
  const cw_result_t *r = claims_of(ex, "Harbour news\nFerry fares to rise\nPublished: Mar 07, "
                                       "2021 10:33 PM\nThe ferry company will raise its fares "
                                       "next year.");
  EXPECT(find(r, ":", NULL) == NULL, "no claim at the dateline", r);
}

static void test_section_label_is_no_speaker(cw_extractor_t *ex) {
  /* "Profile: Anna Pell" heads a section about her; the label says nothing. */
  const cw_result_t *r = claims_of(ex, "Profile: Anna Pell\n\nAnna Pell has run the ferry "
                                       "company for seven years.\n\nTimeline: Harbour Dispute"
                                       "\n\nThe dispute began in May.");
  EXPECT(find(r, ":", NULL) == NULL, "no claim at a section label", r);
  r = claims_of(ex, "Kerry: Harbour Story Has Moved\n\nThe dispute began in May.");
  EXPECT(find(r, ":", NULL) != NULL, "a name before the colon still speaks", r);
}

static void test_named_report_is_not_taken_in(cw_extractor_t *ex) {
  /* "X also said A, which he said B, the report showed.": the later report holds X's cue in
   * its content, but X's "said" stands, as the annotators mark both. */
  const cw_result_t *r = claims_of(ex, "The harbour master also said the boats were not "
                                       "damaged, which he said were moored inside the wall, "
                                       "the report showed.");
  const cw_claim_t *cl = find(r, "also said", "The harbour master");
  EXPECT(cl && strstr(cl->content_text, "the boats were not damaged") == cl->content_text,
         "the named report stands", r);
}

static void test_making_remarks_and_going_report_nothing(cw_extractor_t *ex) {
  /* "X made the comments at ...": the act of speaking, not what was said. */
  const cw_result_t *r = claims_of(ex, "Fares\n\nThe candidate noted on Tuesday that her team "
                                       "had spent little on radio ads.\n\nShe said, \"We have "
                                       "big plans for the last weeks.\"\n\nTrump made the "
                                       "comments on Tuesday during a short stop at the Dover "
                                       "party office.\n");
  EXPECT(find(r, "made", NULL) == NULL, "made the comments", r);
  EXPECT(find(r, "said", NULL) != NULL, "the quotation stays", r);
  /* "went to see", "went hiking": going somewhere reports nothing. */
  r = claims_of(ex, "Fares\n\nThe mayor flew north last spring. He went to see the melting ice "
                    "on the north shore. He went hiking in the hills, where he met his wife, Ana, "
                    "a teacher from Leeds.\n");
  EXPECT(find(r, "went", NULL) == NULL, "went", r);
}

static void test_no_comment_and_bankruptcy_report_nothing(cw_extractor_t *ex) {
  /* Not answering requests for comment says nothing; filing for bankruptcy reports nothing. */
  const cw_result_t *r = claims_of(ex, "Ferry\n\nThe ferry company raised its fares by a third "
                                       "on Monday. A spokesman for the company did not "
                                       "immediately respond to requests for comment.\n\nThe "
                                       "Harbour Line, which filed for bankruptcy in 2019, sold "
                                       "its last boat in May. Two other operators have filed for "
                                       "bankruptcy since then.\n");
  EXPECT(r && r->n_claims == 0, "no claims", r);
}

static void test_lone_verb_is_no_source(cw_extractor_t *ex) {
  /* "could not resist pointing out": the verb before the cue is not who points out. */
  const cw_result_t *r = claims_of(ex, "Ten reasons\n\nThe mayor has a record.\n\nThey could "
                                       "not resist pointing out that every crossing was late.\n");
  const cw_claim_t *cl = find(r, "pointing out", NULL);
  EXPECT(cl && (!cl->source_text || strcmp(cl->source_text, "resist") != 0), "resist", r);
}

static void test_passive_agent_after_an_aside(cw_extractor_t *ex) {
  /* "X, meanwhile, is supported by Y": Y is the source, X what it supports, the aside neither. */
  const cw_result_t *r = claims_of(ex, "Ferry\n\nThe Liberal candidate has the backing of most "
                                       "island papers. Jo Kim, meanwhile, is supported by far "
                                       "fewer publications.\n");
  const cw_claim_t *cl = find(r, "is supported", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "far fewer publications") == 0 &&
             strcmp(cl->content_text, "Jo Kim") == 0,
         "passive agent after an aside", r);
}

/* The canonical name of the speaker entity of @p cl, or "". */
static const char *speaker_name(const cw_result_t *r, const cw_claim_t *cl) {
  return cl && cl->speaker_entity >= 0 && (size_t)cl->speaker_entity < r->n_entities
             ? r->entities[cl->speaker_entity].canonical
             : "";
}

static void test_spaced_hyphen_sets_off_an_aside(cw_extractor_t *ex) {
  /* Many outlets type a dash as a hyphen between spaces: the aside it sets off is neither the
   * subject ("the theft -") nor the speaker, as with an em dash. */
  const cw_result_t *r = claims_of(ex, "Appeal\n\nGerry Vance - who was wrongly convicted of "
                                       "the theft - said the families were delighted.\n");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strncmp(cl->source_text, "Gerry Vance", 11) == 0 &&
             strcmp(speaker_name(r, cl), "Gerry Vance") == 0,
         "subject before a spaced-hyphen aside", r);
  r = claims_of(ex, "Appeal\n\nHalden Bank - advised by Ann Kirk - "
                    "said it would appeal against the ruling.\n");
  cl = find(r, "said", NULL);
  EXPECT(cl && strcmp(speaker_name(r, cl), "Halden Bank") == 0,
         "the head before a dash aside speaks, not a name inside it", r);
}

static void test_dateline_is_no_subject(cw_extractor_t *ex) {
  /* "BRUSSELS - European leaders ...": the place of the dateline, before its dash, is neither
   * the subject nor part of the content. */
  const cw_result_t *r = claims_of(ex, "Summit\n\nBRUSSELS - European leaders met on Friday to "
                                       "weigh the new tariffs, saying that talks would go on.\n");
  const cw_claim_t *cl = find(r, "saying", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "European leaders") == 0,
         "dateline before a spaced hyphen", r);
  r = claims_of(ex, "Museum\n\nWASHINGTON \xE2\x80\x94 President Okafor, opening the new "
                    "museum on Saturday, said it would tell a story of hope and of hardship.\n");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strncmp(cl->source_text, "President Okafor", 16) == 0 &&
             strncmp(cl->content_text, "it would tell", 13) == 0,
         "dateline before an em dash", r);
}

static void test_report_set_off_by_commas(cw_extractor_t *ex) {
  /* "A, X said, B": the report interrupts the clause it reports; the speaker is X alone and
   * the clause resumes after it, not before it. */
  const cw_result_t *r = claims_of(ex, "Protest\n\nActs of protest, Mr Okafor said, are acts "
                                       "of patriotism.\n");
  const cw_claim_t *cl = find(r, "said", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "Mr Okafor") == 0 &&
             strncmp(cl->content_text, "are acts of patriotism", 22) == 0,
         "report set off by commas", r);
  r = claims_of(ex, "Floods\n\nAfter a flood there is rarely, the institute says, any sort of "
                    "building boom in the towns hit.\n");
  cl = find(r, "says", NULL);
  EXPECT(cl && cl->content_text && strncmp(cl->content_text, "any sort of building boom", 25) == 0,
         "clause resumed after the report", r);
  /* "..., she said, adding ...": a participle after the report starts no resumed clause. */
  r = claims_of(ex, "Appeal\n\n\u201CWe will appeal against this ruling,\u201D she said, adding "
                    "that the judge had erred.\n");
  cl = find(r, "said", NULL);
  EXPECT(cl && cl->content_text && strstr(cl->content_text, "We will appeal") != NULL,
         "quotation before the report stays its content", r);
}

static void test_description_in_other_spelling(cw_extractor_t *ex) {
  /* "the centre" describes the "... Center" named before it, as "the organisation" does an
   * "Organization": British and American spellings of one head noun. */
  const cw_result_t *r = claims_of(ex, "Floods\n\nFigures from the Harbour Flood Research "
                                       "Center at Halden University show rising losses. The "
                                       "centre says insurance covers only a quarter of them.\n");
  const cw_claim_t *cl = find(r, "says", NULL);
  EXPECT(cl && strcmp(speaker_name(r, cl), "Harbour Flood Research Center") == 0 &&
             cl->speaker_resolution == CW_SPKRES_DESCRIPTION,
         "centre for a Center", r);
}

/* Whether @p r has a claim whose cue text contains @p word. */
static int has_cue_word(const cw_result_t *r, const char *word) {
  for (size_t i = 0; r && i < r->n_claims; i++)
    if (r->claims[i].cue_text && strstr(r->claims[i].cue_text, word)) return 1;
  return 0;
}

static void test_plain_actions_in_report_forms(cw_extractor_t *ex) {
  /* Going on to do something, having seen a rise, being designed to, allowing, being ruled
   * out or knocked out: actions, not reports. */
  static const char *const TEXTS[][2] = {
      {"It went on to gross over $90m in ticket sales.", "went"},
      {"The miner has seen a fivefold rise in profits this year.", "seen"},
      {"The new player is designed to work with the most common music formats.", "designed"},
      {"The service allows users to make cheap calls over the internet.", "allow"},
      {"Kirk was ruled out of the match with a knee injury on Friday.", "ruled"},
      {"Halden were knocked out of the cup by a side two divisions below them.", "knocked"},
      {"The carrier saw its fourth-quarter profits fall 15% to $56m.", "saw"},
      {"Next year will also see more competition from mobile phone operators.", "see"},
      {"The software maker has unveiled the finished version of its search engine.", "unveiled"},
      {"The carmaker is launching a revamped version of its saloon next month.", "launching"},
      {"The standards body formally adopted the new format as the broadcasting standard.",
       "adopted"},
      {"The fares were set by a New York-based trade group called The Travel Partnership.",
       "called"}};
  for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
    char buf[256];
    const cw_result_t *r = claims_in(ex, buf, sizeof buf, "News", TEXTS[k][0]);
    EXPECT(!has_cue_word(r, TEXTS[k][1]), TEXTS[k][0], r);
  }
  /* "went on to say": the report after it stands. */
  const cw_result_t *r = claims_of(ex, "Ferry\n\nThe mayor praised the crew and went on to say "
                                       "that the service would expand.\n");
  EXPECT(has_cue_word(r, "say"), "went on to say", r);
  /* Putting out a statement still reports. */
  r = claims_of(ex, "Ferry\n\nThe ferry company issued a statement on Monday apologising for "
                    "the delays.\n");
  EXPECT(has_cue_word(r, "issued") || has_cue_word(r, "apologising"), "issued a statement", r);
  /* "saw X as Y": a view. */
  r = claims_of(ex, "Jobs\n\nMany voters saw the plan as a threat to their jobs.\n");
  EXPECT(has_cue_word(r, "saw"), "seeing X as Y", r);
}

static void test_time_words_between_subject_and_verb(cw_extractor_t *ex) {
  /* "X last week warned", "X earlier this year said", "X now expect", "X has so far
   * refused": the time words belong to neither the subject nor the cue's object. */
  static const char *const TEXTS[][3] = {
      {"The carmaker last week warned that sales would fall in the spring.", "warned",
       "The carmaker"},
      {"The regulator earlier this year said that prices had to come down.", "said",
       "The regulator"},
      {"Analysts now expect the central bank to raise rates again in May.", "expect",
       "Analysts"},
      {"The ministry has so far refused to say whether the plant will close.", "refused",
       "The ministry"}};
  for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
    char buf[256];
    const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Markets", TEXTS[k][0]);
    const cw_claim_t *cl = NULL;
    for (size_t i = 0; r && i < r->n_claims && !cl; i++)
      if (r->claims[i].cue_text && strstr(r->claims[i].cue_text, TEXTS[k][1])) cl = &r->claims[i];
    EXPECT(cl && cl->source_text && strcmp(cl->source_text, TEXTS[k][2]) == 0, TEXTS[k][0], r);
  }
}

static void test_sentence_openers_are_no_source(cw_extractor_t *ex) {
  /* A connective or a fronted phrase up to its comma opens the sentence, not the source. */
  static const char *const TEXTS[][3] = {
      {"However, Ms Okafor, who runs the clinic, said the plan would fail.", "said",
       "Ms Okafor, who runs the clinic,"},
      {"Speaking outside the school, Mr Brown said the plan would cut class sizes.", "said",
       "Mr Brown"},
      {"On Monday, the Council of Harbour Pilots said that fees would rise.", "said",
       "the Council of Harbour Pilots"}};
  for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
    char buf[256];
    const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Harbour", TEXTS[k][0]);
    const cw_claim_t *cl = find(r, TEXTS[k][1], NULL);
    EXPECT(cl && cl->source_text && strcmp(cl->source_text, TEXTS[k][2]) == 0, TEXTS[k][0], r);
  }
  /* A name in the fronted phrase keeps the apposition after it. */
  const cw_result_t *r = claims_of(ex, "Harbour\n\nAt the time Lord Kirk, the chief justice, "
                                       "had said the cut would apply to all.\n");
  const cw_claim_t *cl = find(r, "had said", NULL);
  EXPECT(cl && cl->source_text && strstr(cl->source_text, "Lord Kirk") != NULL,
         "apposition to a name in the fronted phrase", r);
}

static void test_word_after_a_reporting_verb_is_its_content(cw_extractor_t *ex) {
  /* "Wipro said demand was strong": "demand" opens what was said; the verb is the cue. */
  const cw_result_t *r = claims_of(ex, "Results\n\nThe software firm said demand was strong in "
                                       "the last quarter.\n");
  EXPECT(r && !has_cue_word(r, "demand") && find(r, "said", "The software firm"),
         "said demand was strong", r);
  r = claims_of(ex, "Budget\n\nThe Treasury also announced plans to cut the number of "
                    "civil servants.\n");
  EXPECT(r && find(r, "also announced", "The Treasury") && !find(r, "plans", NULL),
         "announced plans to", r);
}

static void test_connective_is_no_content(cw_extractor_t *ex) {
  /* "However, the ministry has dismissed the proposal.": the connective before the subject
   * is not what was dismissed. */
  const cw_result_t *r = claims_of(ex, "Club\n\nFans asked for a supporters' trust. However, "
                                       "the ministry has dismissed the proposal.\n");
  const cw_claim_t *cl = find(r, "has dismissed", NULL);
  EXPECT(cl && cl->content_text && strcmp(cl->content_text, "the proposal") == 0,
         "connective as content", r);
  /* "Then, say analysts, there is ...", "Meanwhile, according to X, ...": the clause after
   * the report. */
  r = claims_of(ex, "Markets\n\nThe bank raised its rating. Then, say analysts, there is the "
                    "profit growth of the current year to consider.\n");
  cl = find(r, "say", "analysts");
  EXPECT(cl && cl->content_text && strncmp(cl->content_text, "there is", 8) == 0,
         "connective before an inverted report", r);
  r = claims_of(ex, "Cars\n\nSales fell in March. Meanwhile, according to state press reports, "
                    "the small carmaker is in talks with a rival.\n");
  cl = find(r, "according to", NULL);
  EXPECT(cl && cl->content_text && strncmp(cl->content_text, "the small carmaker", 18) == 0,
         "connective before according to", r);
}

static void test_participle_before_its_noun(cw_extractor_t *ex) {
  /* "The now formally launched site", "His declared interests": a participle between a
   * determiner and its noun reports nothing; "the alleged fraud" still attributes. */
  static const char *const TEXTS[][2] = {
      {"The now formally launched search site takes the training wheels off the test version.",
       "launched"},
      {"His declared interests include fees from newspaper articles and speeches.", "declared"}};
  for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
    char buf[256];
    const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Search", TEXTS[k][0]);
    EXPECT(r && !has_cue_word(r, TEXTS[k][1]), TEXTS[k][0], r);
  }
}

static void test_quotation_after_a_scene_setting_phrase(cw_extractor_t *ex) {
  /* "With X, “...,” he said.": the quotation is what was said, not the phrase before it. */
  const cw_result_t *r = claims_of(ex, "Vote\n\nWith thousands of counting systems, \u201Cthere "
                                       "is no single point of failure,\u201D he said.\n");
  const cw_claim_t *cl = find(r, "said", "he");
  EXPECT(cl && cl->content_text && strstr(cl->content_text, "no single point of failure") &&
             !strstr(cl->content_text, "counting systems"),
         "quotation after a fronted phrase", r);
}

static void test_adjective_is_no_source(cw_extractor_t *ex) {
  /* "fresh claims that ...", "high hopes for ...": the adjective of the noun is no source. */
  static const char *const TEXTS[][2] = {
      {"There were fresh claims that the chancellor was still seething over the budget.",
       "fresh"},
      {"The coach had high hopes for him after two tournament wins in Leeds.", "high"}};
  for (size_t k = 0; k < sizeof TEXTS / sizeof TEXTS[0]; k++) {
    char buf[256];
    const cw_result_t *r = claims_in(ex, buf, sizeof buf, "Sport", TEXTS[k][0]);
    int bad = 0;
    for (size_t i = 0; r && i < r->n_claims; i++)
      bad |= r->claims[i].source_text && strcmp(r->claims[i].source_text, TEXTS[k][1]) == 0;
    EXPECT(r && !bad, TEXTS[k][0], r);
  }
}

static void test_possessive_is_no_auxiliary(cw_extractor_t *ex) {
  /* "Southcorp's shares": after a name "'s" is a possessive, not "is"/"has" joining a verb;
   * after a pronoun it is ("he's said"). */
  const cw_result_t *r = claims_of(ex, "Markets\n\nThe brewer's shares were suspended at "
                                       "A$4.25 on Monday.\n");
  int bad = 0;
  for (size_t i = 0; r && i < r->n_claims; i++)
    bad |= r->claims[i].cue_text && strncmp(r->claims[i].cue_text, "'s", 2) == 0;
  EXPECT(r && !bad, "possessive in a cue", r);
  r = claims_of(ex, "Club\n\nBellamy's claim that the coach had lied was rejected by the "
                    "board.\n");
  const cw_claim_t *cl = find(r, "claim", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "Bellamy's") == 0,
         "possessor as the source of a noun cue", r);
  r = claims_of(ex, "Club\n\nHe's said the club will not sell its captain.\n");
  EXPECT(r && find(r, "'s said", "He"), "he's said", r);
}

static void test_headline_ending_in_says_name(cw_extractor_t *ex) {
  /* "House prices rebound says Halifax": the name after the verb speaks in a headline;
   * "Blair tells EU" still names the addressee. */
  const cw_result_t *r = claims_of(ex, "House prices rebound says Halden\n\nPrices rose by 1% "
                                       "in March, the lender said.\n");
  const cw_claim_t *cl = find(r, "says", NULL);
  EXPECT(cl && cl->source_text && strcmp(cl->source_text, "Halden") == 0 &&
             strcmp(cl->content_text, "House prices rebound") == 0,
         "headline ending in says and a name", r);
}

int main(void) {
  static const claimfix_test_fn TESTS[] = {
      test_paragraphs_of_a_continued_quotation,
      test_relative_pronoun_names_its_antecedent,
      test_feelings_have_their_holder_as_source,
      test_inverted_report_after_a_claim,
      test_sentence_adverb_is_no_subject,
      test_evidence_of_a_noun_phrase_reports_nothing,
      test_passive_request_and_particles,
      test_report_verbs_read_as_nouns,
      test_quotation_handed_to_its_report,
      test_participles_modifying_nouns,
      test_scene_setting_phrase_is_no_content,
      test_time_phrase_between_subject_and_verb,
      test_subjects_with_relative_clauses,
      test_speaking_to_an_audience_reports_nothing,
      test_contracted_negation_is_no_subject,
      test_colon_before_a_block_paragraph,
      test_second_verb_after_yet,
      test_dateline_label_is_no_speaker,
      test_section_label_is_no_speaker,
      test_named_report_is_not_taken_in,
      test_making_remarks_and_going_report_nothing,
      test_no_comment_and_bankruptcy_report_nothing,
      test_lone_verb_is_no_source,
      test_passive_agent_after_an_aside,
      test_spaced_hyphen_sets_off_an_aside,
      test_dateline_is_no_subject,
      test_report_set_off_by_commas,
      test_description_in_other_spelling,
      test_plain_actions_in_report_forms,
      test_time_words_between_subject_and_verb,
      test_sentence_openers_are_no_source,
      test_word_after_a_reporting_verb_is_its_content,
      test_connective_is_no_content,
      test_participle_before_its_noun,
      test_quotation_after_a_scene_setting_phrase,
      test_adjective_is_no_source,
      test_possessive_is_no_auxiliary,
      test_headline_ending_in_says_name,
  };
  return claimfix_main(TESTS, sizeof TESTS / sizeof TESTS[0]);
}
