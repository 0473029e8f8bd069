package dev.vigil.actions;

import dev.vigil.common.aws.AwsClients;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local AWS emulator (moto_server) for integration tests: one process per test JVM, started on a
 * free port on first use, reset before each test class, stopped when the JVM's tests end.
 *
 * <pre>
 *   &#64;RegisterExtension static final MotoServer MOTO = new MotoServer();
 *   ... MOTO.clients().build(Ec2Client.builder()) ...
 * </pre>
 *
 * Finds {@code moto_server} on the PATH, else {@code python3 -m moto.server}, else installs it once
 * with {@code pip install 'moto[server]'}.
 */
public final class MotoServer implements BeforeAllCallback {
    private static Process process;
    private static int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // A root-store resource is closed when all tests of the JVM have run.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class.getName(), k -> start(), Stopper.class);
        post("/moto-api/reset");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public AwsClients clients() {
        return AwsClients.local(endpoint());
    }

    private static synchronized Stopper start() {
        try {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = command();
            File log = new File("target/moto-server.log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
                }
                if (answers()) {
                    return new Stopper();
                }
                Thread.sleep(200);
            }
            process.destroyForcibly();
            throw new IllegalStateException("moto_server did not answer on port " + port + " within 60 s; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> command() throws IOException, InterruptedException {
        String host = "127.0.0.1";
        String p = Integer.toString(port);
        if (runs("moto_server", "--help")) {
            return Arrays.asList("moto_server", "-H", host, "-p", p);
        }
        if (!runs("python3", "-c", "import moto.server")) {
            runs("python3", "-m", "pip", "install", "--quiet", "moto[server]");
        }
        return new ArrayList<>(Arrays.asList("python3", "-m", "moto.server", "-H", host, "-p", p));
    }

    private static boolean runs(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // not on the PATH
        }
    }

    private static boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/moto-api/").openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2_000);
            int code = c.getResponseCode();
            c.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void post(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().close();
        if (c.getResponseCode() >= 300) {
            throw new IOException("moto " + path + " answered " + c.getResponseCode());
        }
        c.disconnect();
    }

    /** Stops the process when the root store closes. */
    static final class Stopper implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
