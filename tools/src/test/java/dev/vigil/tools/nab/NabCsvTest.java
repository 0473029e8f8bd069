package dev.vigil.tools.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NabCsvTest {

    @Test
    void parsesTimestampsWithAndWithoutFraction() {
        // 2014-04-10 07:15:00 UTC = 1397114100 s
        assertThat(NabCsv.parseTimestamp("2014-04-10 07:15:00")).isEqualTo(1_397_114_100_000L);
        assertThat(NabCsv.parseTimestamp("2014-04-10 07:15:00.000000")).isEqualTo(1_397_114_100_000L);
        assertThat(NabCsv.parseTimestamp("2014-04-10 07:15:00.250000")).isEqualTo(1_397_114_100_250L);
    }

    @Test
    void readsCsvAndCombinesDuplicates() throws Exception {
        String csv = "timestamp,value\n2014-04-10 07:15:00,1.5\n2014-04-10 07:20:00,2\n2014-04-10 07:20:00,4\n"
                + "2014-04-10 07:25:00,-3\n";
        NabCsv c = NabCsv.read(new BufferedReader(new StringReader(csv)));
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.values()).containsExactly(1.5, 2.0, 4.0, -3.0);
        NabCsv d = c.combineDuplicates();
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.values()).containsExactly(1.5, 3.0, -3.0);
        assertThat(d.timestamps()[1] - d.timestamps()[0]).isEqualTo(300_000L);
    }

    @Test
    void readsWindowsJson() throws Exception {
        String json = "{\"a/x.csv\": [[\"2014-04-10 07:15:00.000000\", \"2014-04-11 16:45:00.000000\"]],"
                + " \"b/y.csv\": []}";
        NabWindows w = NabWindows.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(w.all()).containsOnlyKeys("a/x.csv", "b/y.csv");
        assertThat(w.get("a/x.csv")).hasSize(1);
        assertThat(w.get("a/x.csv").get(0).startMs()).isEqualTo(1_397_114_100_000L);
        assertThat(w.get("a/x.csv").get(0).endMs()).isEqualTo(1_397_234_700_000L);
        assertThat(w.get("b/y.csv")).isEmpty();
    }
}
