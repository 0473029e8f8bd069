package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ECS services with a PRIMARY deployment id that changes on each forced deployment. */
public final class InMemoryServices implements Services {
    public final Faults faults = new Faults();
    public final Map<String, String> deployments = new HashMap<>();
    public final List<String> calls = new ArrayList<>();

    @Override
    public String primaryDeployment(String cluster, String service) {
        return deployments.get(cluster + "/" + service);
    }

    @Override
    public void forceNewDeployment(String cluster, String service) {
        faults.check();
        calls.add("deploy " + cluster + "/" + service);
        deployments.put(cluster + "/" + service, "ecs-svc/" + calls.size());
    }

    @Override
    public String sendCommand(List<String> instanceIds, String documentName, List<String> commands, String comment) {
        faults.check();
        calls.add("ssm " + instanceIds + " " + documentName + " " + commands + " " + comment);
        return "cmd-" + calls.size();
    }
}
