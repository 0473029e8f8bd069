package dev.vigil.detector;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same replay gives the same fleet verdict every time, at a parallelism where the members'
 * records reach the correlation in a different order from run to run: two of three members of an
 * Auto Scaling group fail their status checks 10:15-10:24 and recover.
 */
class FleetOrderITCase {
    private static final int PARALLELISM = 4;
    private static final int RUNS = 4;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @TempDir
    Path dir;

    @Test
    void twoOfThreeMembersFailingTogetherAreOneFleetImpairmentInEveryRun() throws Exception {
        FleetScenario scenario = FleetScenario.statusChecks(3, 40, Set.of(0, 1), 15, 25);
        DetectorConfig config = DetectorConfig.defaults().forReplay().withTopologySnapshot(FleetScenario.snapshot(dir, 3).toString());

        Set<String> outcomes = new LinkedHashSet<>();
        List<Impairment> out = null;
        for (int run = 0; run < RUNS; run++) {
            out = TopologyScenariosITCase.run(scenario, config, PARALLELISM);
            outcomes.add(normalised(out));
        }

        // Then every run gave the same records
        assertThat(outcomes).hasSize(1);
        // And they say: one fleet impairment, detected no earlier than its first breach; members never replaced
        List<Impairment> fleet = TopologyScenariosITCase.of(out, ImpairmentType.FLEET);
        assertThat(fleet).extracting(Impairment::getState).containsExactly(LifecycleState.OPEN, LifecycleState.RESOLVED);
        assertThat(fleet.get(0).getDetectionTime()).isGreaterThanOrEqualTo(fleet.get(0).getFirstBreachTime());
        assertThat(fleet.get(0).getFirstBreachTime()).isEqualTo(FleetScenario.T0 + 15 * 60_000L);
        List<Impairment> members = TopologyScenariosITCase.of(out, ImpairmentType.INSTANCE_FAILURE);
        assertThat(TopologyScenariosITCase.ids(members)).hasSize(2);
        assertThat(members).filteredOn(m -> m.getState() != LifecycleState.RESOLVED).isNotEmpty().allSatisfy(m -> {
            assertThat(m.isMemberActionsWithheld()).isTrue();
            assertThat(m.getRecommendedActions()).doesNotContain(ActionType.REPLACE_INSTANCE);
        });
        TopologyScenariosITCase.assertRevisionsUniqueAndIncreasing(out);
    }

    /** Sorted by id and revision, emit times zeroed: what two runs must agree on. */
    private static String normalised(List<Impairment> out) {
        return out.stream().sorted((a, b) -> a.getId().equals(b.getId()) ? Integer.compare(a.getRevision(), b.getRevision())
                        : a.getId().compareTo(b.getId()))
                .map(i -> Json.toString(i.toBuilder().emitTime(0).build())).collect(Collectors.joining("\n"));
    }
}
