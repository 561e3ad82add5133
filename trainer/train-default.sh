#!/usr/bin/env bash
# Trains the shipped models, names their features and writes the quality report (issue 4 items 2-5):
#   trainer/train-default.sh            train + roles + catalogue + docs/QUALITY.md (about 30 + 60 + 25 min on 2 cores)
#   trainer/train-default.sh train      only TrainDefaultModel (writes presets/models/{default,live}.auralise)
#   trainer/train-default.sh roles      only TrainRoles: turns chosen channels of both models into the named filters
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
roles() {
  # Studio and live side by side, one thread each (the 2 cores); the exact commands of the shipped models.
  run com.auralise.trainer.train.TrainRoles --init presets/models/default.auralise --train-clips 400 --steps 3000 \
    --minutes 60 --threads 1 > "$root/trainer/target/roles-studio.log" 2>&1 &
  local studio=$!
  run com.auralise.trainer.train.TrainRoles --init presets/models/live.auralise --train-clips 400 --steps 3000 \
    --minutes 58 --threads 1 --roles kick@2,snare@2,hats@2,bass@2,melody@2,chords@2,onset@1 \
    > "$root/trainer/target/roles-live.log" 2>&1 &
  local live=$!
  wait "$studio" && wait "$live"
  tail -n 3 "$root"/trainer/target/roles-*.log
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
  roles) roles ;;
  catalogue) catalogue ;;
  report) report ;;
  all) train; roles; catalogue; report ;;
  *) echo "usage: $0 [all|train|roles|catalogue|report]" >&2; exit 2 ;;
esac
