package dev.vigil.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every group and key of the configuration the two jobs read. One namespace, because one file (or
 * one MSF application's property groups) can serve the detector job, the actions running inside
 * it, and the standalone actions job alike; so it is declared here, in the module both jobs
 * depend on. A key outside it stops the job at start: a typo such as {@code Detector.rule.location}
 * would otherwise be ignored and the default used without a word. Every key is in the README's
 * configuration table; a reader asking for a key not declared here is a programming error.
 */
public final class ConfigKeys {
    private static final Map<String, Set<String>> KEYS = new TreeMap<>();

    static {
        declare("Input", "metrics.stream.arn", "events.stream.arn", "start.position", "start.timestamp",
                "shard.discovery.interval.ms", "reader.type", "impairments.stream.arn", "metrics.format");
        declare("Output", "impairments.stream.arn", "deadletters.stream.arn", "outcomes.stream.arn");
        declare("Aws", "region", "endpoint", "credentials.provider", "access.key.id", "secret.access.key");
        declare("Detector", "rules.location", "rules.live.location", "rules.live.interval.ms", "max.out.of.orderness.ms", "idleness.ms", "state.retention.ms",
                "evaluate.on.complete", "parse.max.record.bytes", "parse.max.line.bytes", "parse.max.future.ms",
                "parse.max.age.ms");
        declare("Topology", "snapshot.path", "api.enabled", "timeout.ms", "cache.size", "cache.ttl.ms", "capacity");
        declare("Correlation", "fleet.open.share", "fleet.recover.share", "fleet.min.impaired", "withhold.share",
                "zone.min.share", "zone.peer.ratio", "zone.recover.share", "zone.min.impaired");
        declare("Actions", "enabled", "region", "plans.location", "dry.run", "ledger.table", "ledger.retention.days",
                "ledger.create.table", "scope.accounts", "scope.regions", "scope.resources", "scope.tags",
                "velocity.max.actions", "velocity.window.ms", "velocity.max.share", "velocity.max.total", "notify.topic.arn",
                "retry.max.attempts", "retry.budget.ms", "threads", "timeout.ms", "capacity");
    }

    private ConfigKeys() {}

    private static void declare(String group, String... keys) {
        KEYS.put(group, Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(keys))));
    }

    /** The group names, sorted. */
    public static Set<String> groups() {
        return Collections.unmodifiableSet(KEYS.keySet());
    }

    public static boolean isDeclared(String group, String key) {
        Set<String> keys = KEYS.get(group);
        return keys != null && keys.contains(key);
    }

    /** Fails fast in a reader that asks for a key the namespace does not declare (then no file could set it). */
    public static void requireDeclared(String group, String key) {
        if (!isDeclared(group, key)) {
            throw new IllegalStateException(group + "." + key + " is read but not declared in ConfigKeys");
        }
    }

    /**
     * Rejects groups and keys outside the namespace, all of them in one message (one per line),
     * each with the nearest known name.
     */
    public static void check(Map<String, Properties> groups) {
        List<String> problems = new ArrayList<>();
        List<String> all = new ArrayList<>();
        KEYS.forEach((g, keys) -> keys.forEach(k -> all.add(g + "." + k)));
        for (String group : new TreeSet<>(groups.keySet())) {
            if (!KEYS.containsKey(group)) {
                problems.add(group + ": unknown group" + Nearest.didYouMean(group, KEYS.keySet())
                        + "; the groups are " + String.join(", ", KEYS.keySet()));
                continue;
            }
            for (String key : new TreeSet<>(groups.get(group).stringPropertyNames())) {
                if (!KEYS.get(group).contains(key)) {
                    problems.add(group + "." + key + ": unknown key" + Nearest.didYouMean(group + "." + key, all));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigGroups.ConfigException(String.join("\n", problems));
        }
    }
}
