package dev.vigil.tools.replay;

import dev.vigil.actions.preview.PlannedAction;
import dev.vigil.tools.report.HtmlReport;
import dev.vigil.tools.report.PngPlots;
import dev.vigil.tools.report.ReplayResult;
import dev.vigil.tools.report.SummaryJson;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * What every replay writes to OUT_DIR: impairments, dead letters, summary, report and plots; with
 * {@code --actions} also the planned actions ({@code actions.jsonl}, shown in the report too).
 */
final class ReplayOutput {
    private ReplayOutput() {}

    static void write(ReplayResult r, Path outDir, String title) throws IOException {
        write(r, outDir, title, null);
    }

    /** @param actions the planned actions to write and show, or null when none were asked for */
    static void write(ReplayResult r, Path outDir, String title, List<PlannedAction> actions) throws IOException {
        Files.createDirectories(outDir);
        if (actions != null) {
            try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("actions.jsonl"))) {
                for (PlannedAction a : actions) {
                    w.write(Json.toString(a));
                    w.write('\n');
                }
            }
        }
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
        HtmlReport.write(r, actions == null ? Collections.emptyList() : actions, title, outDir.resolve("report.html"));
        PngPlots.write(r.series(), r.timeline(), outDir.resolve("plots"));
    }
}
