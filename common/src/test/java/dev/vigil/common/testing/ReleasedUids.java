package dev.vigil.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What the jobs' stream-graph tests share: the committed list of released uids, and config groups. */
public final class ReleasedUids {
    private ReleasedUids() {}

    /** The uids in a committed list ({@code uid<TAB>note} lines; blank lines and {@code #} comments skipped). */
    public static List<String> read(Class<?> owner, String resource) throws IOException {
        InputStream in = owner.getResourceAsStream(resource);
        if (in == null) {
            throw new UncheckedIOException(new IOException("no resource " + resource));
        }
        List<String> uids = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    uids.add(line.split("\t")[0]);
                }
            }
        }
        return uids;
    }

    /** A property group from name/value pairs. */
    public static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
