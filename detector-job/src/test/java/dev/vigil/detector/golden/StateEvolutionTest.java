package dev.vigil.detector.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detector.resource.ResourceDetector;
import dev.vigil.detector.resource.ResourceKey;
import dev.vigil.detector.resource.RestoreReport;
import dev.vigil.detector.rules.RuleSet;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.LifecycleState;
import dev.vigil.schemas.golden.GoldenFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target group's state at the golden cut, written by version 1 (commit 545e0e3, layout 2) and
 * by layout 3 (commit 10359c3), read back under rules an operator changed in between: a rule
 * removed, renamed, its anomaly parameters or its period changed. Each read must succeed and the
 * open impairment go on as itself (same id, gapless revisions, resolved once healthy), with what
 * the change cannot keep dropped or relearnt, and said so in the {@link RestoreReport}.
 */
class StateEvolutionTest {
    private static final String TG = GoldenV1Scenario.TARGET_GROUP;
    private static final String RATIO = "alb-target-5xx-ratio";
    private static final String HOSTS = "alb-unhealthy-hosts";
    private static final String ANOMALY = GoldenDrivers.ANOMALY_RULE;

    @TempDir
    Path tmp;

    /** The state's bytes and the impairment open in them, by source. */
    private static byte[] bytes(String source) throws Exception {
        if (source.equals("v1")) {
            return GoldenFiles.read("v1/resource-target-group.bin");
        }
        try (InputStream in = StateEvolutionTest.class.getResourceAsStream("/state/layout3/resource-target-group.bin")) {
            return in.readAllBytes();
        }
    }

