package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesCheck;
import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless: passes on a live rules update that reads ({@link RulesCheck}), to be broadcast; turns
 * one that does not into a dead letter (its exact bytes, the reason naming the file, rule and key,
 * source {@code rules}) and counts it ({@code vigil.rulesRejected}). Nothing is broadcast then,
 * so the rules in force stay.
 */
public final class ValidateRules extends ProcessFunction<RulesUpdate, RulesUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateRules.class);
    public static final String SOURCE = "rules";

    private final OutputTag<DeadLetter> rejected;
    private transient Counter rejections;

    public ValidateRules(OutputTag<DeadLetter> rejected) {
        this.rejected = rejected;
    }

    @Override
    public void open(OpenContext ctx) {
        rejections = getRuntimeContext().getMetricGroup().addGroup("vigil").counter("rulesRejected");
    }

    @Override
    public void processElement(RulesUpdate u, Context ctx, Collector<RulesUpdate> out) {
        String problem = RulesCheck.problem(u);
        if (problem == null) {
            out.collect(u);
            return;
        }
        rejections.inc();
        LOG.warn("live rules {} rejected, the rules in force stay: {}", u, problem);
        ctx.output(rejected, new DeadLetter(DeadLetterReason.INVALID_RULES, problem, SOURCE, u.readTime(), u.bytes()));
    }
}
