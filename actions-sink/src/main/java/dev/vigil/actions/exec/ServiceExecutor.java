package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * RESTART_SERVICE: an ECS service ({@code ecsCluster}, {@code ecsService}) gets a forced new
 * deployment; otherwise the resource instance runs {@code command} through Systems Manager
 * ({@code documentName}, default AWS-RunShellScript). A new PRIMARY deployment proves an ECS
 * restart happened; an SSM command leaves nothing to check, so it is never repeated after a crash.
 */
public final class ServiceExecutor implements ActionExecutor {
    static final String PREVIOUS_DEPLOYMENT = "previousDeployment";

    private final Services services;

    public ServiceExecutor(Services services) {
        this.services = services;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.RESTART_SERVICE);
    }

    @Override
    public void validate(RecoveryAction action) {
        if (isEcs(action)) {
            Params.required(action, "ecsCluster");
            Params.required(action, "ecsService");
        } else {
            Params.required(action, "command");
            Params.resource(action);
        }
    }

    @Override
    public String liveState(RecoveryAction action) {
        return isEcs(action) ? "the primary deployment of ECS service " + action.getParameters().get("ecsCluster")
                + "/" + action.getParameters().get("ecsService") : null;
    }

    @Override
    public Map<String, String> prepare(RecoveryAction action) {
        if (!isEcs(action)) {
            return Collections.emptyMap();
        }
        String deployment = services.primaryDeployment(Params.required(action, "ecsCluster"),
                Params.required(action, "ecsService"));
        if (deployment == null) {
            throw ActionException.finalError("ServiceNotFoundException", "no ECS service "
                    + action.getParameters().get("ecsService"));
        }
        return Collections.singletonMap(PREVIOUS_DEPLOYMENT, deployment);
    }

    @Override
    public String execute(RecoveryAction action) {
        if (isEcs(action)) {
            String cluster = Params.required(action, "ecsCluster");
            String service = Params.required(action, "ecsService");
            services.forceNewDeployment(cluster, service);
            return "forced a new deployment of " + cluster + "/" + service;
        }
        String command = Params.required(action, "command");
        String id = services.sendCommand(Collections.singletonList(Params.resource(action)),
                Params.orDefault(action, "documentName", "AWS-RunShellScript"), Arrays.asList(command),
                comment(action));
        return "sent '" + command + "' to " + action.getResourceId() + " (command " + id + ")";
    }

    @Override
    public Verification verify(RecoveryAction action) {
        String previous = Params.optional(action, PREVIOUS_DEPLOYMENT);
        if (!isEcs(action) || previous == null) {
            return Verification.UNKNOWN;
        }
        String now = services.primaryDeployment(Params.required(action, "ecsCluster"),
                Params.required(action, "ecsService"));
        return previous.equals(now) ? Verification.NOT_DONE : Verification.DONE;
    }

    /** An ECS restart when the plan names a cluster or service, even one whose tag is missing: never SSM instead. */
    private static boolean isEcs(RecoveryAction action) {
        return Params.declared(action, "ecsService") || Params.declared(action, "ecsCluster");
    }

    /** SSM comments are limited to 100 characters; the action id is the useful part. */
    private static String comment(RecoveryAction action) {
        String c = "vigil " + action.getActionId();
        return c.length() <= 100 ? c : c.substring(0, 100);
    }
}
