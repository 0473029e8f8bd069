package dev.vigil.detector.replay;

import dev.vigil.detector.report.HtmlReport;
import dev.vigil.detector.report.PngPlots;
import dev.vigil.detector.report.ReplayResult;
import dev.vigil.detector.report.SummaryJson;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every replay writes to OUT_DIR: impairments, dead letters, summary, report and plots. */
final class ReplayOutput {
    private ReplayOutput() {}

    static void write(ReplayResult r, Path outDir, String title) throws IOException {
        Files.createDirectories(outDir);
        try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("impairments.jsonl"))) {
            for (Impairment i : r.impairments()) {
                w.write(Json.toString(i));
                w.write('\n');
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("dead-letters.jsonl"))) {
            for (DeadLetter d : r.deadLetters()) {
                w.write(Json.toString(d));
                w.write('\n');
            }
        }
        SummaryJson.write(r, outDir.resolve("summary.json"));
        HtmlReport.write(r, title, outDir.resolve("report.html"));
        PngPlots.write(r.series(), r.timeline(), outDir.resolve("plots"));
    }
}
