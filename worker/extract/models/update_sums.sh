#!/usr/bin/env bash
# update_sums.sh - rewrites SHA256SUMS in this directory from the model files as they are now.
# The engine refuses any file that does not match its line (a cut-short or corrupted model),
# so run this after changing a model or gazetteer on purpose (train_models.sh and
# build_gazetteers.sh do). `sha256sum -c SHA256SUMS` checks a copy by hand. The model files
# (pos.model, ner.model, attr.model) also carry their own CRC-64, format version, kind and
# feature version (worker/extract/modelfile.h), checked when they are loaded.
set -euo pipefail
cd "$(dirname "$0")"
sha256sum gaz/countries.tsv gaz/cities.tsv gaz/demonyms.tsv gaz/orgs.tsv gaz/firstnames.txt gaz/places.tsv \
  pos.model ner.model clusters.txt attr.model >SHA256SUMS.tmp
mv SHA256SUMS.tmp SHA256SUMS
