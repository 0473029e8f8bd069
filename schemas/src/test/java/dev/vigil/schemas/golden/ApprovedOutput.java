package dev.vigil.schemas.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.fail;

/**
 * What today's code does with golden state, approved by a developer: the continuation of a
 * released layout's state under {@code golden/vN/continuation/}. Unlike the state files (written
 * once by the release, never regenerated), these record the current behaviour, so an intended
 * change of behaviour rewrites them: run the golden tests with {@code -Dvigil.golden.approve=true},
 * which writes each one into the module's {@code src/test/resources} (and still fails on any
 * broken invariant), then review the diff before committing. A difference nobody intended is a
 * reader misreading the old bytes.
 *
 * <p>The comparison is exact but for the last bits of doubles ({@code Math.exp} and {@code log}
 * may differ by an ulp between platforms): a field added, removed or changed fails.
 */
public final class ApprovedOutput {
    /** {@code -Dvigil.golden.approve=true}: write today's output as approved instead of comparing. */
    public static final String APPROVE = "vigil.golden.approve";
    private static final double RELATIVE_TOLERANCE = 1e-12;
    private static final int MAX_SHOWN = 20;
    /** Characters up to which an array of scalars is written on one line. */
    private static final int SHORT_ARRAY = 200;

    private ApprovedOutput() {}

    /**
     * Compares {@code actual} with the approved file {@code path} (under {@code golden/}, e.g.
     * {@code v1/continuation/peer-group.json}), or, when approving, writes it there.
     */
    public static void verify(String path, JsonNode actual) {
        if (!path.contains("/continuation/")) {
            throw new IllegalArgumentException(path + ": only continuations are approved; state files are never rewritten");
        }
        String text = toText(actual);
        if (Boolean.getBoolean(APPROVE)) {
            write(Path.of("src/test/resources/golden").resolve(path), text);
            return;
        }
        String approved = approved(path);
        Path actualCopy = Path.of("target/golden-actual").resolve(path);
        if (approved == null) {
            write(actualCopy, text);
            fail("golden/%s is missing: run with -D%s=true to write it, then review it before committing (today's output: %s)",
                    path, APPROVE, actualCopy.toAbsolutePath());
        }
        List<String> differences = new ArrayList<>();
        compare(read(approved, path), Json.MAPPER.valueToTree(actual), "", differences);
        if (!differences.isEmpty()) {
            write(actualCopy, text);
            fail("today's continuation differs from the approved golden/%s in %s:%n  %s%nToday's output is in %s. If a reader "
                            + "misreads the old state, fix the reader. If the behaviour changed on purpose, rerun with -D%s=true "
                            + "and review the diff before committing.",
                    path, sections(differences), String.join("\n  ", differences.subList(0, Math.min(MAX_SHOWN, differences.size()))),
                    actualCopy.toAbsolutePath(), APPROVE);
        }
    }

    /** How many differences lie in each part (".decoded.hex", ".evaluations.some-rule", ".impairments"): what changed, at a glance. */
    private static Map<String, Integer> sections(List<String> differences) {
        Map<String, Integer> out = new TreeMap<>();
        for (String d : differences) {
            String where = d.substring(0, d.indexOf(':'));
            int first = firstSeparator(where, 1);
            int second = first < where.length() && where.charAt(first) == '.' ? firstSeparator(where, first + 1) : first;
            out.merge(where.substring(0, second), 1, Integer::sum);
        }
        return out;
    }

    private static int firstSeparator(String path, int from) {
        int i = from;
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
            i++;
        }
        return i;
    }

    /**
     * State bytes as an approved file holds them: their length and hex, in lines cut where the
     * bytes themselves say (the last four bytes hash to a multiple of 32, from 16 bytes on, at 64
     * bytes at most), so that a block which grows or shrinks changes only the lines around it and a
     * diff shows where in the state a change lies.
     */
    public static Map<String, Object> hex(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int window = 0;
        for (int i = 0; i < bytes.length; i++) {
            line.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
            window = (window << 8) | (bytes[i] & 0xFF);
            int length = line.length() / 2;
            boolean cut = length >= 16 && ((window * 0x9E3779B1) >>> 27) == 0;
            if (cut || length == 64 || i + 1 == bytes.length) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("length", bytes.length);
        out.put("hex", lines);
        return out;
    }

    private static String approved(String path) {
        try (InputStream in = ApprovedOutput.class.getResourceAsStream("/golden/" + path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String text, String path) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("golden/" + path + " is not JSON", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Same fields, same lengths, same values (doubles to {@link #RELATIVE_TOLERANCE}). */
    static void compare(JsonNode expected, JsonNode actual, String where, List<String> out) {
        if (isNaN(expected) || isNaN(actual)) {
            if (!(isNaN(expected) && isNaN(actual))) {
                out.add(where + ": approved " + expected + ", today " + actual);
            }
        } else if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!expected.has(n) || !actual.has(n)) {
                    out.add(where + "." + n + ": approved " + expected.get(n) + ", today " + actual.get(n));
                } else {
                    compare(expected.get(n), actual.get(n), where + "." + n, out);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(where + ": approved " + expected.size() + " elements, today " + actual.size());
            }
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                compare(expected.get(i), actual.get(i), where + "[" + i + "]", out);
            }
        } else if (expected.isNumber() && actual.isNumber() && !(expected.isIntegralNumber() && actual.isIntegralNumber())) {
            double e = expected.doubleValue();
            double a = actual.doubleValue();
            if (Math.abs(a - e) > RELATIVE_TOLERANCE * Math.max(Math.abs(e), Double.MIN_NORMAL)) {
                out.add(where + ": approved " + expected + ", today " + actual);
            }
        } else if (!expected.equals(actual)) {
            out.add(where + ": approved " + expected + ", today " + actual);
        }
    }

    private static boolean isNaN(JsonNode n) {
        return n != null && (n.isNumber() ? Double.isNaN(n.doubleValue()) : "NaN".equals(n.asText(null)));
    }

    /**
     * Indented JSON whose flat objects and short flat arrays (scalars only: an evaluation, a
     * dimension map, a list of actions) take one line each, so a diff shows which period or record
     * changed.
     */
    static String toText(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, Json.MAPPER.valueToTree(value), "");
        return sb.append('\n').toString();
    }

    private static void append(StringBuilder sb, JsonNode n, String indent) {
        if (n.isContainerNode() && isFlat(n) && (n.isObject() || Json.toString(n).length() <= SHORT_ARRAY)) {
            sb.append(Json.toString(n));
        } else if (n.isObject()) {
            sb.append("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(indent).append("  ").append(Json.toString(e.getKey())).append(": ");
                append(sb, e.getValue(), indent + "  ");
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (n.isArray()) {
            sb.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                sb.append(indent).append("  ");
                append(sb, n.get(i), indent + "  ");
                sb.append(i + 1 < n.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else {
            sb.append(Json.toString(n));
        }
    }

    private static boolean isFlat(JsonNode container) {
        for (JsonNode v : container) {
            if (v.isContainerNode() && v.size() > 0) {
                return false;
            }
        }
        return true;
    }
}
