package dev.vigil.detector.golden;

import dev.vigil.detector.eval.Evaluation;
import dev.vigil.detector.eval.Placement;
import dev.vigil.detector.parse.EventParser;
import dev.vigil.detector.parse.MetricStreamParser;
import dev.vigil.detector.parse.ParseLimits;
import dev.vigil.detector.parse.ParseOutput;
import dev.vigil.detector.peer.PeerGroup;
import dev.vigil.detector.peer.PeerMembers;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.rules.Rule;
import dev.vigil.detector.rules.RuleMatcher;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.Enrichment;
import dev.vigil.detector.topology.TopologySnapshot;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the plain detection classes over {@link GoldenV1Scenario} minute by minute, the way their
 * Flink functions do (datapoints in, periods closed when complete, the watermark 30 s behind the
 * newest minute), so the generator and the golden tests feed them identically. Processing time
 * is a fixed offset from event time, so the output is the same on every run.
 */
final class GoldenDrivers {
    static final RuleSet RULES = RuleSet.load(GoldenV1Scenario.RULES);
    static final RuleMatcher MATCHER = new RuleMatcher(RULES);
    static final Rule PEER_RULE = RulesFile.load(GoldenV1Scenario.RULES).peers().get("ec2-cpu-peer-outlier");
    static final String ANOMALY_RULE = "alb-target-response-time-anomaly";

    private GoldenDrivers() {}

    static String keyOf(String resourceId) {
        return ResourceKey.key(GoldenV1Scenario.ACCOUNT, GoldenV1Scenario.REGION, resourceId);
    }

    /** The watermark once minute {@code m}'s datapoints are in: 30 s of out-of-orderness behind them. */
    static long watermark(int m) {
        return GoldenV1Scenario.minuteStart(m) - 30_001;
    }

    /** Stand-in for processing time: a second after the minute ends. */
    static long emitTime(int m) {
        return GoldenV1Scenario.minuteStart(m) + 61_000;
    }

    static List<MetricDatapoint> datapoints(int m) {
        List<MetricDatapoint> out = new ArrayList<>();
        new MetricStreamParser(ParseLimits.defaults().withoutTimeChecks(), "metrics")
                .parse(GoldenV1Scenario.metricRecord(m), GoldenV1Scenario.minuteStart(m), collect(out));
        return out;
    }

    static HealthEvent terminated() {
        List<HealthEvent> out = new ArrayList<>();
        new EventParser(ParseLimits.defaults().withoutTimeChecks(), "events")
                .parse(GoldenV1Scenario.terminated(), GoldenV1Scenario.TERMINATED_AT, collect(out));
        return out.get(0);
    }

    private static <T> ParseOutput<T> collect(List<T> out) {
        return new ParseOutput<T>() {
            @Override
            public void accept(T record) {
                out.add(record);
            }

            @Override
            public void reject(DeadLetter deadLetter) {
                throw new IllegalStateException("the golden scenario has a broken line: " + deadLetter.getMessage());
            }
        };
    }

    static ResourceDetector newResource(String resourceId) {
        return new ResourceDetector(ResourceKey.parse(keyOf(resourceId)), null);
    }

