package dev.vigil.common.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every Vigil job's environment is set to, because its state depends on it.
 *
 * <p>Max parallelism is the number of key groups keyed state is split into; a savepoint restores
 * only into the same number, so it can never change once a job has run. 128 is Flink's own
 * default for any parallelism up to 85, so every savepoint taken so far (the version-1 golden one
 * included) was written with it; it allows scaling to 128 subtasks (MSF's default KPU limit is
 * 64, at one subtask each), and each key group costs a little in every checkpoint, so a far larger
 * number would cost without use. Raising it later means starting without state.
 *
 * <p>Generic types are off: a record or state value without its own serializer would fall back to
 * Kryo, whose bytes change with the class and the Kryo version, so the job refuses to build
 * instead. Both are set as configuration options, the form Flink 2 keeps.
 */
public final class JobEnvironment {
    /** Key groups of every keyed operator: fixed for ever (see above). */
    public static final int MAX_PARALLELISM = 128;

    private JobEnvironment() {}

    /** The options every Vigil job runs with. */
    public static Configuration options() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return c;
    }

    /** Sets {@link #options()} on an environment before the job is built on it. */
    public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env) {
        env.configure(options(), JobEnvironment.class.getClassLoader());
        return env;
    }
}
