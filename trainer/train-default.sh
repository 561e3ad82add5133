#!/usr/bin/env bash
# Trains the shipped models, names their features and writes the quality report (issue 4 items 2-5):
#   trainer/train-default.sh            train + catalogue + docs/QUALITY.md (about 30 min + 20 min on 2 idle cores)
#   trainer/train-default.sh train      only TrainDefaultModel (writes presets/models/{default,live}.auralise)
#   trainer/train-default.sh catalogue  only the catalogue (rewrites both model files with their catalogue)
#   trainer/train-default.sh report     only docs/QUALITY.md
# Clips are rendered once into $AURALISE_CACHE (default ~/.cache/auralise/clips) and reused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cp_file="$here/target/classpath.txt"
cd "$root"
if [[ ! -d "$here/target/classes/com/auralise/trainer/train" || ! -f "$cp_file" ]]; then
  mvn -B -q -o -pl trainer -am -DskipTests install
  mvn -B -q -o -pl trainer dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
fi
run() {
  java -Xmx8g --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED \
    -cp "$here/target/classes:$(cat "$cp_file")" "$@"
}
train() {
  # The exact command the shipped models were trained with (see their provenance).
  run com.auralise.trainer.train.TrainDefaultModel --out presets/models/default.auralise \
    --live-out presets/models/live.auralise --train-clips 96 --eval-clips 16 --seconds 6 --frames 64 \
    --steps 2000 --live-steps 600 --minutes 28
}
catalogue() {
  run com.auralise.trainer.catalogue.Catalogue --model presets/models/default.auralise \
    --model presets/models/live.auralise --clips 8 --first 0 --top 3 --seconds 6
}
report() {
  run com.auralise.trainer.catalogue.QualityReport --model presets/models/default.auralise \
    --live presets/models/live.auralise --first 8 --clips 8 --tune-clips 16 --seconds 6 --out docs/QUALITY.md
}
case "${1:-all}" in
  train) train ;;
  catalogue) catalogue ;;
  report) report ;;
  all) train; catalogue; report ;;
  *) echo "usage: $0 [all|train|catalogue|report]" >&2; exit 2 ;;
esac
