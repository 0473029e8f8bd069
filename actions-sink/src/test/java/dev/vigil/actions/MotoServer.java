package dev.vigil.actions;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.common.testing.LocalMoto;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The local AWS emulator ({@link LocalMoto}) for this module's integration tests: one process per
 * test JVM, started on first use, reset before each test class, stopped when the JVM's tests end.
 *
 * <pre>
 *   &#64;RegisterExtension static final MotoServer MOTO = new MotoServer();
 *   ... MOTO.clients().build(Ec2Client.builder()) ...
 * </pre>
 */
public final class MotoServer implements BeforeAllCallback {
    private static LocalMoto moto;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // A root-store resource is closed when all tests of the JVM have run.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class.getName(), k -> start(), Stopper.class);
        moto.reset();
    }

    public URI endpoint() {
        return moto.uri();
    }

    public AwsClients clients() {
        return AwsClients.local(endpoint());
    }

    private static synchronized Stopper start() {
        try {
            // A state folder per JVM: two test runs in one checkout each get their own emulator.
            moto = LocalMoto.start(LocalMoto.projectRoot(),
                    Path.of("target", "moto-server-" + ProcessHandle.current().pid()).toAbsolutePath());
            return new Stopper();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local AWS emulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the emulator when the root store closes. */
    static final class Stopper implements AutoCloseable {
        @Override
        public void close() throws Exception {
            moto.close();
        }
    }
}
