package dev.vigil.detector.deploy;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every AWS call any SDK client in the test JVM sends, as the IAM action it needs
 * ({@code kinesis:PutRecords}), by the port of the endpoint it went to: each test's emulator has its
 * own port, so a test reads only its own calls. Registered for every client through the SDK's
 * global interceptor list ({@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * in the test resources), so the job's connector and the executors are recorded without a change
 * to them. Calls a test makes to set the emulator up are left out with {@link #ignoring}.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
    /** SDK service name to IAM prefix; an unknown service fails the test that meets it. */
    private static final Map<String, String> IAM_PREFIX = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private static final Map<Integer, Set<String>> CALLS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> IGNORING = ThreadLocal.withInitial(() -> false);

    static {
        IAM_PREFIX.put("Kinesis", "kinesis");
        IAM_PREFIX.put("Ec2", "ec2");
        IAM_PREFIX.put("AutoScaling", "autoscaling");
        IAM_PREFIX.put("ElasticLoadBalancingV2", "elasticloadbalancing");
        IAM_PREFIX.put("Route53", "route53");
        IAM_PREFIX.put("Rds", "rds");
        IAM_PREFIX.put("Ecs", "ecs");
        IAM_PREFIX.put("Ssm", "ssm");
        IAM_PREFIX.put("Sns", "sns");
        IAM_PREFIX.put("ArcZonalShift", "arc-zonal-shift");
        IAM_PREFIX.put("DynamoDb", "dynamodb");
        IAM_PREFIX.put("Sqs", "sqs");
        IAM_PREFIX.put("S3", "s3");
        IAM_PREFIX.put("CloudWatch", "cloudwatch");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        record(context.httpRequest().port(), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    static void record(int port, String service, String operation) {
        if (IGNORING.get()) {
            return;
        }
        String prefix = IAM_PREFIX.get(service);
        String action = (prefix == null ? "UNKNOWN-SERVICE-" + service : prefix) + ":" + operation;
        CALLS.computeIfAbsent(port, p -> ConcurrentHashMap.newKeySet()).add(action);
    }

    /** The IAM actions of the calls sent to {@code port} so far. */
    public static Set<String> calls(int port) {
        return new TreeSet<>(CALLS.getOrDefault(port, Set.of()));
    }

    public static void clear(int port) {
        CALLS.remove(port);
    }

    /** Runs the test's own set-up calls unrecorded (only calls made on this thread). */
    public static <T> T ignoring(Callable<T> setUp) throws Exception {
        IGNORING.set(true);
        try {
            return setUp.call();
        } finally {
            IGNORING.set(false);
        }
    }
}
