package dev.vigil.actions.exec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final List<Long> sleeps = new ArrayList<>();

    private RetryPolicy policy(int attempts, long budgetMs) {
        return new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofMillis(budgetMs),
                new Random(42), sleeps::add);
    }

    @Test
    void throttlingIsRetriedWithJitteredExponentialBackoff() {
        AtomicInteger calls = new AtomicInteger();

        RetryPolicy.Attempt<String> r = policy(5, 10_000).run(() -> {
            if (calls.incrementAndGet() < 4) {
                throw Faults.aws(400, "Throttling");
            }
            return "ok";
        });

        assertThat(r.isSuccess()).isTrue();
        assertThat(r.getValue()).isEqualTo("ok");
        assertThat(r.getAttempts()).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
        // full jitter: each sleep within [0, min(cap, base * 2^n)]
        assertThat(sleeps.get(0)).isBetween(0L, 100L);
        assertThat(sleeps.get(1)).isBetween(0L, 200L);
        assertThat(sleeps.get(2)).isBetween(0L, 400L);
    }

    @Test
    void finalErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        RetryPolicy.Attempt<String> r = policy(5, 10_000).run(() -> {
            calls.incrementAndGet();
            throw Faults.aws(403, "AccessDenied");
        });

        assertThat(r.isSuccess()).isFalse();
        assertThat(r.getError().getCode()).isEqualTo("AccessDenied");
        assertThat(r.getAttempts()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void attemptsAreBounded() {
        RetryPolicy.Attempt<String> r = policy(3, 10_000).run(() -> {
            throw Faults.aws(503, "ServiceUnavailable");
        });

        assertThat(r.getAttempts()).isEqualTo(3);
        assertThat(r.getError().getCode()).isEqualTo("ServiceUnavailable");
    }

    @Test
    void theSleepBudgetIsNeverExceeded() {
        RetryPolicy.Attempt<String> r = policy(100, 1_500).run(() -> {
            throw Faults.aws(500, "InternalError");
        });

        assertThat(r.isSuccess()).isFalse();
        assertThat(sleeps.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(1_500);
        assertThat(r.getAttempts()).isLessThan(100);
    }
}
