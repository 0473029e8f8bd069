package dev.vigil.detector.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

import javax.annotation.Nullable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Ends a test's job before its emulator stops. A cancel is only acknowledged at once: a job still
 * cancelling when the emulator goes has its sources fail over into restarts, which the cluster's
 * shutdown then races (the test JVM has been seen to exit on Flink's fatal-error handler).
 */
public final class Jobs {
    private Jobs() {}

    /** Cancels the job unless it has ended (stopped with a savepoint, failed), and waits until it has. */
    public static void end(MiniCluster cluster, @Nullable JobID job) throws Exception {
        if (job == null) {
            return;
        }
        try {
            cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        } catch (ExecutionException ended) {
            // it had ended already
        }
        cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
    }

    /** The same for a job run with {@code executeAsync}. */
    public static void end(JobClient job) throws Exception {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
            try {
                job.cancel().get(1, TimeUnit.MINUTES);
            } catch (ExecutionException ended) {
                // it ended meanwhile
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!job.getJobStatus().get().isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job.getJobID() + " still " + job.getJobStatus().get()
                        + " two minutes after its cancel");
            }
            Thread.sleep(100);
        }
    }
}