    private static Impairment open(String source) throws Exception {
        JsonNode json = source.equals("v1") ? GoldenFiles.readJson("v1/resource-target-group.json")
                : Json.MAPPER.readTree(StateEvolutionTest.class.getResourceAsStream("/state/layout3/resource-target-group.json"));
        return Json.fromString(json.get("open").toString(), Impairment.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void aRemovedRulesSeriesIsDroppedAndItsCauseClears(String source) throws Exception {
        // Given the state at the cut, and the rules without the 5xx ratio rule (one of the open impairment's causes)
        RuleSet rules = EditedRules.golden().remove(RATIO).ruleSet(tmp, "rules.yaml");
        Impairment open = open(source);
        assertThat(open.getSummary()).contains("rule:" + RATIO);

        // When it is read and fed the rest of the input
        RestoreReport report = new RestoreReport();
        ResourceDetector d = read(source, rules, report);
        GoldenDrivers.Resource r = new GoldenDrivers.Resource(TG, bytes(source), rules);
        Map<String, List<Map<String, Object>>> evaluations = new TreeMap<>();
        List<Impairment> after = GoldenDrivers.continueResource(r, evaluations);

        // Then the other series are kept and the removed rule's is dropped, counted once
        assertThat(d.seriesCount()).isEqualTo(2);
        assertThat(report.droppedByRule()).isEqualTo(Map.of(RATIO, 1));
        assertThat(report.restartedCount()).isZero();
        assertThat(evaluations).containsOnlyKeys(HOSTS, ANOMALY);
        // and its cause leaves the impairment in the next revision, which goes on and resolves when the scenario says
        GoldenInvariants.continues(open, after, source);
        assertThat(after.get(0).getState()).isEqualTo(LifecycleState.UPDATE);
        assertThat(after.get(0).getSummary()).doesNotContain("rule:" + RATIO).contains("rule:" + HOSTS);
        assertThat(after).allSatisfy(i -> assertThat(i.getSummary()).doesNotContain("rule:" + RATIO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void aRenamedRuleIsARemovedOnePlusANewOne(String source) throws Exception {
        // Given the rules with the unhealthy-hosts rule under a new id
        RuleSet rules = EditedRules.golden().rename(HOSTS, "alb-unhealthy-targets").ruleSet(tmp, "rules.yaml");
        Impairment open = open(source);

        // When the state is read and fed the rest of the input
        RestoreReport report = new RestoreReport();
        read(source, rules, report);
        List<Impairment> after = GoldenDrivers.continueResource(new GoldenDrivers.Resource(TG, bytes(source), rules), null);

        // Then the old id's series is dropped and its cause clears; the new id learns from scratch
        // and joins the same impairment once it has its M of N (the 5xx cause holds it open meanwhile)
        assertThat(report.droppedByRule()).isEqualTo(Map.of(HOSTS, 1));
        GoldenInvariants.continues(open, after, source);
        assertThat(after.get(0).getSummary()).doesNotContain("rule:" + HOSTS + ",", "rule:" + HOSTS + ")");
        List<String> summaries = after.stream().map(Impairment::getSummary).collect(Collectors.toList());
        assertThat(summaries).anySatisfy(s -> assertThat(s).contains("rule:alb-unhealthy-targets"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void changedAnomalyParametersKeepTheRestOfTheResourceAligned(String source) throws Exception {
        // Given the anomaly rule with another season bucket count (the old model's layout key) and
        // another sustained window (which sizes today's model)
        RuleSet changed = EditedRules.golden().set(ANOMALY, "anomaly", "{season.buckets: 48, sustain.rows: 8}")
                .ruleSet(tmp, "changed.yaml");
        Impairment open = open(source);

        // When the state is read under them and under the unchanged rules
        RestoreReport report = new RestoreReport();
        ResourceDetector d = read(source, changed, report);
        Map<String, List<Map<String, Object>>> evaluations = new TreeMap<>();
        List<Impairment> after = GoldenDrivers.continueResource(new GoldenDrivers.Resource(TG, bytes(source), changed),
                evaluations);
        Map<String, List<Map<String, Object>>> unchanged = new TreeMap<>();
        GoldenDrivers.continueResource(new GoldenDrivers.Resource(TG, bytes(source)), unchanged);

        // Then every series is read, the bytes after the model too: the impairment goes on as itself
        assertThat(d.seriesCount()).isEqualTo(3);
        assertThat(report.isEmpty()).isTrue();
        GoldenInvariants.continues(open, after, source);
        // and the threshold series judge exactly as under the unchanged rules
        assertThat(evaluations.get(RATIO)).isEqualTo(unchanged.get(RATIO));
        assertThat(evaluations.get(HOSTS)).isEqualTo(unchanged.get(HOSTS));
        Map<String, Object> first = evaluations.get(ANOMALY).get(0);
        if (source.equals("layout3")) {
            // and today's model keeps every stage but the resized one: its expectation (baseline) is the same
            assertThat(first.get("expected")).isEqualTo(unchanged.get(ANOMALY).get(0).get("expected"));
            assertThat(first.get("expected")).as("a learnt baseline, not a fresh model's first value").isNotEqualTo(first.get("value"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void aChangedPeriodRestartsTheSeriesStillFiring(String source) throws Exception {
        // Given the state as today's code writes it (layout 4 records each series' period), and the
        // unhealthy-hosts rule judged over two minutes instead of one
        byte[] today = GoldenDrivers.bytesOf(GoldenDrivers.readResource(TG, bytes(source)));
        assertThat(today[0]).isEqualTo((byte) 4);
        RuleSet rules = EditedRules.golden().set(HOSTS, "periodSeconds", "120").ruleSet(tmp, "rules.yaml");
        Impairment open = open(source);

        // When it is read and fed the rest of the input
        RestoreReport report = new RestoreReport();
        ResourceDetector.readFrom(ResourceKey.parse(GoldenDrivers.keyOf(TG)), rules, today, report);
        GoldenDrivers.Resource r = new GoldenDrivers.Resource(TG, today, rules);
        List<Impairment> after = GoldenDrivers.continueResource(r, null);

        // Then its series restarts (its periods cannot be kept), still firing: no cause leaves at the restore
        assertThat(report.restartedByRule()).containsOnlyKeys(HOSTS);
        assertThat(report.restartedByRule().get(HOSTS)).isEqualTo("period 60 s -> 120 s");
        assertThat(report.droppedCount()).isZero();
        GoldenInvariants.continues(open, after, source);
        assertThat(after.get(0).getSummary()).contains("rule:" + HOSTS);
        GoldenInvariants.allResolved(after, Set.of(open.getId()), source);
        assertThat(r.load().isImpaired()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void aChangedPeriodInAnEarlierLayoutIsReadAndNothingLeaks(String source) throws Exception {
        // Given the state in its own layout, which does not say its period, and the changed period
        RuleSet rules = EditedRules.golden().set(HOSTS, "periodSeconds", "120").ruleSet(tmp, "rules.yaml");
        Impairment open = open(source);

        // When it is read and fed the rest of the input
        GoldenDrivers.Resource r = new GoldenDrivers.Resource(TG, bytes(source), rules);
        List<Impairment> after = GoldenDrivers.continueResource(r, null);

        // Then (kept where the state is aligned to the new period, restarted where not) the impairment
        // goes on, resolves, and no period is left open forever
        GoldenInvariants.continues(open, after, source);
        GoldenInvariants.allResolved(after, Set.of(open.getId()), source);
        assertThat(r.load().isImpaired()).isFalse();
        assertThat(r.load().nextEvaluationTime()).isLessThan(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "layout3"})
    void stateNoReaderCanReadIsRefusedNotMisread(String source) throws Exception {
        // Given the state cut short in its lifecycle
        byte[] b = bytes(source);
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 40);

        // When it is read, Then it is refused as a whole (the function drops and counts it)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResourceDetector.readFrom(
                ResourceKey.parse(GoldenDrivers.keyOf(TG)), GoldenDrivers.RULES, cut, null))
                .isInstanceOf(java.io.IOException.class);
    }

    private static ResourceDetector read(String source, RuleSet rules, RestoreReport report) throws Exception {
        return ResourceDetector.readFrom(ResourceKey.parse(GoldenDrivers.keyOf(TG)), rules, bytes(source), report);
    }
}
