#!/usr/bin/env bash
# Generates the training/evaluation data cache. Example:
#   trainer/generate-data.sh --out .cache/data/train --count 200 --seed 1 --split train --seconds 8
# Builds the trainer once if needed, then runs GenerateData with the export Gervill's offline API needs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cp_file="$here/target/classpath.txt"
# Rebuild when classes are missing or the pom changed since the class path was written.
if [[ ! -d "$here/target/classes/com/auralise/trainer/data" || ! -f "$cp_file" || "$here/pom.xml" -nt "$cp_file" ]]; then
  (cd "$root" && mvn -B -q -o -pl trainer -am -DskipTests install && \
   mvn -B -q -o -pl trainer dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime)
fi
exec java -Xmx2g --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED \
  -cp "$here/target/classes:$(cat "$cp_file")" com.auralise.trainer.data.GenerateData "$@"
