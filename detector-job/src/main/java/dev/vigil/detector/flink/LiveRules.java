package dev.vigil.detector.flink;

import dev.vigil.detector.live.RulesCheck;
import dev.vigil.detector.live.RulesUpdate;
import dev.vigil.detector.rules.RulesFile;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.io.Serializable;

/**
 * The rules one operator subtask uses: those read at submission (shipped with the function) until
 * the first live update, then the last accepted one. The update itself is kept in broadcast state
 * ({@link #STATE}), so a restart restores it, unless live rules are now off or read from another
 * object (then the start rules apply: they are what the application was last configured with).
 * Each applied version is logged once per subtask and shown as {@code vigil.rulesVersion} (the
 * file's {@code version:}, 0 without one) and counted ({@code vigil.rulesApplied}).
 */
public final class LiveRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveRules.class);
    private static final String KEY = "rules";

    /** Every rules-using operator's broadcast state: the last accepted update under one key. */
    public static final MapStateDescriptor<String, RulesUpdate> STATE =
            new MapStateDescriptor<>("live-rules", Types.STRING, RulesUpdateTypeInfoFactory.TYPE_INFO);

    private final RulesFile start;
    @Nullable private final String liveLocation;

    private transient RulesFile current;
    @Nullable private transient String tag;
    private transient volatile long version;
    private transient Counter applied;
    private transient String operator;

    /**
     * @param start        the rules read at submission
     * @param liveLocation the live rules object, or null when live rules are off
     */
    public LiveRules(RulesFile start, @Nullable String liveLocation) {
        this.start = start;
        this.liveLocation = liveLocation;
    }

    /** Start rules only: what tests of one function and jobs without live rules use. */
    public static LiveRules fixed(RulesFile start) {
        return new LiveRules(start, null);
    }

    /**
     * The update a checkpoint holds, if it is from the object configured now; else the start rules.
     * Called from {@code initializeState}, which Flink calls before {@link #open}.
     */
    void restore(OperatorStateStore store, String operatorName) throws Exception {
        operator = operatorName;
        RulesUpdate kept = store.getBroadcastState(STATE).get(KEY);
        if (kept != null && kept.location().equals(liveLocation)) {
            use(kept, "restored");
        }
    }

    /** Metrics; the start rules unless {@link #restore} found an update. */
    void open(MetricGroup vigil, String operatorName) {
        operator = operatorName;
        if (current == null) {
            current = start;
            tag = null;
            version = start.version();
        }
        applied = vigil.counter("rulesApplied");
        vigil.gauge("rulesVersion", () -> version);
    }

    /**
     * Applies an accepted update and keeps it in this subtask's broadcast state; the same version
     * again changes nothing. Returns whether the rules changed.
     */
    boolean apply(RulesUpdate u, BroadcastState<String, RulesUpdate> state) throws Exception {
        if (u.tag().equals(tag)) {
            return false;
        }
        if (!use(u, "applied")) {
            return false;
        }
        state.put(KEY, u);
        applied.inc();
        return true;
    }

    private boolean use(RulesUpdate u, String how) {
        RulesFile parsed;
        try {
            parsed = RulesCheck.parse(u);
        } catch (RuntimeException e) {
            // Validated before the broadcast; a reader of a later release may still refuse it: keep what is in force.
            LOG.warn("{}: live rules {} not {}, the rules in force stay: {}", operator, u, how, e.getMessage());
            return false;
        }
        current = parsed;
        tag = u.tag();
        version = parsed.version();
        LOG.info("{}: live rules {} {}: version {}, {} rules and {} peer rules", operator, u, how, parsed.version(),
                parsed.rules().size(), parsed.peers().size());
        return true;
    }

    /** The rules in force. */
    RulesFile current() {
        return current;
    }
}
