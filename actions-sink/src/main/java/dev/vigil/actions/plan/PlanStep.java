package dev.vigil.actions.plan;

import dev.vigil.schemas.ActionType;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One step of a plan, before it is bound to an impairment. Parameter values, {@code resource} and
 * {@code resourceType} may hold placeholders ({@code ${asg}}, {@code ${tag:team}}, ...; see
 * {@link Placeholders}).
 */
public final class PlanStep {
    /**
     * Actions that take capacity or traffic away: rate-limited, withheld when failing open. Scaling
     * out and failing back restore capacity; notifying changes nothing.
     */
    static final Set<ActionType> DESTRUCTIVE = Collections.unmodifiableSet(EnumSet.of(ActionType.REPLACE_INSTANCE,
            ActionType.REBOOT_INSTANCE, ActionType.FAILOVER_DNS, ActionType.FAILOVER_DATABASE,
            ActionType.RESTART_SERVICE, ActionType.DEREGISTER_TARGET, ActionType.ZONAL_SHIFT));

    private final ActionType action;
    private final Map<String, String> params;
    @Nullable private final String resource;
    @Nullable private final String resourceType;
    private final boolean destructive;
    private final int minRevision;
    private final List<PlanStep> rollback;
    @Nullable private final Integer undoes;
    @Nullable private final String beyondRecommendation;

    public PlanStep(ActionType action, Map<String, String> params, @Nullable String resource,
                    @Nullable String resourceType, @Nullable Boolean destructive, int minRevision,
                    List<PlanStep> rollback, @Nullable Integer undoes) {
        this(action, params, resource, resourceType, destructive, minRevision, rollback, undoes, null);
    }

    public PlanStep(ActionType action, Map<String, String> params, @Nullable String resource,
                    @Nullable String resourceType, @Nullable Boolean destructive, int minRevision,
                    List<PlanStep> rollback, @Nullable Integer undoes, @Nullable String beyondRecommendation) {
        this.action = action;
        this.params = Collections.unmodifiableMap(new TreeMap<>(params));
        this.resource = resource;
        this.resourceType = resourceType;
        this.destructive = destructive != null ? destructive : DESTRUCTIVE.contains(action);
        this.minRevision = minRevision;
        this.rollback = Collections.unmodifiableList(new ArrayList<>(rollback));
        this.undoes = undoes;
        this.beyondRecommendation = beyondRecommendation;
    }

    /** A step with only an action and parameters. */
    public static PlanStep of(ActionType action, Map<String, String> params) {
        return new PlanStep(action, params, null, null, null, 0, Collections.emptyList(), null);
    }

    public ActionType getAction() {
        return action;
    }

    public Map<String, String> getParams() {
        return params;
    }

    /** The resource to act on; null means the impaired resource. */
    @Nullable
    public String getResource() {
        return resource;
    }

    @Nullable
    public String getResourceType() {
        return resourceType;
    }

    public boolean isDestructive() {
        return destructive;
    }

    /**
     * The step runs only from this impairment revision on. "Reboot first" is a REBOOT_INSTANCE step
     * and a REPLACE_INSTANCE step with {@code minRevision: 1}: it is replaced only if still impaired
     * at the next UPDATE.
     */
    public int getMinRevision() {
        return minRevision;
    }

    /** Steps to run when this one fails. */
    public List<PlanStep> getRollback() {
        return rollback;
    }

    /** For a failback step: the index of the recovery step it reverses; it runs only if that one succeeded. */
    @Nullable
    public Integer getUndoes() {
        return undoes;
    }

    /**
     * Why this step may run although the impairment does not recommend its action (the plans file's
     * {@code beyondRecommendation}); null for the normal case, where the impairment decides whether
     * and the plan only decides how.
     */
    @Nullable
    public String getBeyondRecommendation() {
        return beyondRecommendation;
    }
}
