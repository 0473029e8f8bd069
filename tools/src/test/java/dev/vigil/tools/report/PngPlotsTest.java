package dev.vigil.tools.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PngPlotsTest {
    private static final long T0 = ResourceSeries.T0;
    private static final long MIN = ResourceSeries.MIN;

    private static SeriesTrace series(boolean anomaly) {
        return ResourceSeries.of("i-1", "rule", anomaly);
    }

    private static final List<TimelineMark> MARKS = List.of(
            new TimelineMark(T0 + 32 * MIN, TimelineMark.Kind.OPENED, "i-1", "opened"),
            new TimelineMark(T0 + 50 * MIN, TimelineMark.Kind.RESOLVED, "i-1", "resolved"));

    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue()) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void valueAndScoreAreDrawnInTheirOwnColoursAndAThresholdRuleHasNoScore() {
        XYChart withScore = PngPlots.chart(series(true), MARKS);
        XYChart threshold = PngPlots.chart(series(false), MARKS);
        BufferedImage a = BitmapEncoder.getBufferedImage(withScore);
        BufferedImage t = BitmapEncoder.getBufferedImage(threshold);

        assertThat(pixels(a, PngPlots.VALUE)).as("value line").isGreaterThan(200);
        assertThat(pixels(a, PngPlots.SCORE)).as("score line, in a colour of its own").isGreaterThan(200);
        assertThat(pixels(t, PngPlots.VALUE)).isGreaterThan(200);
        assertThat(pixels(t, PngPlots.SCORE)).as("no score for a threshold rule").isZero();
        assertThat(threshold.getSeriesMap()).doesNotContainKey("anomaly score");
        // The marks, each kind in its colour, and a wall-clock axis
        assertThat(pixels(a, Color.decode(TimelineMark.Kind.OPENED.colour()))).isPositive();
        assertThat(pixels(a, Color.decode(TimelineMark.Kind.RESOLVED.colour()))).isPositive();
        assertThat(withScore.getXAxisTitle()).isEqualTo("time (UTC)");
        assertThat(withScore.getStyler().getDatePattern()).isEqualTo("MM-dd HH:mm");
    }
}
