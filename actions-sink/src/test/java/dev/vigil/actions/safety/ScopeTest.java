package dev.vigil.actions.safety;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeTest {
    private final Scope scope = Scope.builder().account("111122223333").region("us-east-1").resource("i-0abc*")
            .tag("vigil:managed", "true").tag("team", "*").build();

    private static RecoveryAction action(ActionType type, String account, String region, String resource) {
        return new RecoveryAction("imp/p/0", "imp", 0, type, resource, "EC2_INSTANCE", account, region, Map.of(),
                true, "test");
    }

    @Test
    void anAllowedIdInAnAllowedAccountAndRegionIsInScope() {
        assertThat(scope.denial(action(ActionType.REPLACE_INSTANCE, "111122223333", "us-east-1", "i-0abc123"),
                Map.of())).isNull();
    }

    @Test
    void otherAccountsAndRegionsAreOutOfScope() {
        assertThat(scope.denial(action(ActionType.REPLACE_INSTANCE, "999999999999", "us-east-1", "i-0abc123"),
                Map.of())).contains("account 999999999999");
        assertThat(scope.denial(action(ActionType.REPLACE_INSTANCE, "111122223333", "eu-west-1", "i-0abc123"),
                Map.of())).contains("region eu-west-1");
    }

    @Test
    void aResourceOutsideTheIdListNeedsAnAllowedTag() {
        RecoveryAction other = action(ActionType.REPLACE_INSTANCE, "111122223333", "us-east-1", "i-0def");

        assertThat(scope.denial(other, Map.of())).contains("no allowed id");
        assertThat(scope.denial(other, Map.of("vigil:managed", "false"))).isNotNull();
        assertThat(scope.denial(other, Map.of("vigil:managed", "true"))).isNull();
        assertThat(scope.denial(other, Map.of("team", "anything"))).isNull();
    }

    @Test
    void globsMatchWholeIdsOnly() {
        Scope exact = Scope.builder().account("*").region("*").resource("web-asg").build();

        assertThat(exact.denial(action(ActionType.SCALE_OUT, "a", "r", "web-asg-2"), Map.of())).isNotNull();
        assertThat(exact.denial(action(ActionType.SCALE_OUT, "a", "r", "web-asg"), Map.of())).isNull();
    }

    @Test
    void notifyIsAlwaysInScopeAndAnEmptyScopeAllowsNothingElse() {
        Scope none = Scope.builder().build();

        assertThat(none.denial(action(ActionType.NOTIFY, "x", "y", "z"), Map.of())).isNull();
        assertThat(none.denial(action(ActionType.SCALE_OUT, "x", "y", "z"), Map.of())).isNotNull();
        assertThat(Scope.allowAll().denial(action(ActionType.SCALE_OUT, "x", "y", "z"), Map.of())).isNull();
    }
}
