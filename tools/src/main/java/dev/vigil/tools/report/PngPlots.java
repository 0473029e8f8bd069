package dev.vigil.tools.report;

import dev.vigil.tools.nab.NabScorer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;

/**
 * PNG exports of the report's plots (XChart), one per series under {@code OUT_DIR/plots/}, for
 * pasting into tickets and docs: values (black), expected band edges (blue), the anomaly score on
 * the right axis (purple; anomaly rules only), labelled windows (shaded) and the resource's
 * timeline marks in their own colours, on a UTC wall-clock axis.
 */
public final class PngPlots {
    static final Color VALUE = new Color(34, 34, 34);
    static final Color BAND = new Color(58, 123, 213, 160);
    static final Color SCORE = new Color(142, 68, 173);
    private static final float[] DASHED = {6f, 3f};
    private static final float[] DOTTED = {2f, 3f};

    private PngPlots() {}

    /** Writes {@code dir/<series name with / as __>.png} for each series, without marks; returns the files. */
    public static List<Path> write(List<SeriesTrace> series, Path dir) throws IOException {
        return write(series, Timeline.empty(), dir);
    }

    /** As {@link #write(List, Path)}, with each series' resource's marks from {@code timeline}. */
    public static List<Path> write(List<SeriesTrace> series, Timeline timeline, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (SeriesTrace s : series) {
            Path file = dir.resolve(fileName(s.name()) + ".png");
            BitmapEncoder.saveBitmap(chart(s, timeline.marksFor(s.resourceId())), file.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(file);
        }
        return out;
    }

    static String fileName(String seriesName) {
        String base = seriesName.endsWith(".csv") ? seriesName.substring(0, seriesName.length() - 4) : seriesName;
        return base.replace('/', '_').replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static XYChart chart(SeriesTrace s, List<TimelineMark> marks) {
        long t0 = s.size() == 0 ? 0 : s.timestamps()[0];
        long t1 = s.size() == 0 ? 1 : s.timestamps()[s.size() - 1];
        XYChart c = new XYChartBuilder().width(1200).height(420).title(s.name()).xAxisTitle("time (UTC)").yAxisTitle("value")
                .build();
        Styler st = c.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideNW);
        st.setMarkerSize(0);
        c.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        c.getStyler().setLocale(Locale.ROOT);
        for (TimelineMark m : marks) {
            t0 = Math.min(t0, m.time());
            t1 = Math.max(t1, m.time());
        }
        c.getStyler().setDatePattern(TimeAxis.datePattern(t1 - t0));
        Buckets b = new Buckets(s, 1000);
        add(c, "value", b, b.time, mid(b.valueMin, b.valueMax), VALUE, 0, 1.2f);
        add(c, "expected low", b, b.time, clamp(b.lower, b), BAND, 0, 1f);
        add(c, "expected high", b, b.time, clamp(b.upper, b), BAND, 0, 1f);
        if (s.hasScore()) {
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            c.setYAxisGroupTitle(1, "anomaly score");
            add(c, "anomaly score", b, b.time, b.scoreMax, SCORE, 1, 1.2f);
            windows(c, s);
        }
        double[] range = valueRange(b);
        if (marks.isEmpty()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.onsets()[i]) {
                    marks = new ArrayList<>(marks);
                    marks.add(new TimelineMark(s.timestamps()[i], TimelineMark.Kind.OPENED, null, "onset"));
                }
            }
        }
        Set<TimelineMark.Kind> shown = EnumSet.noneOf(TimelineMark.Kind.class);
        int n = 0;
        for (TimelineMark m : marks) {
            XYSeries line = c.addSeries(shown.add(m.kind()) ? m.kind().legend() : "mark " + n++,
                    List.of(new Date(m.time()), new Date(m.time())), List.of(range[0], range[1]));
            line.setShowInLegend(!line.getName().startsWith("mark "));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Color.decode(m.kind().colour()));
            line.setLineStyle(stroke(m.kind()));
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        return c;
    }

    private static BasicStroke stroke(TimelineMark.Kind k) {
        if (k == TimelineMark.Kind.OPENED_BY_EVENT) {
            return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASHED, 0f);
        }
        return k.isLine() ? new BasicStroke(1.5f) : new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DOTTED, 0f);
    }

    /** Labelled windows as a shaded 0/1 area on the score axis. */
    private static void windows(XYChart c, SeriesTrace s) {
        if (s.windows().isEmpty()) {
            return;
        }
        List<Date> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (NabScorer.Window w : s.windows()) {
            xs.add(new Date(w.startMs()));
            ys.add(0.0);
            xs.add(new Date(w.startMs()));
            ys.add(1.0);
            xs.add(new Date(w.endMs()));
            ys.add(1.0);
            xs.add(new Date(w.endMs()));
            ys.add(0.0);
        }
        XYSeries series = c.addSeries("labelled window", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(new Color(245, 197, 66, 70));
        series.setLineColor(new Color(245, 166, 35, 120));
        series.setYAxisGroup(1);
    }

    private static double[] valueRange(Buckets b) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < b.count; k++) {
            if (Double.isFinite(b.valueMin[k])) {
                lo = Math.min(lo, b.valueMin[k]);
                hi = Math.max(hi, b.valueMax[k]);
            }
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi > lo ? hi : lo + 1};
    }

    /** A warming-up band can be orders of magnitude wide: keep it within one value range of the values. */
    private static double[] clamp(double[] band, Buckets b) {
        double[] r = valueRange(b);
        double span = Math.max(r[1] - r[0], 1e-9);
        double[] out = new double[band.length];
        for (int k = 0; k < band.length; k++) {
            out[k] = Double.isFinite(band[k]) ? Math.max(r[0] - span, Math.min(r[1] + span, band[k])) : Double.NaN;
        }
        return out;
    }

    private static double[] mid(double[] lo, double[] hi) {
        double[] m = new double[lo.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (lo[i] + hi[i]) / 2;
        }
        return m;
    }

    /** Adds a series over its finite points; XChart rejects NaN-only data and draws gaps poorly. */
    private static void add(XYChart c, String name, Buckets b, long[] time, double[] ys, Color color, int axis, float width) {
        List<Date> xs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int k = 0; k < b.count; k++) {
            if (Double.isFinite(ys[k])) {
                xs.add(new Date(time[k]));
                vs.add(ys[k]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = c.addSeries(name, xs, vs);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(width);
        series.setYAxisGroup(axis);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
}