    static ResourceDetector readResource(String resourceId, byte[] bytes) throws IOException {
        return ResourceDetector.readFrom(ResourceKey.parse(keyOf(resourceId)), RULES,
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    }

    static byte[] bytesOf(ResourceDetector d) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try {
            d.writeTo(new java.io.DataOutputStream(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /**
     * One resource's keyed state as ResourceDetectorFunction keeps it: bytes, read before and
     * written after every step (a detector built for a new key only learns its resource type from
     * its first datapoint; read back, it has it from the start).
     */
    static final class Resource {
        final String resourceId;
        byte[] bytes;
        private final RuleSet rules;
        private final RuleMatcher matcher;

        Resource(String resourceId, byte[] bytes) {
            this(resourceId, bytes, RULES);
        }

        /** Under other rules than the golden ones (a rules change across a restore). */
        Resource(String resourceId, byte[] bytes, RuleSet rules) {
            this.resourceId = resourceId;
            this.bytes = bytes;
            this.rules = rules;
            this.matcher = rules == RULES ? MATCHER : new RuleMatcher(rules);
        }

        ResourceDetector load() throws IOException {
            return bytes == null ? newResource(resourceId)
                    : ResourceDetector.readFrom(ResourceKey.parse(keyOf(resourceId)), rules,
                            new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
        }

        void store(ResourceDetector d) {
            bytes = bytesOf(d);
        }

        /**
         * Minute {@code m}, as the function does it: each datapoint a rule maps to the resource, the
         * periods whose data is complete, then the watermark. Every evaluation is added to
         * {@code evaluations} (if not null) under its rule's id.
         */
        List<Impairment> minute(int m, Map<String, List<Map<String, Object>>> evaluations) throws IOException {
            ResourceDetector d = load();
            ResourceDetector.EvaluationListener listener = evaluations == null ? null
                    : (resource, rule, e) -> evaluations.computeIfAbsent(rule, k -> new ArrayList<>()).add(evaluation(e));
            for (MetricDatapoint dp : datapoints(m)) {
                matcher.forEachMatch(dp, (rule, role, id) -> {
                    if (id.equals(resourceId) && d.accept(rule, role, dp) != Placement.ACCEPTED) {
                        throw new IllegalStateException("late datapoint in the golden scenario: " + dp);
                    }
                });
            }
            List<Impairment> out = new ArrayList<>(d.closeCompleted(emitTime(m), listener));
            out.addAll(d.advance(watermark(m), emitTime(m), listener));
            store(d);
            return out;
        }

        void addEvent(HealthEvent e) throws IOException {
            ResourceDetector d = load();
            d.addEvent(e);
            store(d);
        }
    }

    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("periodStart", e.periodStartMs());
        m.put("value", e.value());
        m.put("outcome", e.verdict().outcome().name());
        m.put("score", e.verdict().score());
        m.put("expected", e.verdict().threshold());
        m.put("lower", e.verdict().lowerBound());
        m.put("upper", e.verdict().upperBound());
        m.put("state", e.state().name());
        m.put("firing", e.firing());
        m.put("consecutiveGood", e.consecutiveGood());
        return m;
    }

    static PeerGroup newPeerGroup() {
        return new PeerGroup(PEER_RULE, GoldenV1Scenario.ACCOUNT, GoldenV1Scenario.REGION, GoldenV1Scenario.ASG,
                PeerMembers.inMemory());
    }

    static PeerGroup readPeerGroup(byte[] bytes) throws IOException {
        return readPeerGroup(bytes, PeerMembers.inMemory());
    }

    /** The group in {@code bytes}, its members kept in {@code members}. */
    static PeerGroup readPeerGroup(byte[] bytes, PeerMembers members) throws IOException {
        return PeerGroup.readFrom(PEER_RULE, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)), members);
    }

    static byte[] bytesOf(PeerGroup g) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try {
            g.writeTo(new java.io.DataOutputStream(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Adds minute {@code m}'s values of every member, as PeerOutlierFunction does per datapoint. */
    static void peerValues(PeerGroup g, int m) {
        for (MetricDatapoint dp : datapoints(m)) {
            if (dp.getNamespace().equals(PEER_RULE.namespace()) && dp.getMetricName().equals(PEER_RULE.metricName())) {
                g.add(dp.dimension(PEER_RULE.peer().memberDimension()), dp.getTimestamp(), dp.statistic(PEER_RULE.statistic()));
            }
        }
    }

    /** The timer at the end of minute {@code m}: judge it, then forget members silent too long. */
    static List<Impairment> peerMinuteEnd(PeerGroup g, int m) {
        List<Impairment> out = new ArrayList<>();
        long minute = GoldenV1Scenario.minuteStart(m);
        if (g.isPending(minute)) {
            out.addAll(g.evaluate(minute, emitTime(m)));
        }
        out.addAll(g.expire(minute + GoldenV1Scenario.MINUTE, emitTime(m)));
        return out;
    }

    /** What topology enrichment adds from the scenario's snapshot (no AWS API), as EnrichTopologyFunction does. */
    static Impairment enrich(Impairment i, TopologySnapshot snapshot) {
        return Enrichment.with(i, Enrichment.known(i, snapshot));
    }

    static TopologySnapshot snapshot() {
        try {
            return TopologySnapshot.parse(GoldenV1Scenario.topologySnapshot().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds minutes CUT..END to one resource; its evaluations go to {@code evaluations} (may be null) by rule. */
    static List<Impairment> continueResource(Resource r, Map<String, List<Map<String, Object>>> evaluations) throws Exception {
        List<Impairment> out = new ArrayList<>();
        for (int m = GoldenV1Scenario.CUT; m < GoldenV1Scenario.END; m++) {
            out.addAll(r.minute(m, evaluations));
        }
        return out;
    }

    /** Judges the pending minute, then feeds minutes CUT..END to the peer group. */
    static List<Impairment> continuePeers(PeerGroup g) {
        List<Impairment> out = new ArrayList<>();
        for (int m = GoldenV1Scenario.CUT; m < GoldenV1Scenario.END; m++) {
            out.addAll(peerMinuteEnd(g, m - 1));
            peerValues(g, m);
        }
        out.addAll(peerMinuteEnd(g, GoldenV1Scenario.END - 1));
        return out;
    }

    static Map<String, Object> atCut(ResourceDetector d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seriesCount", d.seriesCount());
        m.put("impaired", d.isImpaired());
        m.put("lastDataMs", d.lastDataMs());
        m.put("nextEvaluationTime", d.nextEvaluationTime());
        m.put("nextEventTime", d.nextEventTime());
        m.put("maxPeriodMs", d.maxPeriodMs());
        return m;
    }
}
