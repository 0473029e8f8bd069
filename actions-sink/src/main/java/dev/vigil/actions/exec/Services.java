package dev.vigil.actions.exec;

import javax.annotation.Nullable;
import java.util.List;

/** The ECS and Systems Manager calls a service restart needs. */
public interface Services {
    /** The id of the service's PRIMARY deployment, or null when the service is unknown. */
    @Nullable
    String primaryDeployment(String cluster, String service);

    /** UpdateService with forceNewDeployment: tasks are replaced with the same definition. */
    void forceNewDeployment(String cluster, String service);

    /** SendCommand; returns the command id. */
    String sendCommand(List<String> instanceIds, String documentName, List<String> commands, String comment);
}
