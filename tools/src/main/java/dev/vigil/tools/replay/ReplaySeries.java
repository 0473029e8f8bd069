package dev.vigil.tools.replay;

import dev.vigil.tools.nab.LabelledCsv;
import dev.vigil.tools.nab.NabScorer;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One recorded series of a labelled replay: its file, what a first pass over it found, and the
 * whole number of weeks it is moved by so that every series starts in the same week (one
 * watermark then serves all of them; whole weeks keep the time of day and the day of week the
 * model learns its cycles by).
 */
final class ReplaySeries implements Serializable {
    private static final long serialVersionUID = 1L;
    static final long WEEK_MS = 7 * 86_400_000L;
    /** A Monday, 00:00 UTC: every series is moved to start in the week after it. */
    static final long REFERENCE = Instant.parse("2020-01-06T00:00:00Z").toEpochMilli();

    final String name;
    final String path;
    final long rows;
    final long firstMs;
    final long lastMs;
    final long stepMs;
    final long shiftMs;
    /** NAB windows (a {@code --nab} replay); null otherwise. */
    final transient List<NabScorer.Window> windows;

    private ReplaySeries(String name, Path path, LabelledCsv.Scan scan, List<NabScorer.Window> windows) {
        this.name = name;
        this.path = path.toString();
        this.rows = scan.rows;
        this.firstMs = scan.firstMs;
        this.lastMs = scan.lastMs;
        this.stepMs = scan.stepMs;
        this.shiftMs = -Math.floorDiv(scan.firstMs - REFERENCE, WEEK_MS) * WEEK_MS;
        this.windows = windows;
    }

    /** Every CSV under {@code dir} with at least one row, sorted by path; {@code windows} maps names to NAB windows. */
    static List<ReplaySeries> discover(Path dir, java.util.function.Function<String, List<NabScorer.Window>> windows)
            throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".csv") && Files.isRegularFile(f)).sorted()
                    .collect(Collectors.toList());
        }
        List<ReplaySeries> out = new ArrayList<>();
        for (Path f : files) {
            LabelledCsv.Scan scan = LabelledCsv.scan(f);
            if (scan.rows == 0) {
                continue;
            }
            String name = dir.relativize(f).toString().replace('\\', '/');
            out.add(new ReplaySeries(name, f, scan, windows.apply(name)));
        }
        return out;
    }
}
