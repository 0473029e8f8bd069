package dev.vigil.common.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local AWS emulator (moto), started and stopped through {@code scripts/local-aws} (which finds
 * or installs moto_server and picks a free port): the one launcher every module's ITCases and the
 * demo use. Each instance has a state folder of its own (pid, port, log), so several run at once.
 */
public final class LocalMoto implements AutoCloseable {
    private final Path script;
    /** Null when attached to an emulator someone else started (and will stop). */
    private final Path stateDir;
    private final String endpoint;

    private LocalMoto(Path script, Path stateDir, String endpoint) {
        this.script = script;
        this.stateDir = stateDir;
        this.endpoint = endpoint;
    }

    /** Starts an emulator with its own state folder; {@code projectRoot} holds scripts/. */
    public static LocalMoto start(Path projectRoot, Path stateDir) throws IOException, InterruptedException {
        Path script = script(projectRoot);
        Process p = new ProcessBuilder(script.toString(), "start", stateDir.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String endpoint;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            endpoint = r.readLine();
        }
        if (p.waitFor() != 0 || endpoint == null || !endpoint.startsWith("http")) {
            throw new IOException("scripts/local-aws start failed; see " + stateDir.resolve("moto.log"));
        }
        return new LocalMoto(script, stateDir, endpoint.trim());
    }

    /** An emulator already running at {@code endpoint}; close() leaves it running. */
    public static LocalMoto attach(Path projectRoot, String endpoint) {
        return new LocalMoto(script(projectRoot), null, endpoint);
    }

    /**
     * The project root from the working directory: the first of it and its parents that holds
     * scripts/local-aws (a module's tests run in the module's folder, one or two levels down).
     */
    public static Path projectRoot() {
        Path here = new File("").getAbsoluteFile().toPath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("scripts/local-aws"))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/local-aws in " + here + " or above");
    }

    public String endpoint() {
        return endpoint;
    }

    public URI uri() {
        return URI.create(endpoint);
    }

    /** Forgets every resource (moto's reset), so a test class starts from an empty account. */
    public void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri().resolve("/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().close();
        int code = c.getResponseCode();
        c.disconnect();
        if (code >= 300) {
            throw new IOException("moto /moto-api/reset answered " + code);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (stateDir != null) {
            new ProcessBuilder(script.toString(), "stop", stateDir.toAbsolutePath().toString()).inheritIO().start().waitFor();
        }
    }

    private static Path script(Path projectRoot) {
        return projectRoot.resolve("scripts/local-aws").toAbsolutePath();
    }
}
