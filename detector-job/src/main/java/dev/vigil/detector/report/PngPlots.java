package dev.vigil.detector.report;

import dev.vigil.detector.nab.NabScorer;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG exports of the report's plots (XChart), one per series under {@code OUT_DIR/plots/}, for
 * pasting into tickets and docs: values, expected band edges, anomaly score on the right axis,
 * labelled window edges (orange) and impairment onsets (red).
 */
public final class PngPlots {
    private static final double HOUR = 3_600_000.0;

    private PngPlots() {}

    /** Writes {@code dir/<series name with / as __>.png} for each series; returns the files. */
    public static List<Path> write(List<SeriesTrace> series, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (SeriesTrace s : series) {
            Path file = dir.resolve(fileName(s.name()) + ".png");
            BitmapEncoder.saveBitmap(chart(s), file.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(file);
        }
        return out;
    }

    static String fileName(String seriesName) {
        String base = seriesName.endsWith(".csv") ? seriesName.substring(0, seriesName.length() - 4) : seriesName;
        return base.replace('/', '_').replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static XYChart chart(SeriesTrace s) {
        long t0 = s.size() == 0 ? 0 : s.timestamps()[0];
        XYChart c = new XYChartBuilder().width(1200).height(420).title(s.name())
                .xAxisTitle("hours since " + Instant.ofEpochMilli(t0)).yAxisTitle("value").build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        c.setYAxisGroupTitle(1, "anomaly score");
        Buckets b = new Buckets(s, 1000);
        add(c, "value", b, b.time, mid(b.valueMin, b.valueMax), t0, Color.DARK_GRAY, 0);
        add(c, "expected low", b, b.time, clamp(b.lower, b), t0, new Color(58, 123, 213, 140), 0);
        add(c, "expected high", b, b.time, clamp(b.upper, b), t0, new Color(58, 123, 213, 140), 0);
        add(c, "anomaly score", b, b.time, b.scoreMax, t0, new Color(142, 68, 173, 160), 1);
        c.getStyler().setAnnotationLineColor(new Color(214, 39, 40));
        c.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f));
        windows(c, s, t0);
        for (int i = 0; i < s.size(); i++) {
            if (s.onsets()[i]) {
                c.addAnnotation(new AnnotationLine((s.timestamps()[i] - t0) / HOUR, true, false));
            }
        }
        return c;
    }

    /** Labelled windows as a shaded 0/1 area on the score axis (annotation lines all share one colour). */
    private static void windows(XYChart c, SeriesTrace s, long t0) {
        if (s.windows().isEmpty()) {
            return;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (NabScorer.Window w : s.windows()) {
            double a = (w.startMs() - t0) / HOUR;
            double b = (w.endMs() - t0) / HOUR;
            xs.add(a);
            ys.add(0.0);
            xs.add(a);
            ys.add(1.0);
            xs.add(b);
            ys.add(1.0);
            xs.add(b);
            ys.add(0.0);
        }
        XYSeries series = c.addSeries("labelled window", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(new Color(245, 197, 66, 70));
        series.setLineColor(new Color(245, 166, 35, 120));
        series.setYAxisGroup(1);
    }

    /** A warming-up band can be orders of magnitude wide: keep it within one value range of the values. */
    private static double[] clamp(double[] band, Buckets b) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < b.count; k++) {
            if (Double.isFinite(b.valueMin[k])) {
                lo = Math.min(lo, b.valueMin[k]);
                hi = Math.max(hi, b.valueMax[k]);
            }
        }
        double span = Math.max(hi - lo, 1e-9);
        double[] out = new double[band.length];
        for (int k = 0; k < band.length; k++) {
            out[k] = Double.isFinite(band[k]) ? Math.max(lo - span, Math.min(hi + span, band[k])) : Double.NaN;
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
    private static void add(XYChart c, String name, Buckets b, long[] time, double[] ys, long t0, Color color, int axis) {
        List<Double> xs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int k = 0; k < b.count; k++) {
            if (Double.isFinite(ys[k])) {
                xs.add((time[k] - t0) / HOUR);
                vs.add(ys[k]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries series = c.addSeries(name, xs, vs);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1f);
        series.setYAxisGroup(axis);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
}
