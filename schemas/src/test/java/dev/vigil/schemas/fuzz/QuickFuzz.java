package dev.vigil.schemas.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The short fuzz run of every test run: a fuzz test's own invariants, on its seeds (the files Jazzer
 * replays, {@code <Class>Inputs/<method>/}) mutated at random for a couple of seconds, in the test's
 * own JVM. The coverage-guided run (Jazzer, {@code scripts/fuzz}) needs a JVM per target, too slow
 * for every build; this one shares the build's JVM and mutates by structure as well as by byte:
 * bits and bytes, cuts, repeats, splices of two seeds, and the tokens that break JSON and protobuf
 * readers (deep nesting, huge numbers, long strings, hostile lengths).
 *
 * <p>Reproducible: the mutations come from a fixed seed ({@code -Dvigil.quickfuzz.seed}), and a
 * failing input is printed in base64 with where to save it as a named regression case. Its length
 * is {@code -Dvigil.quickfuzz.ms} per target (default 2000); skipped while Jazzer fuzzes.
 */
public final class QuickFuzz {
    /** A fuzz test's body. */
    public interface Target {
        void run(byte[] input) throws Exception;
    }

    private static final byte[][] TOKENS = tokens();

    private QuickFuzz() {}

    /** Runs {@code target} on the seeds of {@code testClass}'s {@code method}, then on mutations of them; returns the inputs tried. */
    public static int run(Class<?> testClass, String method, Target target) {
        if (System.getenv("JAZZER_FUZZ") != null) {
            return 0; // the coverage-guided run is fuzzing this JVM
        }
        long millis = Long.getLong("vigil.quickfuzz.ms", 2000);
        Random rnd = new Random(Long.getLong("vigil.quickfuzz.seed", 19) ^ testClass.getName().hashCode());
        List<byte[]> seeds = seeds(testClass, method);
        if (seeds.isEmpty()) {
            throw new AssertionError("no seeds for " + testClass.getSimpleName() + "." + method);
        }
        int tried = 0;
        for (byte[] s : seeds) {
            attempt(testClass, method, target, s);
            tried++;
        }
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            byte[] input = seeds.get(rnd.nextInt(seeds.size()));
            for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                input = mutate(input, seeds.get(rnd.nextInt(seeds.size())), rnd);
            }
            attempt(testClass, method, target, input);
            tried++;
        }
        return tried;
    }

    private static void attempt(Class<?> testClass, String method, Target target, byte[] input) {
        try {
            target.run(input);
        } catch (Throwable t) {
            String where = "src/test/resources/" + testClass.getPackageName().replace('.', '/') + "/"
                    + testClass.getSimpleName() + "Inputs/" + method + "/";
            throw new AssertionError("input of " + input.length + " bytes broke " + testClass.getSimpleName() + "."
                    + method + ": " + t + "\nSave it as a regression case in " + where + "<what it broke>:\n"
                    + Base64.getEncoder().encodeToString(input), t);
        }
    }

    static byte[] mutate(byte[] in, byte[] other, Random rnd) {
        byte[] b = in;
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
        switch (rnd.nextInt(10)) {
            case 0:
                if (b.length > 0) {
                    b = b.clone();
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            case 1:
                if (b.length > 0) {
                    b = b.clone();
                    b[at] = new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, '\n', '\r', '{', '"', '0', '\\'}[rnd.nextInt(10)];
                }
                return b;
            case 2: // cut a range out
                return cat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + rnd.nextInt(16)), b.length));
            case 3: // truncate
                return Arrays.copyOf(b, at);
            case 4: { // repeat a range
                int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] part = Arrays.copyOfRange(b, at, at + len);
                return cat(Arrays.copyOf(b, at + len), part, Arrays.copyOfRange(b, at + len, b.length));
            }
            case 5: { // splice with another seed
                int cut = other.length == 0 ? 0 : rnd.nextInt(other.length);
                return cat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, cut, other.length));
            }
            case 6: // a token that breaks readers
                return cat(Arrays.copyOf(b, at), TOKENS[rnd.nextInt(TOKENS.length)], Arrays.copyOfRange(b, at, b.length));
            case 7: { // a protobuf-style varint, often a hostile length
                long v = rnd.nextBoolean() ? rnd.nextInt(300) : rnd.nextLong() >>> rnd.nextInt(64);
                return cat(Arrays.copyOf(b, at), varint(v), Arrays.copyOfRange(b, at, b.length));
            }
            case 8: { // random bytes
                byte[] r = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(r);
                return cat(Arrays.copyOf(b, at), r, Arrays.copyOfRange(b, at, b.length));
            }
            default: { // a number where a number is
                byte[] num = new String[] {"1e999999", "-0", "NaN", "Infinity", "99999999999999999999999", "-9223372036854775809",
                        "0.0000000000000000000000001", "4294968320", "2147483648"}[rnd.nextInt(9)]
                        .getBytes(StandardCharsets.US_ASCII);
                return cat(Arrays.copyOf(b, at), num, Arrays.copyOfRange(b, at, b.length));
            }
        }
    }

    private static byte[][] tokens() {
        List<String> t = new ArrayList<>(Arrays.asList("{", "}", "[", "]", "\"", ":", ",", "null", "true", "{}", "[]",
                "\"\\u0000\"", "\\ud800", "\ufeff", "\n", "\r\n", " \t", "{\"detail\":{}}", "\"a\":\"b\",",
                "&anchor", "*anchor", "!!binary", "- ", ": ", "---\n"));
        t.add("[".repeat(3000));
        t.add("{\"a\":".repeat(1500));
        t.add("\"" + "x".repeat(70_000) + "\"");
        t.add("9".repeat(5000));
        List<byte[]> out = t.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
        out.add(new byte[] {0x1f, (byte) 0x8b, 8, 0}); // a gzip header and nothing after it
        out.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}); // a length of 4 GiB
        return out.toArray(new byte[0][]);
    }

    private static byte[] varint(long v) {
        byte[] out = new byte[10];
        int n = 0;
        while ((v & ~0x7fL) != 0) {
            out[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return Arrays.copyOf(out, n);
    }

    private static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The seed files in {@code <Class>Inputs/<method>/} on the test classpath, by name. */
    private static List<byte[]> seeds(Class<?> testClass, String method) {
        URL dir = testClass.getResource(testClass.getSimpleName() + "Inputs/" + method);
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Paths.get(dir.toURI()))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().collect(Collectors.toList())) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
