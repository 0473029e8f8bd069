package dev.vigil.detector.topology;

import dev.vigil.schemas.Topology;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyCacheTest {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";

    private final AtomicLong now = new AtomicLong(1_000);

    private static Topology zone(String az) {
        return new Topology(az, "web-asg", null, null, null, Map.of(az, 2), true, null);
    }

    @Test
    void anAnswerIsServedUntilItsTtlRunsOut() {
        // Given an answer cached with a TTL of 10 s
        TopologyCache cache = new TopologyCache(10, 10_000, now::get);
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1a"));

        // When the clock moves to just before, then to the expiry
        now.addAndGet(9_999);
        Topology before = cache.get(ACCOUNT, REGION, "i-1");
        now.addAndGet(1);
        Topology at = cache.get(ACCOUNT, REGION, "i-1");

        // Then it is served before and gone at the expiry
        assertThat(before).isEqualTo(zone("eu-west-1a"));
        assertThat(at).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedAnswerGoesFirstWhenFull() {
        // Given a cache of two holding i-1 and i-2, i-1 read since
        TopologyCache cache = new TopologyCache(2, 60_000, now::get);
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1a"));
        cache.put(ACCOUNT, REGION, "i-2", zone("eu-west-1b"));
        cache.get(ACCOUNT, REGION, "i-1");

        // When a third answer arrives
        cache.put(ACCOUNT, REGION, "i-3", zone("eu-west-1c"));

        // Then i-2, the least recently used, is the one dropped
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(ACCOUNT, REGION, "i-2")).isNull();
        assertThat(cache.get(ACCOUNT, REGION, "i-1")).isEqualTo(zone("eu-west-1a"));
        assertThat(cache.get(ACCOUNT, REGION, "i-3")).isEqualTo(zone("eu-west-1c"));
    }

    @Test
    void theSameIdInAnotherAccountOrRegionIsAnotherResource() {
        // Given an answer for i-1 in one account and region
        TopologyCache cache = new TopologyCache(10, 60_000, now::get);
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1a"));

        // When the same id is asked in another account or region
        // Then nothing is found
        assertThat(cache.get("444455556666", REGION, "i-1")).isNull();
        assertThat(cache.get(ACCOUNT, "us-east-1", "i-1")).isNull();
        assertThat(cache.get(ACCOUNT, REGION, "i-1")).isNotNull();
    }

    @Test
    void anIncompleteAnswerIsNotKept() {
        // Given a cache
        TopologyCache cache = new TopologyCache(10, 60_000, now::get);

        // When a partial answer (a failure in disguise) is put
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1a").incomplete("aws-api: elbv2 throttled"));

        // Then it is asked again next time
        assertThat(cache.get(ACCOUNT, REGION, "i-1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aPutRefreshesTheTtl() {
        // Given an answer cached 8 s ago with a TTL of 10 s
        TopologyCache cache = new TopologyCache(10, 10_000, now::get);
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1a"));
        now.addAndGet(8_000);

        // When a newer answer arrives and 8 s more pass
        cache.put(ACCOUNT, REGION, "i-1", zone("eu-west-1b"));
        now.addAndGet(8_000);

        // Then the newer answer is still served
        assertThat(cache.get(ACCOUNT, REGION, "i-1")).isEqualTo(zone("eu-west-1b"));
    }

    @Test
    void sizeAndTtlMustBePositive() {
        assertThatThrownBy(() -> new TopologyCache(0, 1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopologyCache(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
