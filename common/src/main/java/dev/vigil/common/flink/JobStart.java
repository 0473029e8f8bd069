package dev.vigil.common.flink;

import dev.vigil.common.config.StartupFailure;

/** How a job's {@code main} reads its configuration and builds its graph: an input error is said once. */
public final class JobStart {
    private JobStart() {}

    /** The configuration read and the graph built, where a mistake in either is the operator's, not a bug. */
    public interface Wiring {
        void wire() throws Exception;
    }

    /**
     * Runs {@code wiring}; a bad config, rules or plans file fails with its one message (not a
     * validator's stack trace), prefixed "{@code job} cannot start".
     */
    public static void wire(String job, Wiring wiring) throws Exception {
        try {
            wiring.wire();
        } catch (Exception e) {
            throw StartupFailure.isInputError(e) ? new StartupFailure(job + " cannot start", e) : e;
        }
    }
}
