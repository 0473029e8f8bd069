package dev.vigil.tools.report;

import dev.vigil.tools.nab.NabScorer;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.EvidenceKind;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report opened from disk in a real headless Chromium (Debian's package; scripts/test installs
 * it): the page's own check, run after layout, marks every plot whose value line has a length.
 * Without Chromium this test fails, unless {@code -Dvigil.skipBrowserTests=true} opts out.
 */
class ReportBrowserITCase {

    private static SeriesTrace series(String name, int n, boolean empty) {
        long[] ts = new long[n];
        double[] v = new double[n];
        double[] score = new double[n];
        double[] exp = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        boolean[] onsets = new boolean[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_400_000_000_000L + i * 300_000L;
            v[i] = empty ? Double.NaN : 50 + 10 * Math.sin(i / 20.0) + (i >= 300 ? 40 : 0);
            score[i] = i == 300 ? 0.9 : 0.1;
            exp[i] = 50 + 10 * Math.sin(i / 20.0);
            lo[i] = exp[i] - 5;
            hi[i] = exp[i] + 5;
        }
        onsets[300] = true;
        List<NabScorer.Window> windows = List.of(new NabScorer.Window(ts[290], ts[330]));
        NabScorer.FileResult r = NabScorer.score(name, ts, onsets, windows);
        return new SeriesTrace(name, ts, v, score, exp, lo, hi, onsets, windows, r);
    }

