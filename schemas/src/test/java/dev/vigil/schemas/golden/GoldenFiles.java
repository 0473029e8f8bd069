package dev.vigil.schemas.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.schemas.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reading and writing the golden state files of every module: bytes written by a released layout
 * and committed under {@code src/test/resources/golden/vN/}, each beside a small JSON of what it
 * must decode to. Generators write them once per released layout; tests read them forever.
 */
public final class GoldenFiles {
    /** Set to the version to generate (e.g. {@code -Dvigil.golden.generate=v1}); generators skip otherwise. */
    public static final String GENERATE = "vigil.golden.generate";
    /** Where a generator writes; defaults to the module's {@code src/test/resources/golden/<version>}. */
    public static final String OUT = "vigil.golden.out";
    /** Doubles that went through arithmetic after a restore may differ in the last bits at most. */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private GoldenFiles() {}

    /** A committed golden file from the test classpath, e.g. {@code read("v1/records/impairment.bin")}. */
    public static byte[] read(String path) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) {
                throw new IllegalStateException("golden file missing from the test classpath: golden/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(String path) {
        try {
            return Json.MAPPER.readTree(read(path));
        } catch (IOException e) {
            throw new UncheckedIOException("golden/" + path + " is not JSON", e);
        }
    }

    /**
     * The folder a generator writes {@code version}'s files to. Files are created, never replaced:
     * bytes a release wrote are history, and regenerating them with later code would prove nothing.
     */
    public static Path outputDir(String version) {
        String out = System.getProperty(OUT);
        Path dir = out != null ? Path.of(out) : Path.of("src/test/resources/golden", version);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static void write(Path dir, String name, byte[] bytes) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " exists: golden files of a released layout are never regenerated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeJson(Path dir, String name, Object value) {
        try {
            byte[] json = Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value);
            byte[] withNewline = new byte[json.length + 1];
            System.arraycopy(json, 0, withNewline, 0, json.length);
            withNewline[json.length] = '\n';
            write(dir, name, withNewline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record or value as its published JSON, parsed (bytes as base64, raw JSON fields as trees). */
    public static JsonNode tree(Object value) {
        try {
            return Json.MAPPER.readTree(Json.toBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every field of {@code expected} is in {@code actual} with the same value (recursively; arrays
     * element by element and of the same length). Fields only {@code actual} has are allowed: a
     * later version may add fields, but must decode everything the golden file says.
     */
    public static void assertContains(JsonNode expected, JsonNode actual, String where) {
        if (expected.isObject()) {
            assertThat(actual != null && actual.isObject()).as("%s: expected an object, got %s", where, actual).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode a = actual.get(e.getKey());
                if (e.getValue().isNull()) {
                    assertThat(a == null || a.isNull()).as("%s.%s: expected null, got %s", where, e.getKey(), a).isTrue();
                } else {
                    assertThat(a).as("%s.%s is missing", where, e.getKey()).isNotNull();
                    assertContains(e.getValue(), a, where + "." + e.getKey());
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual != null && actual.isArray()).as("%s: expected an array, got %s", where, actual).isTrue();
            assertThat(actual.size()).as("%s: length", where).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        } else if (isNaN(expected)) {
            assertThat(isNaN(actual)).as("%s: expected NaN, got %s", where, actual).isTrue();
        } else if (expected.isNumber()) {
            assertThat(actual != null && actual.isNumber()).as("%s: expected %s, got %s", where, expected, actual).isTrue();
            if (expected.isIntegralNumber() && actual.isIntegralNumber()) {
                assertThat(actual.longValue()).as(where).isEqualTo(expected.longValue());
            } else {
                double e = expected.doubleValue();
                double a = actual.doubleValue();
                if (Math.abs(a - e) > RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(e))) {
                    fail("%s: expected %s, got %s", where, e, a);
                }
            }
        } else {
            assertThat(actual).as("%s", where).isEqualTo(expected);
        }
    }

    /** Jackson writes NaN as the string "NaN"; a tree built in memory holds it as a number. */
    private static boolean isNaN(JsonNode n) {
        return n != null && (n.isNumber() ? Double.isNaN(n.doubleValue()) : "NaN".equals(n.asText(null)));
    }
}
