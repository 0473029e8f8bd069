package dev.vigil.tools.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars Managed Service for Apache Flink runs (detector-job/target/*-msf.jar,
 * actions-sink/target/*-msf.jar, built earlier in this reactor) hold the jobs only: none of the
 * tools (replay, sweep, report, demo, NAB harness, deploy tools), none of the test helpers, and no
 * recordings or fixtures. An ITCase, so it runs after both jars are packaged.
 */
class MsfJarsITCase {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** Entry names that must not ship, each with what it is. */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("dev/vigil/tools/.*"), // this module: replay, report, demo, nab, deploy tools, sweep
            Pattern.compile("dev/vigil/detector/(replay|report|demo|nab|deploy|testing)/.*"), // their old homes
            Pattern.compile("dev/vigil/.*(Sweep|Replay|Nab|Labelled|Demo|CostEstimate|DryRun|MetricStreamFilters"
                    + "|Prices|LocalAws|Recording|MotoServer|Moto)[^/]*\\.class"),
            Pattern.compile("(.*/)?recordings/.*"),
            Pattern.compile("(.*/)?fixtures/.*"),
            Pattern.compile("(.*/)?golden/.*"),
            Pattern.compile("picocli/.*"),
            Pattern.compile("org/knowm/xchart/.*"),
            Pattern.compile("org/apache/flink/connector/datagen/.*"));

    @Test
    void detectorJobJarHoldsOnlyTheJob() throws IOException {
        Path jar = msfJar("detector-job");
        assertThat(entries(jar)).as("the detector job's own classes are there").contains("dev/vigil/detector/DetectorJob.class");
        assertThat(violations(jar)).as("tool, test or recording entries in " + jar).isEmpty();
    }

    @Test
    void actionsSinkJarHoldsOnlyTheJob() throws IOException {
        Path jar = msfJar("actions-sink");
        assertThat(entries(jar)).contains("dev/vigil/actions/ActionsJob.class");
        assertThat(violations(jar)).as("tool, test or recording entries in " + jar).isEmpty();
    }

    /** The check itself can fail: a jar as the detector job's was before the tools module. */
    @Test
    void findsToolsRecordingsAndTestHelpers(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("old-msf.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("dev/vigil/detector/DetectorJob.class", "dev/vigil/detector/replay/ReplayCli.class",
                    "dev/vigil/detector/nab/NabScorer.class", "dev/vigil/detector/deploy/DryRun.class",
                    "dev/vigil/detector/demo/LocalAws.class", "recordings/demo/metrics.ndjson",
                    "rules/default-rules.yaml", "picocli/CommandLine.class")) {
                z.putNextEntry(new ZipEntry(name));
                OutputStream out = z;
                out.write(1);
                z.closeEntry();
            }
        }
        assertThat(violations(jar)).containsExactly("dev/vigil/detector/replay/ReplayCli.class",
                "dev/vigil/detector/nab/NabScorer.class", "dev/vigil/detector/deploy/DryRun.class",
                "dev/vigil/detector/demo/LocalAws.class", "recordings/demo/metrics.ndjson", "picocli/CommandLine.class");
    }

    static List<String> violations(Path jar) throws IOException {
        return entries(jar).stream().filter(e -> FORBIDDEN.stream().anyMatch(p -> p.matcher(e).matches()))
                .collect(Collectors.toList());
    }

    private static List<String> entries(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    names.add(entry.getName());
                }
            }
        }
        return names;
    }

    private static Path msfJar(String module) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
            jars = files.filter(p -> p.getFileName().toString().endsWith("-msf.jar")).collect(Collectors.toList());
        }
        assertThat(jars).as("one MSF jar in " + module + "/target (mvn package builds it)").hasSize(1);
        return jars.get(0);
    }
}