    private static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    /** The DOM after the page's scripts ran, as Chromium dumps it. */
    private static String dumpDom(Path html) throws Exception {
        String browser = chromium();
        if (browser == null) {
            Assumptions.assumeFalse(Boolean.getBoolean("vigil.skipBrowserTests"),
                    "no Chromium, and -Dvigil.skipBrowserTests=true opts out");
            throw new AssertionError("Chromium not found on PATH: run scripts/install-chromium "
                    + "(or opt out with -Dvigil.skipBrowserTests=true)");
        }
        List<String> cmd = new ArrayList<>(Arrays.asList(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + html.getParent().resolve("profile"),
                "--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(html.getParent().resolve("chromium.log").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code, see " + html.getParent().resolve("chromium.log")).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Map<String, String> bodyAttributes(String dom) {
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertThat(body.find()).as("a body in the dumped DOM").isTrue();
        Matcher a = Pattern.compile("([a-z-]+)=\"([^\"]*)\"").matcher(body.group(1));
        Map<String, String> attrs = new java.util.HashMap<>();
        while (a.find()) {
            attrs.put(a.group(1), a.group(2));
        }
        return attrs;
    }

    @Test
    void everyPlotRendersInARealBrowser(@TempDir Path dir) throws Exception {
        // Given a report of three labelled series
        List<SeriesTrace> series = List.of(series("a/one.csv", 600, false), series("a/two.csv", 600, false),
                series("b/three.csv", 5000, false));
        NabScorer.Total total = new NabScorer.Total();
        series.forEach(s -> total.add(s.result()));
        Path html = dir.resolve("report.html");
        HtmlReport.write(new ReplayResult("nab", series, total, List.of(), List.of(), Map.of("rows", 6200L), 0.45),
                "test", html);

        // When Chromium loads it from disk
        String dom = dumpDom(html);

        // Then all three plots were drawn with non-empty value lines
        Map<String, String> body = bodyAttributes(dom);
        assertThat(body).containsEntry("data-plots", "3").containsEntry("data-plots-rendered", "3");
        assertThat(dom.split("data-rendered=\"true\"", -1)).hasSize(4);
    }

    @Test
    void aPlotWithNothingToDrawIsNotCountedAsRendered(@TempDir Path dir) throws Exception {
        // Given a report whose second series has no values at all
        List<SeriesTrace> series = List.of(series("a/one.csv", 600, false), series("a/none.csv", 600, true));
        Path html = dir.resolve("report.html");
        HtmlReport.write(new ReplayResult("nab", series, null, List.of(), List.of(), Map.of(), Double.NaN), "test", html);

        // When Chromium loads it, Then the page's check tells the drawn plot from the empty one
        Map<String, String> body = bodyAttributes(dumpDom(html));
        assertThat(body).containsEntry("data-plots", "2").containsEntry("data-plots-rendered", "1");
    }

    private static final long T0 = ResourceSeries.T0;
    private static final long MIN = ResourceSeries.MIN;

    private static Impairment impairment(String id, String resource, LifecycleState state, long detected, EvidenceKind cause) {
        Impairment.Builder b = Impairment.builder().id(id).revision(state == LifecycleState.OPEN ? 0 : 1).state(state)
                .resource(resource, "EC2_INSTANCE").type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH)
                .firstBreachTime(detected - 2 * MIN).detectionTime(detected)
                .evidence(Evidence.builder(cause).message(cause.name()).build());
        return state == LifecycleState.RESOLVED ? b.resolvedTime(detected + 15 * MIN).build() : b.build();
    }

    private static HealthEvent event(String id, String resource, long time) {
        return new HealthEvent(id, "aws.ec2", "EC2 Instance State-change Notification", HealthEventKind.EC2_STATE_CHANGE,
                "stopping", "stopping", "1", "eu-west-1", time, new String[] {resource}, new String[] {resource}, "{}");
    }

    @Test
    void anInputReportMarksImpairmentsEventsAndDeadLettersOnAWallClockAxis(@TempDir Path dir) throws Exception {
        // Given an input replay: a threshold series and an anomaly series, an impairment opened by a
        // metric and one opened by an event (both resolved), one on a resource only events spoke of,
        // health events, a dead letter naming a resource and its time, and one naming neither
        SeriesTrace threshold = ResourceSeries.of("i-1", "ec2-status-check-system", false);
        SeriesTrace anomaly = ResourceSeries.of("targetgroup/tg/1", "alb-target-response-time-anomaly", true);
        List<Impairment> impairments = List.of(
                impairment("imp-1", "i-1", LifecycleState.OPEN, T0 + 32 * MIN, EvidenceKind.METRIC),
                impairment("imp-1", "i-1", LifecycleState.RESOLVED, T0 + 32 * MIN, EvidenceKind.METRIC),
                impairment("imp-2", "targetgroup/tg/1", LifecycleState.OPEN, T0 + 31 * MIN, EvidenceKind.EVENT),
                impairment("imp-2", "targetgroup/tg/1", LifecycleState.RESOLVED, T0 + 31 * MIN, EvidenceKind.EVENT),
                impairment("imp-3", "orders-db", LifecycleState.OPEN, T0 + 20 * MIN, EvidenceKind.EVENT));
        List<HealthEvent> events = List.of(event("e-1", "i-1", T0 + 31 * MIN), event("e-2", "targetgroup/tg/1", T0 + 31 * MIN),
                event("e-3", "orders-db", T0 + 20 * MIN));
        List<DeadLetter> dead = List.of(
                new DeadLetter(DeadLetterReason.NON_FINITE, "value.max is NaN", "metrics", 0,
                        ("{\"timestamp\":" + (T0 + 10 * MIN) + ",\"dimensions\":{\"InstanceId\":\"i-1\"},\"value\":{\"max\":NaN}}")
                                .getBytes(StandardCharsets.UTF_8)),
                new DeadLetter(DeadLetterReason.MALFORMED_JSON, "not JSON", "events", 0, "{not json".getBytes(StandardCharsets.UTF_8)));
        Timeline timeline = Timeline.of(impairments, events, dead, List.of("i-1", "targetgroup/tg/1"));
        Path html = dir.resolve("report.html");
        HtmlReport.write(new ReplayResult("input", List.of(threshold, anomaly), null, impairments, dead, Map.of("lines", 200L),
                Double.NaN, timeline), "test", html);

        // When Chromium loads it
        String dom = dumpDom(html);
        Map<String, String> body = bodyAttributes(dom);

        // Then both plots are drawn, and only the anomaly rule's has a score panel
        assertThat(body).containsEntry("data-plots", "2").containsEntry("data-plots-rendered", "2")
                .containsEntry("data-score-panels", "1");
        // And every kind of mark is drawn on the plots and on the timeline
        for (String kind : List.of("opened", "opened-by-event", "resolved", "event", "dead-letter")) {
            assertThat(Integer.parseInt(body.get("data-plot-marks-" + kind))).as("plot marks " + kind).isPositive();
            assertThat(Integer.parseInt(body.get("data-timeline-marks-" + kind))).as("timeline marks " + kind).isPositive();
        }
        // And the resource only events spoke of has its row on the timeline; the dead letter with no time is listed
        assertThat(dom).contains("data-resource=\"orders-db\"").contains("dead letters that state no time (1)");
        // And the time axis reads as a clock, in UTC
        assertThat(Integer.parseInt(body.get("data-time-ticks"))).isGreaterThanOrEqualTo(2 * 4);
        assertThat(dom).containsPattern("class=\"tick\"[^>]*>2026-11-22 10:00<").containsPattern("class=\"tick\"[^>]*>10:30<")
                .contains(">UTC<");
    }
}
