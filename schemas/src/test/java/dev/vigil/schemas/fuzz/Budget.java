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

    /** Runs {@code body}, failing when it allocates more than {@code maxBytes} or runs past {@link #MAX_MILLIS}. */
    public static <T> T within(String what, long maxBytes, Supplier<T> body) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        T result = body.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        if (allocated > maxBytes) {
            throw new AssertionError(what + " allocated " + allocated + " bytes, over its budget of " + maxBytes);
        }
        if (millis > MAX_MILLIS) {
            throw new AssertionError(what + " took " + millis + " ms, over " + MAX_MILLIS + " ms");
        }
        return result;
    }

    /** As {@link #within(String, long, Supplier)} for code that returns nothing. */
    public static void run(String what, long maxBytes, Runnable body) {
        within(what, maxBytes, () -> {
            body.run();
            return null;
        });
    }

    private static com.sun.management.ThreadMXBean threads() {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        t.setThreadAllocatedMemoryEnabled(true);
        return t;
    }
}
