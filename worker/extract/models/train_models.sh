#!/usr/bin/env bash
# train_models.sh - rebuilds pos.model and ner.model in this directory from CoNLL-2003 train
# (learning) and dev (choosing the epoch); NER uses the gazetteers in gaz/ and the POS tags
# predicted by the new pos.model, as at tagging time.
# usage: train_models.sh [CLAIMWIRE_BINARY] [CONLL_DIR]
#   defaults: <repo>/build/claimwire and <repo>/../shared/data/conll2003
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${1:-$root/build/claimwire}"
data="${2:-$root/../shared/data/conll2003}"
[ -x "$bin" ] || { echo "train_models.sh: no claimwire binary at $bin" >&2; exit 2; }
for f in train.txt valid.txt; do
  [ -r "$data/$f" ] || { echo "train_models.sh: missing $data/$f" >&2; exit 2; }
done
[ -d "$here/gaz" ] || { echo "train_models.sh: missing $here/gaz (run build_gazetteers.sh)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
nice "$bin" train pos --train "$data/train.txt" --dev "$data/valid.txt" --out "$tmp/pos.model" \
  --epochs 10
nice "$bin" train ner --train "$data/train.txt" --dev "$data/valid.txt" --out "$tmp/ner.model" \
  --epochs 10 --pos-model "$tmp/pos.model" --gaz "$here/gaz"
mv "$tmp/pos.model" "$tmp/ner.model" "$here/"
ls -l "$here/pos.model" "$here/ner.model"
"$bin" eval ner --data "$data/valid.txt" --model-dir "$here"
