package dev.vigil.schemas.fuzz;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * What one input may cost a parser or loader: bytes allocated on the calling thread and wall-clock
 * time. Fuzz tests wrap each call in it, so a hostile length, deep nesting, a huge number or a long
 * string that makes the code allocate (or spin) out of proportion to its input fails as a finding,
 * with the input kept as a crasher, instead of passing because the heap happened to be large enough.
 *
 * <p>The time bound only catches hangs: it is generous (the machine is shared, the fuzzer
 * instruments every class) and says nothing about speed, which is the benchmarks' business.
 */
public final class Budget {
    /** Per input: a fixed allowance plus a multiple of its size (a parser copies and inflates). */
    public static final long BASE_BYTES = 64L * 1024 * 1024;
    public static final long BYTES_PER_INPUT_BYTE = 64;
    public static final long MAX_MILLIS = 10_000;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Budget() {}

    /** The allocation allowed for an input of {@code inputBytes} (after inflation where the code inflates). */
    public static long bytesFor(long inputBytes) {
        return BASE_BYTES + BYTES_PER_INPUT_BYTE * inputBytes;
    }

    /**
     * Runs {@code body}, failing when it allocates more than {@code maxBytes} or runs past {@link #MAX_MILLIS}.
     * The first run of a code path loads its classes, and the fuzzer instruments them, on the calling
     * thread, which counts as its allocation: a run over budget is measured once more, and only the
     * second measurement decides. So {@code body} must make its own outputs (it may run twice), and
     * what it returns is the last run's.
     */
    public static <T> T within(String what, long maxBytes, Supplier<T> body) {
        try {
            return measured(what, maxBytes, body);
        } catch (OverBudget first) {
            return measured(what, maxBytes, body);
        }
    }

    private static <T> T measured(String what, long maxBytes, Supplier<T> body) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        T result = body.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        if (allocated > maxBytes) {
            throw new OverBudget(what + " allocated " + allocated + " bytes, over its budget of " + maxBytes);
        }
        if (millis > MAX_MILLIS) {
            throw new OverBudget(what + " took " + millis + " ms, over " + MAX_MILLIS + " ms");
        }
        return result;
    }

    /** An input that cost more than it may. */
    public static final class OverBudget extends AssertionError {
        private static final long serialVersionUID = 1L;

        OverBudget(String message) {
            super(message);
        }
    }


    private static com.sun.management.ThreadMXBean threads() {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        t.setThreadAllocatedMemoryEnabled(true);
        return t;
    }
}
