package dev.vigil.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledCsvTest {

    private static List<String> rows(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (LabelledCsv csv = LabelledCsv.of(new BufferedReader(new StringReader(text)), "test")) {
            while (csv.next()) {
                out.add(csv.timestampMs() + "," + csv.value() + "," + (csv.label() ? 1 : 0));
            }
        }
        return out;
    }

    @Test
    void readsEpochSecondsWithLabels() throws IOException {
        assertThat(rows("timestamp,value,label\n1491041280,35.03,0\n1491041340,36.5,1\n"))
                .containsExactly("1491041280000,35.03,0", "1491041340000,36.5,1");
    }

    @Test
    void readsNabTimestampsWithoutLabels() throws IOException {
        assertThat(rows("timestamp,value\n2014-04-01 00:00:00,1.5\n\"2014-04-01 00:05:00.000000\",2\n"))
                .containsExactly("1396310400000,1.5,0", "1396310700000,2.0,0");
    }

    @Test
    void rowsSharingATimestampBecomeOneWithTheMeanAndAnyLabel() throws IOException {
        assertThat(rows("timestamp,value,label\n60,1,0\n60,3,1\n60,5,0\n120,7,0\n"))
                .containsExactly("60000,3.0,1", "120000,7.0,0");
    }

    @Test
    void rowsGoingBackInTimeAndUnreadableValuesAreSkippedAndCounted() throws IOException {
        try (LabelledCsv csv = LabelledCsv.of(new BufferedReader(new StringReader(
                "timestamp,value,label\n60,1,0\n180,2,0\n120,9,0\n240,,0\n300,NaN,0\n360,4,0\n")), "t")) {
            List<Long> ts = new ArrayList<>();
            while (csv.next()) {
                ts.add(csv.timestampMs() / 1000);
            }
            assertThat(ts).containsExactly(60L, 180L, 360L);
            assertThat(csv.outOfOrder()).isEqualTo(1);
            assertThat(csv.unreadable()).isEqualTo(2);
        }
    }

    @Test
    void columnsAreFoundByName() throws IOException {
        assertThat(rows("label,value,timestamp\n1,2.5,60\n")).containsExactly("60000,2.5,1");
    }

    @Test
    void aHeaderWithoutTimestampOrValueFails() {
        assertThatThrownBy(() -> rows("time,v\n1,2\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("timestamp and value");
        assertThatThrownBy(() -> rows("timestamp,value\nyesterday,2\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("test:2");
    }
}
