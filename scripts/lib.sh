# Shared by the scripts. Maven runs in the checkout (in a subshell); the Java tools run in the
# caller's working directory, so relative paths given to a script are the caller's, as with any
# command. Flink is on the classpath from Maven ('provided' in the job jar: MSF supplies it).
VIGIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_detector() {
  echo "building (mvn install -DskipTests)..." >&2
  (cd "$VIGIL_ROOT" && mvn -B -q -DskipTests install && mvn -B -q -pl detector-job dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) >&2
}

run_detector_main() {
  local main=$1; shift
  java -Xmx2g \
    -Dlog4j.configurationFile="$VIGIL_ROOT/scripts/log4j2-local.properties" \
    -cp "$VIGIL_ROOT/detector-job/target/classes:$VIGIL_ROOT/actions-sink/target/classes:$VIGIL_ROOT/common/target/classes:$VIGIL_ROOT/schemas/target/classes:$(cat "$VIGIL_ROOT/detector-job/target/classpath.txt")" \
    "$main" "$@"
}

# The detector job's classpath, compiled in the reactor (the local Maven repository stays
# untouched). VIGIL_CLASSPATH, when set, is used as it is instead (no build: a test's own classpath).
detector_classpath() {
  if [[ -n "${VIGIL_CLASSPATH:-}" ]]; then
    echo "$VIGIL_CLASSPATH"
    return
  fi
  echo "building (mvn compile)..." >&2
  (cd "$VIGIL_ROOT" && mvn -B -q -DskipTests -pl detector-job -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) >&2
  echo "$VIGIL_ROOT/detector-job/target/classes:$VIGIL_ROOT/actions-sink/target/classes:$VIGIL_ROOT/common/target/classes:$VIGIL_ROOT/schemas/target/classes:$(cat "$VIGIL_ROOT/detector-job/target/classpath.txt")"
}
