#!/usr/bin/env bash
# train_models.sh - rebuilds pos.model and ner.model in this directory from CoNLL-2003 train
# (learning) and dev (choosing the epoch), and attr.model from PolNeAR train only (DATA_DIR/
# polnear/train; its dev split is for evaluation); NER uses the gazetteers in gaz/, the word clusters
# in clusters.txt and the POS tags predicted by the new pos.model, as at tagging time, and
# document features (--doc-folds 5: the training documents' first-pass labels come from five
# models each trained without a fifth of the documents, as a first pass errs on new text) and
# weights averaged over five copies trained in their own visiting orders (--orders 5).
# clusters.txt is rebuilt (about 6 minutes) when it is missing or CW_REBUILD_CLUSTERS=1, from
# unlabeled news (DATA_DIR/unlabeled-news, DATA_DIR/bbc-news) and the CoNLL train words; the
# dev words are left out so that dev scores stay honest.
# The models are written in the model file container (worker/extract/modelfile.h: versioned,
# checksummed, one kind per file). SHA256SUMS is rewritten after each model changes
# (update_sums.sh).
# usage: train_models.sh [CLAIMWIRE_BINARY] [DATA_DIR]
#   defaults: <repo>/build/claimwire and <repo>/../shared/data
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${1:-$root/build/claimwire}"
shared="${2:-$root/../shared/data}"
data="$shared/conll2003"
[ -x "$bin" ] || { echo "train_models.sh: no claimwire binary at $bin" >&2; exit 2; }
for f in train.txt valid.txt; do
  [ -r "$data/$f" ] || { echo "train_models.sh: missing $data/$f" >&2; exit 2; }
done
[ -d "$here/gaz" ] || { echo "train_models.sh: missing $here/gaz (run build_gazetteers.sh)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$here/clusters.txt" ] || [ "${CW_REBUILD_CLUSTERS:-0}" = 1 ]; then
  text=()
  for f in "$shared"/unlabeled-news/*/text.txt; do text+=(--text "$f"); done
  cat "$shared"/bbc-news/*/*.txt > "$tmp/bbc.txt"
  nice "$bin" train clusters "${text[@]}" --text "$tmp/bbc.txt" --conll "$data/train.txt" \
    --classes 1000,200 --iters 15 --out "$tmp/clusters.txt"
  mv "$tmp/clusters.txt" "$here/clusters.txt"
fi
nice "$bin" train pos --train "$data/train.txt" --dev "$data/valid.txt" --out "$tmp/pos.model" \
  --epochs 10
nice "$bin" train ner --train "$data/train.txt" --dev "$data/valid.txt" --out "$tmp/ner.model" \
  --epochs 25 --seed 2 --pos-model "$tmp/pos.model" --gaz "$here/gaz" --clusters "$here/clusters.txt" \
  --doc-folds 5 --orders 5
mv "$tmp/pos.model" "$tmp/ner.model" "$here/"
"$here/update_sums.sh"
ls -l "$here/pos.model" "$here/ner.model" "$here/clusters.txt"
"$bin" eval ner --data "$data/valid.txt" --model-dir "$here"
# attr.model: the cue table and claim scorer, learned from PolNeAR train with the default
# thresholds (the rules in attr*.c must be those of this binary: retrain after changing them).
if [ -d "$shared/polnear/train" ]; then
  nice "$bin" train attribution --data "$shared/polnear/train" --model-dir "$here" \
    --out "$tmp/attr.model"
  mv "$tmp/attr.model" "$here/"
  "$here/update_sums.sh"
  "$bin" eval attribution --data "$shared/polnear/dev" --model-dir "$here" | sed -n 1,12p
else
  echo "train_models.sh: no $shared/polnear/train; attr.model left as it is" >&2
fi
