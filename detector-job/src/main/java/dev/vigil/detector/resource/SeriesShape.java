package dev.vigil.detector.resource;

import dev.vigil.detector.eval.Aggregation;
import dev.vigil.detector.rules.DetectorType;
import dev.vigil.detector.rules.Rule;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a series' state means and how its bytes are laid out, as far as its rule decides them:
 * the period (open periods and the next period to evaluate are aligned to it), how a period's
 * value is accumulated, the statistic and metric it is of, and whether a model's state follows.
 * A rule restored with the same shape keeps its series' state; one whose shape changed restarts
 * the series (see {@link ResourceStateReader}). Threshold, M of N, missing data, healthy
 * threshold, keep-firing, severity and actions are not in it: they change the next judgements,
 * not what the state holds, so the state is kept across them.
 *
 * <p>Written with every series on every datapoint, so compact (layout 4): the period in seconds
 * (varint), one byte for the layout of the bytes that follow ({@link Kind} and whether a model
 * follows, codes of this format, not enum ordinals) and a 32-bit signature of the aggregation,
 * statistic, detector and metric by name ({@link String#hashCode} is fixed by the language, so
 * every JVM computes the same).
 */
final class SeriesShape {
    /** How the bytes of one open period are sized: one number, two, or a ratio's two with its minutes. */
    enum Kind {
        ONE(0), TWO(1), RATIO(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind ofCode(int code) throws IOException {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IOException("unknown series layout code " + code);
        }
    }

    private static final int STATEFUL = 4;

    final int periodSeconds;
    final Kind kind;
    final boolean stateful;
    final int signature;
    /** What the signature is of, for the log; null when read from state. */
    private final String described;

    private SeriesShape(int periodSeconds, Kind kind, boolean stateful, int signature, String described) {
        this.periodSeconds = periodSeconds;
        this.kind = kind;
        this.stateful = stateful;
        this.signature = signature;
        this.described = described;
    }

    /**
     * Shapes by rule instance: read and written with every series on every datapoint, and rules
     * are immutable and few (those of the rule sets in this JVM), so each is computed once.
     * Bounded all the same, for a JVM that builds rule sets by the thousand (parameter sweeps).
     */
    private static final Map<Rule, SeriesShape> CACHE = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final int CACHE_MAX = 4096;

    static SeriesShape of(Rule rule) {
        SeriesShape s = CACHE.get(rule);
        if (s == null) {
            s = compute(rule);
            if (CACHE.size() >= CACHE_MAX) {
                CACHE.clear();
            }
            CACHE.put(rule, s);
        }
        return s;
    }

    private static SeriesShape compute(Rule rule) {
        Aggregation a = Aggregation.forRule(rule);
        String metric = rule.namespace() + " " + rule.metricName() + (rule.isRatio() ? "/" + rule.denominatorMetricName() : "");
        String described = rule.statistic() + " (" + a.name() + ") of " + metric + ", " + rule.detector().name();
        int signature = 31 * (31 * (31 * a.name().hashCode() + rule.statistic().hashCode()) + rule.detector().name().hashCode())
                + metric.hashCode();
        return new SeriesShape(rule.periodSeconds(), kindOf(a), rule.detector() == DetectorType.ANOMALY, signature, described);
    }

    static Kind kindOf(Aggregation a) {
        switch (a) {
            case RATIO:
                return Kind.RATIO;
            case AVERAGE:
            case EXTENDED_WEIGHTED_MEAN:
                return Kind.TWO;
            default:
                return Kind.ONE;
        }
    }

    /** What differs from {@code written} (the shape the state was written under), for the log; empty when nothing does. */
    String differences(SeriesShape written) {
        StringBuilder sb = new StringBuilder();
        if (periodSeconds != written.periodSeconds) {
            sb.append("period ").append(written.periodSeconds).append(" s -> ").append(periodSeconds).append(" s");
        }
        if (kind != written.kind || stateful != written.stateful || signature != written.signature) {
            sb.append(sb.length() == 0 ? "" : "; ").append("statistic, metric or detector changed, now ")
                    .append(described == null ? "?" : described);
        }
        return sb.toString();
    }

    boolean sameAs(SeriesShape o) {
        return periodSeconds == o.periodSeconds && kind == o.kind && stateful == o.stateful && signature == o.signature;
    }

    void writeTo(DataOutput out) throws IOException {
        StateStrings.writeVarInt(out, periodSeconds);
        out.writeByte(kind.code | (stateful ? STATEFUL : 0));
        out.writeInt(signature);
    }

    static SeriesShape readFrom(DataInput in) throws IOException {
        int period = StateStrings.readVarInt(in);
        int layout = in.readUnsignedByte();
        if ((layout & ~(STATEFUL | 3)) != 0) {
            throw new IOException("unknown series layout " + layout);
        }
        return new SeriesShape(period, Kind.ofCode(layout & 3), (layout & STATEFUL) != 0, in.readInt(), null);
    }
}
