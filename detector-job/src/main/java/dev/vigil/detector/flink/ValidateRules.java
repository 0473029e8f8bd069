package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesCheck;
import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless: passes on a live rules update that reads ({@link RulesCheck}), to be broadcast; turns
 * one that does not into a dead letter (its exact bytes, the reason naming the file, rule and key,
 * source {@code rules}) and counts it ({@code vigil.rulesRejected}). Nothing is broadcast then,
 * so the rules in force stay.
 *
 * <p>An operator rather than a function because its output must carry no event time at all: it is
 * announced idle for good and passes on no watermark. The operators the rules reach take the lower
 * watermark of their two inputs over the inputs not idle; a rules stream at any watermark would hold
 * the data back (no watermark yet) or, once finished (the end of time), push the data's watermark to
 * the end of time as soon as the data went idle. Idle, it is never counted.
 */
public final class ValidateRules extends AbstractStreamOperator<RulesUpdate>
        implements OneInputStreamOperator<RulesUpdate, RulesUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateRules.class);
    public static final String SOURCE = "rules";

    private final OutputTag<DeadLetter> rejected;
    private transient Counter rejections;

    public ValidateRules(OutputTag<DeadLetter> rejected) {
        this.rejected = rejected;
        this.chainingStrategy = ChainingStrategy.ALWAYS;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rejections = getMetricGroup().addGroup("vigil").counter("rulesRejected");
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<RulesUpdate> element) {
        RulesUpdate u = element.getValue();
        String problem = RulesCheck.problem(u);
        if (problem == null) {
            output.collect(new StreamRecord<>(u));
            return;
        }
        rejections.inc();
        LOG.warn("live rules {} rejected, the rules in force stay: {}", u, problem);
        output.collect(rejected, new StreamRecord<>(
                new DeadLetter(DeadLetterReason.INVALID_RULES, problem, SOURCE, u.readTime(), u.bytes())));
    }

    @Override
    public void processWatermark(Watermark mark) {
        // (no event time: see the class comment)
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // (idle for good)
    }
}
