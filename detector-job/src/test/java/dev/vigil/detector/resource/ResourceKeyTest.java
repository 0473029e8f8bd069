package dev.vigil.detector.resource;

import dev.vigil.detector.correlate.RegionKey;
import dev.vigil.detector.peer.PeerGroupKey;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keyed state of every released version is keyed by these strings: a key class makes them
 * exactly as before (an absent account or region spelt "null") and reads every part back.
 */
class ResourceKeyTest {
    @Test
    void aResourceKeyIsAccountRegionAndAnIdThatMayHoldSlashes() {
        ResourceKey k = ResourceKey.parse("111122223333/eu-west-1/targetgroup/web/6d0ecf831eec9f09");

        assertThat(k.account()).isEqualTo("111122223333");
        assertThat(k.region()).isEqualTo("eu-west-1");
        assertThat(k.resourceId()).isEqualTo("targetgroup/web/6d0ecf831eec9f09");
        assertThat(ResourceKey.of("111122223333", "eu-west-1", "targetgroup/web/6d0ecf831eec9f09")).isEqualTo(k);
        assertThat(ResourceKey.key(null, null, "i-1")).isEqualTo("null/null/i-1");
        assertThat(ResourceKey.parse("null/null/i-1").account()).isNull();
        assertThat(ResourceKey.parse("/eu-west-1/i-1").account()).isNull();
        assertThatThrownBy(() -> ResourceKey.parse("i-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPeerGroupKeyIsAccountRegionRuleAndAGroupThatMayHoldSlashes() {
        PeerGroupKey k = PeerGroupKey.parse(PeerGroupKey.of(null, "eu-west-1", "p", "targetgroup/web/1").key());

        assertThat(PeerGroupKey.of(null, "eu-west-1", "p", "targetgroup/web/1").key()).isEqualTo("null/eu-west-1/p/targetgroup/web/1");
        assertThat(k.account()).isNull();
        assertThat(k.region()).isEqualTo("eu-west-1");
        assertThat(k.ruleId()).isEqualTo("p");
        assertThat(k.group()).isEqualTo("targetgroup/web/1");
    }

    @Test
    void aRegionKeyIsAnImpairmentsAccountAndRegion() {
        Impairment i = ImpairmentRecords.opened("imp-1", 0, 0).resource("i-1", "EC2_INSTANCE").location(null, "eu-west-1")
                .type(ImpairmentType.INSTANCE_FAILURE).severity(Severity.HIGH).summary("s").build();

        assertThat(RegionKey.of(i)).isEqualTo("null/eu-west-1");
        assertThat(RegionKey.parse(RegionKey.of(i)).account()).isNull();
        assertThat(RegionKey.parse(RegionKey.of(i)).region()).isEqualTo("eu-west-1");
    }
}
