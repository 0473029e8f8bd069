package dev.vigil.actions.safety;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VelocityLimiterTest {
    private static final long T = 1_000_000L;

    @Test
    void atMostNActionsPerFleetPerWindow() {
        VelocityLimiter v = new VelocityLimiter(2, Duration.ofMinutes(10), 1.0);

        v.record("web", T);
        v.record("web", T + 1_000);

        assertThat(v.denial("web", null, T + 2_000)).contains("2 destructive actions on web").contains("limit 2");
        assertThat(v.denial("api", null, T + 2_000)).isNull();
    }

    @Test
    void theWindowSlides() {
        VelocityLimiter v = new VelocityLimiter(1, Duration.ofMinutes(10), 1.0);
        v.record("web", T);

        assertThat(v.denial("web", null, T + 599_999)).isNotNull();
        assertThat(v.denial("web", null, T + 600_000)).isNull();
    }

    @Test
    void atMostAShareOfTheFleetAtOnce() {
        // Given at most 25 % of a fleet of 8: two instances
        VelocityLimiter v = new VelocityLimiter(100, Duration.ofMinutes(10), 0.25);
        v.record("web", T);
        assertThat(v.denial("web", 8, T)).isNull();
        v.record("web", T);

        // Then a third is refused
        assertThat(v.denial("web", 8, T)).contains("3 of 8").contains("25%");
    }

    @Test
    void aSmallFleetCanStillHealOneAtATime() {
        VelocityLimiter v = new VelocityLimiter(100, Duration.ofMinutes(10), 0.25);

        assertThat(v.denial("small", 2, T)).isNull();
        v.record("small", T);
        assertThat(v.denial("small", 2, T)).isNotNull();
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new VelocityLimiter(1, Duration.ofMinutes(1), 0)).hasMessageContaining("maxShare");
        assertThatThrownBy(() -> new VelocityLimiter(-1, Duration.ofMinutes(1), 0.5))
                .hasMessageContaining("maxActions");
    }

    @Test
    void historyHoldsOnlyActionsInsideTheWindowSoACheckpointCanRestoreThem() {
        VelocityLimiter v = new VelocityLimiter(2, Duration.ofMinutes(10), 1.0);
        v.record("web", T);
        v.record("web", T + 60_000);
        v.record("api", T);

        java.util.Map<String, java.util.List<Long>> h = v.history(T + 10 * 60_000 + 1);
        VelocityLimiter restored = new VelocityLimiter(2, Duration.ofMinutes(10), 1.0);
        h.forEach((fleet, times) -> times.forEach(t -> restored.record(fleet, t)));

        assertThat(h).containsOnlyKeys("web");
        assertThat(h.get("web")).containsExactly(T + 60_000);
        assertThat(restored.denial("web", null, T + 10 * 60_000 + 2)).isNull();
        restored.record("web", T + 10 * 60_000 + 2);
        assertThat(restored.denial("web", null, T + 10 * 60_000 + 3)).contains("limit 2");
    }

    @Test
    void atMostTotalActionsAcrossAllFleetsPerWindow() {
        // Given a cap of 3 across fleets and fleets allowed 2 each
        VelocityLimiter v = new VelocityLimiter(2, Duration.ofMinutes(10), 1.0, 3);
        v.record("web", T);
        v.record("api", T + 1_000);
        v.record("api", T + 2_000);

        // Then a fourth fleet's first action waits, until the window has passed the first
        assertThat(v.denial("db", null, T + 3_000)).contains("3 destructive actions across all fleets").contains("limit 3");
        assertThat(v.denial("db", null, T + 600_001)).isNull();
        // and no cap means only the fleets' own limits
        assertThat(new VelocityLimiter(2, Duration.ofMinutes(10), 1.0).denial("db", null, T)).isNull();
    }
}
