package dev.vigil.tools.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules over every module's main sources (read from the checkout, so one test covers them all):
 * decisions in plain Java, Flink only in the {@code flink} packages; classes a reader can hold in
 * their head.
 */
class SourceRulesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** The jobs' code: Flink functions in {@code flink/}, plain Java everywhere else. */
    private static final List<String> JOB_MODULES = List.of("schemas", "common", "detector-job", "actions-sink");
    /** Every module with main sources; the tools and benchmarks included (they are read too). */
    private static final List<String> ALL_MODULES = List.of("schemas", "common", "deploy/metric-stream-relay",
            "detector-job", "actions-sink", "tools", "benchmarks");
    private static final Pattern FLINK_IMPORT = Pattern.compile("^import (static )?org\\.apache\\.flink\\.([\\w.]+);",
            Pattern.MULTILINE);
    static final int MAX_LINES = 400;

    /**
     * Main classes outside a {@code flink} package that must import Flink, with why; an import not
     * listed here fails, and so does an entry that no longer imports it (the list stays true).
     */
    private static final Map<String, String> FLINK_OUTSIDE_FLINK_PACKAGES = exceptions();

    private static Map<String, String> exceptions() {
        Map<String, String> m = new TreeMap<>();
        String typeInfo = "api.common.typeinfo.TypeInfo";
        // @TypeInfo binds each published record to its codec (dev.vigil.schemas.flink) so Flink never
        // falls back to Kryo; the annotation must sit on the record itself.
        for (String record : List.of("ActionOutcome", "DeadLetter", "HealthEvent", "Impairment", "MetricDatapoint",
                "RecoveryAction")) {
            m.put("schemas/src/main/java/dev/vigil/schemas/" + record + ".java", typeInfo);
        }
        // The live rules update travels and sits in broadcast state by its codec, the same way.
        m.put("detector-job/src/main/java/dev/vigil/detector/live/RulesUpdate.java", typeInfo);
        // The jobs' entry points and the pipeline's wiring: they build the DataStream graph itself.
        m.put("detector-job/src/main/java/dev/vigil/detector/DetectorJob.java", "*");
        m.put("detector-job/src/main/java/dev/vigil/detector/DetectorPipeline.java", "*");
        m.put("actions-sink/src/main/java/dev/vigil/actions/ActionsJob.java", "*");
        return m;
    }

    @Test
    void flinkIsImportedOnlyInFlinkPackages() throws IOException {
        List<String> offending = new ArrayList<>();
        List<String> stale = new ArrayList<>(FLINK_OUTSIDE_FLINK_PACKAGES.keySet());
        for (String module : JOB_MODULES) {
            for (Path file : mainSources(module)) {
                String rel = ROOT.relativize(file).toString().replace('\\', '/');
                if (rel.contains("/flink/")) {
                    continue;
                }
                List<String> imports = flinkImports(Files.readString(file));
                if (imports.isEmpty()) {
                    continue;
                }
                stale.remove(rel);
                String allowed = FLINK_OUTSIDE_FLINK_PACKAGES.get(rel);
                for (String imp : imports) {
                    if (allowed == null || !(allowed.equals("*") || allowed.equals(imp))) {
                        offending.add(rel + " imports org.apache.flink." + imp);
                    }
                }
            }
        }
        assertThat(offending).as("Flink imports outside a flink package (move the code into flink/, or list it with why)")
                .isEmpty();
        assertThat(stale).as("listed exceptions that no longer import Flink (drop them)").isEmpty();
    }

    @Test
    void noMainClassOverFourHundredLines() throws IOException {
        List<String> big = new ArrayList<>();
        for (String module : ALL_MODULES) {
            for (Path file : mainSources(module)) {
                long lines = lines(Files.readString(file));
                if (lines > MAX_LINES) {
                    big.add(ROOT.relativize(file) + " has " + lines + " lines");
                }
            }
        }
        assertThat(big).as("main classes over " + MAX_LINES + " lines (split them by responsibility)").isEmpty();
    }

    /** The rules can fail: what they catch in code as it could be written. */
    @Test
    void rulesCatchWhatTheyAreFor() {
        assertThat(flinkImports("package x;\nimport org.apache.flink.api.common.state.ValueState;\nimport java.util.List;\n"))
                .containsExactly("api.common.state.ValueState");
        assertThat(flinkImports("import static org.apache.flink.util.Preconditions.checkState;\n"))
                .containsExactly("util.Preconditions.checkState");
        assertThat(flinkImports("// import org.apache.flink.X;\nimport java.util.List;\n")).isEmpty();
        assertThat(lines("a\n".repeat(MAX_LINES + 1))).isGreaterThan(MAX_LINES);
        assertThat(lines("a\n".repeat(MAX_LINES))).isEqualTo(MAX_LINES);
    }

    static List<String> flinkImports(String source) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = FLINK_IMPORT.matcher(source);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    /** Lines as {@code wc -l} counts them (a last line without a newline counts too). */
    static long lines(String source) {
        long n = source.chars().filter(c -> c == '\n').count();
        return source.isEmpty() || source.endsWith("\n") ? n : n + 1;
    }

    private static List<Path> mainSources(String module) throws IOException {
        Path dir = ROOT.resolve(module).resolve("src/main/java");
        assertThat(dir).as("module sources").isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }
}
