package dev.vigil.tools.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.tools.nab.EventF1Scorer;
import dev.vigil.tools.nab.NabScorer;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.LifecycleState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code summary.json}: counts, impairments opened, dead letters by reason and, for labelled
 * input, the NAB score of every profile in total and per file with windows detected and missed,
 * false onsets and mean time to detect, or for series with a label column the event F1 with its
 * counts and delay, in total and per file. Every number carries its name, so scripts read it by key.
 */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    public static ObjectNode of(ReplayResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", r.mode());
        ObjectNode counts = root.putObject("counts");
        r.counts().forEach(counts::put);
        counts.put("series", r.series().size());
        counts.put("impairmentRecords", r.impairments().size());
        counts.put("impairmentsOpened", r.impairments().stream().filter(i -> i.getState() == LifecycleState.OPEN).count());
        counts.put("deadLetters", r.deadLetters().size());
        if (r.mode().equals("input")) {
            r.skippedFiles().forEach(root.putArray("skippedFiles")::add);
        }
        Map<String, Integer> reasons = new TreeMap<>();
        for (DeadLetter d : r.deadLetters()) {
            reasons.merge(d.getReason().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        }
        ObjectNode byReason = root.putObject("deadLettersByReason");
        reasons.forEach(byReason::put);
        Map<String, Integer> types = new TreeMap<>();
        for (Impairment i : r.impairments()) {
            if (i.getState() == LifecycleState.OPEN) {
                types.merge(i.getType().name(), 1, Integer::sum);
            }
        }
        ObjectNode byType = root.putObject("impairmentsOpenedByType");
        types.forEach(byType::put);
        root.put("labelled", r.total() != null || r.events() != null);
        if (r.events() != null) {
            ObjectNode ev = root.putObject("events");
            events(ev, r.events());
            ArrayNode files = ev.putArray("files");
            for (EventF1Scorer.FileResult f : r.events().files()) {
                ObjectNode o = files.addObject();
                o.put("file", f.name());
                o.put("rows", f.rows());
                o.put("stepSeconds", f.stepMs() / 1000);
                events(o, new EventF1Scorer.Total().add(f));
            }
        }
        if (r.total() != null) {
            NabScorer.Total t = r.total();
            ObjectNode total = root.putObject("total");
            ObjectNode nab = total.putObject("nab");
            for (NabScorer.Profile p : NabScorer.Profile.ALL) {
                nab.put(p.name(), round(t.normalised(p)));
            }
            outcome(total, t.files());
            ArrayNode files = root.putArray("files");
            for (NabScorer.FileResult f : t.files()) {
                ObjectNode o = files.addObject();
                o.put("file", f.name());
                o.put("rows", f.rows());
                o.put("probationRows", f.probation());
                NabScorer.Total one = new NabScorer.Total().add(f);
                ObjectNode fn = o.putObject("nab");
                ObjectNode fraw = o.putObject("nabRaw");
                for (NabScorer.Profile p : NabScorer.Profile.ALL) {
                    // A file without windows has no normalised score (perfect = null = 0): its raw score says it.
                    if (f.windowCount() == 0) {
                        fn.putNull(p.name());
                    } else {
                        fn.put(p.name(), round(one.normalised(p)));
                    }
                    fraw.put(p.name(), round(f.raw(p)));
                }
                outcome(o, List.of(f));
            }
        }
        return root;
    }

    public static void write(ReplayResult r, Path file) throws IOException {
        JSON.writeValue(file.toFile(), of(r));
    }

    private static void outcome(ObjectNode o, List<NabScorer.FileResult> files) {
        int windows = 0;
        int detected = 0;
        int falseOnsets = 0;
        for (NabScorer.FileResult f : files) {
            windows += f.windowCount();
            detected += f.windowsDetected();
            falseOnsets += f.falseOnsets();
        }
        o.put("windows", windows);
        o.put("windowsDetected", detected);
        o.put("windowsMissed", windows - detected);
        o.put("falseOnsets", falseOnsets);
        putNumber(o, "meanTimeToDetectRows", ReplayResult.meanTimeToDetect(files, false));
        putNumber(o, "meanTimeToDetectMinutes", ReplayResult.meanTimeToDetect(files, true));
    }

    /** Event F1 with its counts, as the KPI set's README defines them. */
    private static void events(ObjectNode o, EventF1Scorer.Total t) {
        o.put("eventF1", round3(t.f1()));
        o.put("precision", round3(t.precision()));
        o.put("recall", round3(t.recall()));
        putNumber(o, "meanDelaySteps", t.meanDelaySteps());
        o.put("segments", t.segments());
        o.put("segmentsDetected", t.detected());
        o.put("falseDetections", t.falseDetections());
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, round(v));
        }
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
