package dev.vigil.detector.resource;

import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EventBridge events in the shapes AWS documents (EC2 state change, AWS Health, RDS, Auto Scaling,
 * CloudWatch alarm), parsed by the job's own {@link EventParser}, so a test sees what the detector
 * sees.
 */
final class TestEvents {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    private static final EventParser PARSER = new EventParser(ParseLimits.defaults().withoutTimeChecks(), "events");

    private TestEvents() {}

    static HealthEvent parse(String json) {
        List<HealthEvent> ok = new ArrayList<>();
        List<DeadLetter> bad = new ArrayList<>();
        PARSER.parse(json.getBytes(StandardCharsets.UTF_8), 0, new ParseOutput<HealthEvent>() {
            @Override
            public void accept(HealthEvent record) {
                ok.add(record);
            }

            @Override
            public void reject(DeadLetter deadLetter) {
                bad.add(deadLetter);
            }
        });
        if (ok.size() != 1) {
            throw new IllegalArgumentException("not one event: " + bad.get(0).getMessage() + " in " + json);
        }
        return ok.get(0);
    }

    private static String envelope(String id, String detailType, String source, long time, String resources, String detail) {
        return String.format(Locale.ROOT, "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"%s\",\"source\":\"%s\","
                        + "\"account\":\"%s\",\"time\":\"%s\",\"region\":\"%s\",\"resources\":[%s],\"detail\":%s}",
                id, detailType, source, ACCOUNT, Instant.ofEpochMilli(time), REGION, resources, detail);
    }

    static HealthEvent ec2State(String id, String instance, String state, long time) {
        return parse(envelope(id, "EC2 Instance State-change Notification", "aws.ec2", time,
                "\"arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":instance/" + instance + "\"",
                "{\"instance-id\":\"" + instance + "\",\"state\":\"" + state + "\"}"));
    }

    /** An RDS DB instance event (source type DB_INSTANCE). */
    static HealthEvent rdsInstance(String id, String db, String eventId, String message, long time) {
        return parse(envelope(id, "RDS DB Instance Event", "aws.rds", time,
                "\"arn:aws:rds:" + REGION + ":" + ACCOUNT + ":db:" + db + "\"",
                "{\"EventCategories\":[\"failover\"],\"SourceType\":\"DB_INSTANCE\",\"SourceArn\":\"arn:aws:rds:" + REGION
                        + ":" + ACCOUNT + ":db:" + db + "\",\"Date\":\"" + Instant.ofEpochMilli(time) + "\",\"Message\":\""
                        + message + "\",\"SourceIdentifier\":\"" + db + "\",\"EventID\":\"" + eventId + "\"}"));
    }

    /** An RDS DB cluster event (Aurora). */
    static HealthEvent rdsCluster(String id, String cluster, String eventId, String message, long time) {
        return parse(envelope(id, "RDS DB Cluster Event", "aws.rds", time,
                "\"arn:aws:rds:" + REGION + ":" + ACCOUNT + ":cluster:" + cluster + "\"",
                "{\"EventCategories\":[\"failover\"],\"SourceType\":\"DB_CLUSTER\",\"SourceArn\":\"arn:aws:rds:" + REGION
                        + ":" + ACCOUNT + ":cluster:" + cluster + "\",\"Date\":\"" + Instant.ofEpochMilli(time)
                        + "\",\"Message\":\"" + message + "\",\"SourceIdentifier\":\"" + cluster + "\",\"EventID\":\""
                        + eventId + "\"}"));
    }

    /** An AWS Health event naming one entity; {@code category} issue or scheduledChange. */
    static HealthEvent health(String id, String entity, String code, String category, String status, long time) {
        return parse(envelope(id, "AWS Health Event", "aws.health", time, "\"" + entity + "\"",
                "{\"eventArn\":\"arn:aws:health:" + REGION + "::event/EC2/" + code + "/" + code + "_1\",\"service\":\"EC2\","
                        + "\"eventTypeCode\":\"" + code + "\",\"eventTypeCategory\":\"" + category + "\",\"statusCode\":\""
                        + status + "\",\"affectedEntities\":[{\"entityValue\":\"" + entity + "\"}]}"));
    }

    /** An Auto Scaling event about one instance of {@code group}, e.g. "EC2 Instance-terminate Lifecycle Action". */
    static HealthEvent autoScaling(String id, String detailType, String group, String instance, long time) {
        return parse(envelope(id, detailType, "aws.autoscaling", time,
                "\"arn:aws:autoscaling:" + REGION + ":" + ACCOUNT + ":autoScalingGroup:1:autoScalingGroupName/" + group + "\"",
                "{\"AutoScalingGroupName\":\"" + group + "\",\"EC2InstanceId\":\"" + instance + "\","
                        + "\"LifecycleTransition\":\"autoscaling:EC2_INSTANCE_TERMINATING\",\"StatusCode\":\"InProgress\"}"));
    }

    /** A CloudWatch alarm on one metric with one dimension. */
    static HealthEvent alarm(String id, String name, String state, String namespace, String metric, String dimension,
                             String value, long time) {
        return parse(envelope(id, "CloudWatch Alarm State Change", "aws.cloudwatch", time,
                "\"arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + name + "\"",
                "{\"alarmName\":\"" + name + "\",\"state\":{\"value\":\"" + state + "\"},\"configuration\":{\"metrics\":[{\"id\":\"m1\","
                        + "\"metricStat\":{\"metric\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + metric
                        + "\",\"dimensions\":{\"" + dimension + "\":\"" + value + "\"}},\"period\":60,\"stat\":\"Average\"}}]}}"));
    }
}
