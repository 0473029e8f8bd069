# Shared by the scripts: build once, then run a detector-job main class with Flink on the classpath.
# (Flink is 'provided' in the job jar, as Managed Service for Apache Flink supplies it.)

build_detector() {
  echo "building (mvn install -DskipTests)..." >&2
  mvn -B -q -DskipTests install
  mvn -B -q -pl detector-job dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile
}

run_detector_main() {
  local main=$1; shift
  java -Xmx2g \
    -Dlog4j.configurationFile="$PWD/scripts/log4j2-local.properties" \
    -cp "detector-job/target/classes:actions-sink/target/classes:schemas/target/classes:$(cat detector-job/target/classpath.txt)" \
    "$main" "$@"
}
