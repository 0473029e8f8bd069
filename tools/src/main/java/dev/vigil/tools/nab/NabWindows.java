package dev.vigil.tools.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads NAB {@code windows.json}: {@code {"<cat>/<name>.csv": [["start", "end"], ...]}}. */
public final class NabWindows {

    private final Map<String, List<NabScorer.Window>> byFile;

    private NabWindows(Map<String, List<NabScorer.Window>> byFile) {
        this.byFile = byFile;
    }

    public static NabWindows read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static NabWindows read(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, List<NabScorer.Window>> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            List<NabScorer.Window> ws = new ArrayList<>();
            for (JsonNode pair : e.getValue()) {
                if (pair.size() != 2) {
                    throw new IOException("window of " + e.getKey() + " is not a [start, end] pair: " + pair);
                }
                ws.add(new NabScorer.Window(
                        NabCsv.parseTimestamp(pair.get(0).asText()), NabCsv.parseTimestamp(pair.get(1).asText())));
            }
            m.put(e.getKey(), Collections.unmodifiableList(ws));
        }
        return new NabWindows(Collections.unmodifiableMap(m));
    }

    /** Relative file names ({@code <category>/<name>.csv}) and their windows. */
    public Map<String, List<NabScorer.Window>> all() { return byFile; }

    /** Windows of a file (by relative name), or null if the file is not labelled. */
    public List<NabScorer.Window> get(String relativeName) {
        return byFile.get(relativeName.replace('\\', '/'));
    }
}
