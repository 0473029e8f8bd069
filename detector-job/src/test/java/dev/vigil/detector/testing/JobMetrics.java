package dev.vigil.detector.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.util.Map;

/** The job's own metrics (group {@code vigil}) as a test's in-memory reporter saw them. */
public final class JobMetrics {
    private JobMetrics() {}

    /** The counter {@code vigil.NAME} summed over every subtask and operator of the job. */
    public static long counter(InMemoryReporter metrics, JobID job, String name) {
        long sum = 0;
        for (Map.Entry<String, Metric> e : metrics.findMetrics(job, name).entrySet()) {
            if (e.getKey().endsWith("vigil." + name)) {
                sum += ((Counter) e.getValue()).getCount();
            }
        }
        return sum;
    }
}
