# Shared by the scripts. Maven runs in the checkout (in a subshell); the Java tools run in the
# caller's working directory, so relative paths given to a script are the caller's, as with any
# command. The tools (dev.vigil.tools: replay, report, demo, NAB harness, deploy tools) live in the
# tools module, beside the jobs they run; Flink is a plain dependency there ('provided' in the job jar:
# MSF supplies it). This checkout's compiled classes come first, ahead of any jar from ~/.m2.
VIGIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The tools' classes, the jobs' classes, and the test classes the demo runs with (its recording
# and the emulator helpers), then tools/target/classpath.txt (written by the build).
tools_classpath_of_build() {
  local m
  for m in tools detector-job actions-sink common schemas; do
    printf '%s:' "$VIGIL_ROOT/$m/target/classes"
  done
  printf '%s:' "$VIGIL_ROOT/detector-job/target/test-classes" "$VIGIL_ROOT/common/target/test-classes"
  cat "$VIGIL_ROOT/tools/target/classpath.txt"
}

build_detector() {
  echo "building (mvn install -DskipTests)..." >&2
  (cd "$VIGIL_ROOT" && mvn -B -q -DskipTests install && mvn -B -q -pl tools dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) >&2
}

run_detector_main() {
  local main=$1; shift
  java -Xmx2g \
    -Dlog4j.configurationFile="$VIGIL_ROOT/scripts/log4j2-local.properties" \
    -cp "$(tools_classpath_of_build)" \
    "$main" "$@"
}

# The tools' classpath, compiled in the reactor (the local Maven repository stays untouched; test
# classes too, since the tools read the detector job's test jar). VIGIL_CLASSPATH, when set, is used
# as it is instead (no build: a test's own classpath).
detector_classpath() {
  if [[ -n "${VIGIL_CLASSPATH:-}" ]]; then
    echo "$VIGIL_CLASSPATH"
    return
  fi
  echo "building (mvn test-compile)..." >&2
  (cd "$VIGIL_ROOT" && mvn -B -q -DskipTests -pl tools -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) >&2
  tools_classpath_of_build
}
