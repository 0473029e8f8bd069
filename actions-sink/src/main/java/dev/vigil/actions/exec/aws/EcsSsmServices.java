package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.Services;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ssm.SsmClient;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;

/** {@link Services} on ECS and Systems Manager. */
public final class EcsSsmServices implements Services {
    private final EcsClient ecs;
    private final SsmClient ssm;

    public EcsSsmServices(EcsClient ecs, SsmClient ssm) {
        this.ecs = ecs;
        this.ssm = ssm;
    }

    @Nullable
    @Override
    public String primaryDeployment(String cluster, String service) {
        DescribeServicesResponse r = ecs.describeServices(b -> b.cluster(cluster).services(service));
        if (r.services().isEmpty()) {
            return null;
        }
        for (Deployment d : r.services().get(0).deployments()) {
            if ("PRIMARY".equals(d.status())) {
                return d.id();
            }
        }
        return "";
    }

    @Override
    public void forceNewDeployment(String cluster, String service) {
        ecs.updateService(b -> b.cluster(cluster).service(service).forceNewDeployment(true));
    }

    @Override
    public String sendCommand(List<String> instanceIds, String documentName, List<String> commands, String comment) {
        return ssm.sendCommand(b -> b.instanceIds(instanceIds).documentName(documentName).comment(comment)
                .parameters(Map.of("commands", commands))).command().commandId();
    }
}
