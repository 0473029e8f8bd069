package dev.vigil.actions.config;

import dev.vigil.actions.plan.PlanValidationException;
import dev.vigil.actions.plan.RecoveryPlans;
import dev.vigil.actions.safety.Scope;
import dev.vigil.common.config.AwsSettings;
import dev.vigil.common.config.ConfigGroups;
import dev.vigil.common.config.ConfigKeys;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.annotation.Nullable;

/**
 * How the actions sink runs, read once from the {@code Actions} and {@code Aws} property groups and
 * validated: a bad value fails at start naming its group and key. Serializable, so the Flink
 * function that executes actions builds its AWS clients from it on the task managers.
 */
public final class ActionsConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String G = "Actions";

    public final boolean enabled;
    /** The {@code Aws} group: where the job's own streams are, the endpoint, the credentials. */
    public final AwsSettings aws;
    /** Where actions are taken ({@code Actions.region}, default {@code Aws.region}). */
    public final String region;
    public final String plansLocation;
    public final boolean dryRun;
    public final String ledgerTable;
    public final long ledgerRetentionDays;
    public final boolean createLedgerTable;
    public final List<String> scopeAccounts;
    public final List<String> scopeRegions;
    public final List<String> scopeResources;
    public final List<String> scopeTags;
    public final int velocityMaxActions;
    public final long velocityWindowMs;
    public final double velocityMaxShare;
    public final int velocityMaxTotal;
    @Nullable public final String notifyTopicArn;
    public final int retryMaxAttempts;
    public final long retryBudgetMs;
    public final int threads;
    public final long timeoutMs;
    public final int capacity;

    private ActionsConfig(ConfigGroups g) {
        enabled = g.flag(G, "enabled", false);
        aws = AwsSettings.of(g);
        region = g.string(G, "region", aws.region);
        plansLocation = g.string(G, "plans.location", RecoveryPlans.DEFAULT_LOCATION);
        dryRun = g.flag(G, "dry.run", false);
        ledgerTable = g.string(G, "ledger.table", "vigil-actions");
        ledgerRetentionDays = g.number(G, "ledger.retention.days", 30, 1);
        createLedgerTable = g.flag(G, "ledger.create.table", false);
        scopeAccounts = g.list(G, "scope.accounts");
        scopeRegions = g.list(G, "scope.regions");
        scopeResources = g.list(G, "scope.resources");
        scopeTags = g.list(G, "scope.tags");
        for (String t : scopeTags) {
            if (t.indexOf('=') <= 0) {
                throw new ConfigGroups.ConfigException(G, "scope.tags", "a comma-separated list of KEY=VALUE", t);
            }
        }
        velocityMaxActions = g.integer(G, "velocity.max.actions", 3, 0);
        velocityWindowMs = g.number(G, "velocity.window.ms", 600_000, 1_000);
        velocityMaxShare = g.fraction(G, "velocity.max.share", 0.25);
        velocityMaxTotal = g.integer(G, "velocity.max.total", 10, 0);
        notifyTopicArn = g.string(G, "notify.topic.arn", null);
        if (notifyTopicArn != null && !notifyTopicArn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]+")) {
            throw new ConfigGroups.ConfigException(G, "notify.topic.arn", "an SNS topic ARN", notifyTopicArn);
        }
        retryMaxAttempts = g.integer(G, "retry.max.attempts", 5, 1);
        retryBudgetMs = g.number(G, "retry.budget.ms", 20_000, 0);
        threads = g.integer(G, "threads", 4, 1);
        timeoutMs = g.number(G, "timeout.ms", 600_000, 1_000);
        capacity = g.integer(G, "capacity", 100, 1);
        try {
            RecoveryPlans.load(plansLocation); // fail at start, not on the first impairment
        } catch (PlanValidationException | UncheckedIOException e) {
            throw new IllegalArgumentException(G + ".plans.location: " + e.getMessage(), e);
        }
    }

    /** The groups as MSF provides them (or as read from a local JSON file); unknown groups or keys fail. */
    public static ActionsConfig of(Map<String, Properties> groups) {
        ConfigKeys.check(groups);
        return new ActionsConfig(new ConfigGroups(groups));
    }

    /** Whether the {@code Actions.enabled} switch is on, without validating the rest. */
    public static boolean enabledIn(Map<String, Properties> groups) {
        return new ConfigGroups(groups).flag(G, "enabled", false);
    }

    /** The allow-lists; empty lists allow nothing but NOTIFY. */
    public Scope scope() {
        Scope.Builder b = Scope.builder();
        scopeAccounts.forEach(b::account);
        scopeRegions.forEach(b::region);
        scopeResources.forEach(b::resource);
        for (String t : scopeTags) {
            int eq = t.indexOf('=');
            b.tag(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
        }
        return b.build();
    }

    /** The settings for log lines and the demo, secrets left out. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("region=" + region + (aws.endpoint == null ? "" : " endpoint=" + aws.endpoint) + " dryRun=" + dryRun);
        out.add("ledger=" + ledgerTable + " plans=" + plansLocation);
        out.add("scope accounts=" + scopeAccounts + " regions=" + scopeRegions + " resources=" + scopeResources
                + " tags=" + scopeTags);
        out.add("velocity " + velocityMaxActions + " per " + velocityWindowMs + " ms, share " + velocityMaxShare
                + ", " + velocityMaxTotal + " across all fleets");
        return Collections.unmodifiableList(out);
    }
}
