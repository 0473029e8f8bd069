package dev.vigil.actions;

import dev.vigil.actions.config.ActionsConfig;
import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.Fleet;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.exec.aws.EcsSsmServices;
import dev.vigil.actions.exec.aws.ElbTraffic;
import dev.vigil.actions.exec.aws.RdsDatabase;
import dev.vigil.actions.exec.aws.Route53Dns;
import dev.vigil.actions.exec.aws.SdkFleet;
import dev.vigil.actions.exec.aws.SnsNotifier;
import dev.vigil.actions.ledger.DynamoDbLedger;
import dev.vigil.actions.ledger.IdempotencyLedger;
import dev.vigil.actions.ledger.InMemoryLedger;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.actions.safety.VelocityLimiter;
import dev.vigil.common.aws.AwsClients;
import software.amazon.awssdk.services.arczonalshift.ArcZonalShiftClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real parts behind an {@link ActionRunner}, built from {@link ActionsConfig}: one SDK client
 * per service, the DynamoDB ledger, the plans and the safety gate. Closing it closes the clients.
 */
public final class ActionsRuntime implements AutoCloseable {
    private final List<SdkAutoCloseable> clients = new ArrayList<>();
    private final ActionRunner runner;

    /** {@code velocity} is passed in because its counts outlive a runtime (Flink checkpoints them). */
    public ActionsRuntime(ActionsConfig config, VelocityLimiter velocity) {
        AwsClients aws = config.aws.clients(config.region);
        Ec2Client ec2 = keep(aws.build(Ec2Client.builder()));
        AutoScalingClient autoScaling = keep(aws.build(AutoScalingClient.builder()));
        Fleet fleet = new SdkFleet(ec2, autoScaling);
        ActionExecutors executors = ActionExecutors.of(fleet,
                new Route53Dns(keep(aws.build(Route53Client.builder()))),
                new RdsDatabase(keep(aws.build(RdsClient.builder()))),
                new EcsSsmServices(keep(aws.build(EcsClient.builder())), keep(aws.build(SsmClient.builder()))),
                new ElbTraffic(keep(aws.build(ElasticLoadBalancingV2Client.builder())),
                        keep(aws.build(ArcZonalShiftClient.builder()))),
                new SnsNotifier(keep(aws.build(SnsClient.builder()))), config.notifyTopicArn);
        IdempotencyLedger ledger;
        if (config.dryRun) {
            ledger = new InMemoryLedger(); // a dry run reads and writes no ledger, but the runner wants one
        } else {
            DynamoDbClient dynamo = keep(aws.build(DynamoDbClient.builder()));
            if (config.createLedgerTable) {
                DynamoDbLedger.createTableIfMissing(dynamo, config.ledgerTable);
            }
            ledger = new DynamoDbLedger(dynamo, config.ledgerTable, Duration.ofDays(config.ledgerRetentionDays));
        }
        SafetyGate gate = new SafetyGate(config.scope().actingIn(config.region), velocity, f -> {
            Fleet.GroupSize size = fleet.group(f);
            return size == null ? null : size.desired;
        });
        RetryPolicy retry = new RetryPolicy(config.retryMaxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofMillis(config.retryBudgetMs), new Random(), Thread::sleep);
        runner = new ActionRunner(new Planner(RecoveryPlans.load(config.plansLocation)), gate, ledger, executors,
                retry, System::currentTimeMillis, config.dryRun);
    }

    /** A limiter with the configured limits and no history. */
    public static VelocityLimiter velocity(ActionsConfig config) {
        return new VelocityLimiter(config.velocityMaxActions, Duration.ofMillis(config.velocityWindowMs),
                config.velocityMaxShare, config.velocityMaxTotal);
    }

    public ActionRunner runner() {
        return runner;
    }

    private <C extends SdkAutoCloseable> C keep(C client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (SdkAutoCloseable c : clients) {
            c.close();
        }
    }
}
