package dev.vigil.actions.plan;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.ImpairmentType;
import dev.vigil.schemas.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which impairments a plan applies to (types, resource types, minimum severity; empty sets match
 * any) and what to do: ordered recovery steps, and failback steps for when the impairment resolves.
 */
public final class RecoveryPlan {
    private final String id;
    private final String description;
    private final Set<ImpairmentType> impairmentTypes;
    private final Set<String> resourceTypes;
    private final Severity minSeverity;
    private final boolean humanRequired;
    private final List<PlanStep> steps;
    private final List<PlanStep> failback;

    public RecoveryPlan(String id, String description, Set<ImpairmentType> impairmentTypes, Set<String> resourceTypes,
                        Severity minSeverity, boolean humanRequired, List<PlanStep> steps, List<PlanStep> failback) {
        this.id = id;
        this.description = description;
        this.impairmentTypes = impairmentTypes.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(impairmentTypes));
        this.resourceTypes = Collections.unmodifiableSet(new HashSet<>(resourceTypes));
        this.minSeverity = minSeverity;
        this.humanRequired = humanRequired;
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
        this.failback = Collections.unmodifiableList(new ArrayList<>(failback));
    }

    public boolean matches(Impairment i) {
        return (impairmentTypes.isEmpty() || impairmentTypes.contains(i.getType()))
                && (resourceTypes.isEmpty() || resourceTypes.contains(i.getResourceType()))
                && i.getSeverity().compareTo(minSeverity) >= 0;
    }

    /**
     * Part of the keys release 0.1 gave this plan's actions, which the runner still looks up: keep it
     * (and the order of the steps) while impairments from before an upgrade may be open.
     */
    public String getId() {
        return id;
    }

    public String getDescription() {
        return description;
    }

    public Set<ImpairmentType> getImpairmentTypes() {
        return impairmentTypes;
    }

    public Set<String> getResourceTypes() {
        return resourceTypes;
    }

    public Severity getMinSeverity() {
        return minSeverity;
    }

    /** A person must decide: the plan only notifies. */
    public boolean isHumanRequired() {
        return humanRequired;
    }

    public List<PlanStep> getSteps() {
        return steps;
    }

    public List<PlanStep> getFailback() {
        return failback;
    }
}
