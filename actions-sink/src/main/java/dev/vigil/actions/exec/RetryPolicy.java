package dev.vigil.actions.exec;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Retries {@link ErrorClass#RETRYABLE} failures with exponential backoff and full jitter
 * (sleep uniformly in [0, min(cap, base * 2^n)]), within a number of attempts and a total sleep
 * budget. Full jitter spreads the retries of many subtasks that were throttled at the same moment.
 * The budget is counted in planned sleep, not wall-clock time, so the policy is deterministic under
 * a seeded {@link Random} and a fake {@link Sleeper}.
 */
public final class RetryPolicy {
    /** Sleeps; a test passes one that only records. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int maxAttempts;
    private final long baseMillis;
    private final long capMillis;
    private final long budgetMillis;
    private final Random random;
    private final Sleeper sleeper;

    public RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration budget, Random random,
                       Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: expected >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.budgetMillis = budget.toMillis();
        this.random = random;
        this.sleeper = sleeper;
    }

    /** 5 attempts, 200 ms base, 5 s cap, 20 s of sleep at most: well inside a checkpoint interval. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(20),
                new Random(), Thread::sleep);
    }

    /** No retries: one attempt. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, new Random(0), ms -> { });
    }

    /** Runs {@code call} until it succeeds, fails finally, or attempts or budget run out. */
    public <T> Attempt<T> run(Supplier<T> call) {
        long slept = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return Attempt.success(call.get(), attempt);
            } catch (RuntimeException e) {
                ClassifiedError error = ErrorClassifier.classify(e);
                if (!error.isRetryable() || attempt >= maxAttempts) {
                    return Attempt.failure(error, attempt);
                }
                long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt - 1, 30));
                long delay = ceiling <= 0 ? 0 : (long) (random.nextDouble() * (ceiling + 1));
                if (slept + delay > budgetMillis) {
                    return Attempt.failure(error, attempt);
                }
                slept += delay;
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Attempt.failure(error, attempt);
                }
            }
        }
    }

    /** The result of {@link #run}: a value or the last classified error, and how many calls were made. */
    public static final class Attempt<T> {
        private final T value;
        private final ClassifiedError error;
        private final int attempts;

        private Attempt(T value, ClassifiedError error, int attempts) {
            this.value = value;
            this.error = error;
            this.attempts = attempts;
        }

        static <T> Attempt<T> success(T value, int attempts) {
            return new Attempt<>(value, null, attempts);
        }

        static <T> Attempt<T> failure(ClassifiedError error, int attempts) {
            return new Attempt<>(null, error, attempts);
        }

        public boolean isSuccess() {
            return error == null;
        }

        public T getValue() {
            return value;
        }

        public ClassifiedError getError() {
            return error;
        }

        public int getAttempts() {
            return attempts;
        }
    }
}
