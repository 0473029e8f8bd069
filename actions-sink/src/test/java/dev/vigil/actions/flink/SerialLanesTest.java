package dev.vigil.actions.flink;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SerialLanesTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void oneLaneRunsInOrderEvenWhenATaskFails() throws Exception {
        // Given a lane whose first task is slow and second fails
        SerialLanes lanes = new SerialLanes(pool);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);

        // When three tasks are submitted to it
        CompletableFuture<String> a = lanes.submit("web-asg", () -> {
            await(release);
            ran.add("a");
            return "a";
        });
        CompletableFuture<String> b = lanes.submit("web-asg", () -> {
            ran.add("b");
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> c = lanes.submit("web-asg", () -> {
            ran.add("c");
            return "c";
        });
        Thread.sleep(100);
        assertThat(ran).isEmpty(); // b and c wait for a
        release.countDown();

        // Then they ran one after another, and the failure did not stop the lane
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(a.get()).isEqualTo("a");
        assertThat(b).isCompletedExceptionally();
        assertThat(ran).containsExactly("a", "b", "c");
        waitIdle(lanes);
    }

    @Test
    void differentLanesDoNotWaitForEachOther() throws Exception {
        SerialLanes lanes = new SerialLanes(pool);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> stuck = lanes.submit("fleet-a", () -> {
            await(release);
            return "a";
        });

        String other = lanes.submit("fleet-b", () -> "b").get(5, TimeUnit.SECONDS);

        assertThat(other).isEqualTo("b");
        assertThat(stuck).isNotDone();
        release.countDown();
        stuck.get(5, TimeUnit.SECONDS);
        waitIdle(lanes);
    }

    /** Idle lanes are forgotten: no state grows with the number of fleets ever seen. */
    private static void waitIdle(SerialLanes lanes) throws InterruptedException {
        for (int i = 0; i < 100 && lanes.busyLanes() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(lanes.busyLanes()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
