package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutor;
import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.ledger.IdempotencyLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.safety.Recommendation;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns impairment records into recovery, in plain Java (a Flink function only calls {@link #run}).
 * For each planned action, in order: what the record allows (recommendation, AWS already
 * recovering) → the ledger (already ran?) → safety gate → validate → claim in the ledger → execute
 * with retries → record the outcome. Returns one {@link ActionOutcome} per action considered, plus
 * one per NOTIFY that replaced an action the gate would not let through.
 *
 * <p>Order rules: after a recovery step fails, its rollback steps run and later steps are skipped,
 * except NOTIFY, so people still hear about it. A failback step that {@code undoes} a recovery step
 * runs only if that step succeeded, and gets what to restore from its claim as {@code undo.*}.
 *
 * <p>Exactly once relies on one runner per impairment id at a time (the Flink function runs one
 * lane per fleet); across restarts and replays the ledger makes repeats harmless.
 */
public final class ActionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    /** How far a run goes. */
    public enum Mode {
        /** Claims in the ledger and calls AWS. */
        LIVE,
        /** Plans, gates, validates and reads state, but changes nothing, not even the ledger. */
        DRY_RUN,
        /**
         * No AWS call at all (replay): plans, gates and validates, says what it could not check without
         * live state, and remembers what it previewed so a repeat reads as the ledger would answer it.
         */
        PREVIEW
    }

    /** One action considered and how it ended. */
    public static final class Step {
        public final RecoveryAction action;
        public final ActionOutcome outcome;

        Step(RecoveryAction action, ActionOutcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }
    }

    private final Planner planner;
    private final SafetyGate gate;
    private final ActionExecutors executors;
    private final LongSupplier clock;
    private final Mode mode;
    private final OnceRunner once;
    private final Rehearsal rehearsal;

    /**
     * @param clock epoch milliseconds, for outcome times and velocity windows only (never for ids)
     * @param dryRun plan, gate and log everything, change nothing (not even the ledger)
     */
    public ActionRunner(Planner planner, SafetyGate gate, IdempotencyLedger ledger, ActionExecutors executors,
                        RetryPolicy retry, LongSupplier clock, boolean dryRun) {
        this(planner, gate, ledger, executors, retry, clock, dryRun ? Mode.DRY_RUN : Mode.LIVE);
    }

    public ActionRunner(Planner planner, SafetyGate gate, IdempotencyLedger ledger, ActionExecutors executors,
                        RetryPolicy retry, LongSupplier clock, Mode mode) {
        this.planner = planner;
        this.gate = gate;
        this.executors = executors;
        this.clock = clock;
        this.mode = mode;
        this.once = new OnceRunner(ledger, retry, clock);
        this.rehearsal = new Rehearsal(mode == Mode.PREVIEW, gate, clock);
    }

    /** Plans and executes the recovery (or failback) for one impairment record. */
    public List<ActionOutcome> run(Impairment impairment) {
        return outcomes(steps(impairment));
    }

    /** As {@link #run}, with each outcome's action. */
    public List<Step> steps(Impairment impairment) {
        return executeSteps(impairment, planner.plan(impairment));
    }

    /** Executes already planned actions for {@code impairment}. */
    public List<ActionOutcome> execute(Impairment impairment, List<RecoveryAction> actions) {
        return outcomes(executeSteps(impairment, actions));
    }

    private List<Step> executeSteps(Impairment impairment, List<RecoveryAction> actions) {
        List<Step> out = new ArrayList<>();
        Map<String, OutcomeStatus> statusById = new HashMap<>();
        boolean failed = false;
        for (RecoveryAction a : actions) {
            String parent = a.getParameters().get(Planner.ROLLBACK_OF);
            if (parent != null) {
                if (statusById.get(parent) != OutcomeStatus.FAILED) {
                    continue; // the step it would roll back did not fail
                }
            } else if (failed && a.getType() != ActionType.NOTIFY) {
                add(out, a, skipped(a, "not attempted: an earlier step of the plan failed"));
                continue;
            }
            OutcomeStatus effective = runOne(impairment, a, out);
            if (parent == null) {
                statusById.put(a.getActionId(), effective);
                failed |= effective == OutcomeStatus.FAILED;
            }
        }
        return out;
    }

    private OutcomeStatus runOne(Impairment impairment, RecoveryAction planned, List<Step> out) {
        // First what the record itself allows: it costs no read, and nothing is remembered, so a
        // later revision that recommends the action (or no longer lists AWS's recovery) lets it run.
        String denied = gate.precheck(planned, impairment);
        if (denied != null) {
            return add(out, planned, skipped(planned, denied));
        }
        RecoveryAction a = planned;
        String undoes = a.getParameters().get(Planner.UNDOES);
        if (undoes != null) {
            if (mode == Mode.PREVIEW) {
                if (!rehearsal.previewed(undoes)) {
                    return add(out, a, skipped(a, "nothing to undo: " + undoes + " did not run in this preview"));
                }
            } else {
                RetryPolicy.Attempt<LedgerEntry> found = prior(undoes, a.getParameters().get(Planner.UNDOES_LEGACY));
                if (!found.isSuccess()) {
                    return add(out, a, once.ledgerUnavailable(a, found.getError(), clock.getAsLong()));
                }
                LedgerEntry original = found.getValue();
                if (original == null || original.getStatus() != OutcomeStatus.SUCCEEDED) {
                    return add(out, a, skipped(a, "nothing to undo: " + undoes + " did not succeed"
                            + (original == null ? " (never ran)" : " (" + original.getStatus() + ")")));
                }
                a = Outcomes.withParams(a, original.getIntent(), "undo.");
            }
        }
        LedgerEntry unfinishedLegacy = null;
        if (mode == Mode.LIVE) {
            // Before the gate: a replay of a finished action must not count against velocity or
            // ask a person again.
            RetryPolicy.Attempt<LedgerEntry> found = prior(a.getActionId(), a.getLegacyActionId());
            if (!found.isSuccess()) {
                return add(out, a, once.ledgerUnavailable(a, found.getError(), clock.getAsLong()));
            }
            LedgerEntry prior = found.getValue();
            if (prior != null && prior.hasOutcome()) {
                String where = prior.getActionId().equals(a.getActionId()) ? ""
                        : " [recorded under its pre-upgrade key " + prior.getActionId() + "]";
                add(out, a, skipped(a, "already ran: " + prior.getStatus()
                        + (prior.getDetail() == null ? "" : " (" + prior.getDetail() + ")") + where));
                return prior.getStatus();
            }
            unfinishedLegacy = prior != null && !prior.getActionId().equals(a.getActionId()) ? prior : null;
        } else if (mode == Mode.PREVIEW && rehearsal.previewed(a.getActionId())) {
            return add(out, a, skipped(a, rehearsal.repeat(a)));
        }
        ActionExecutor executor = executors.forType(a.getType());
        if (executor == null) {
            return add(out, a, skipped(a, "no executor configured for " + a.getType()));
        }
        SafetyGate.Decision decision = gate.check(a, impairment, clock.getAsLong());
        switch (decision.getKind()) {
            case SKIP:
                return add(out, a, skipped(a, decision.getReason()));
            case ESCALATE:
                escalate(impairment, a, decision.getReason(), out);
                return OutcomeStatus.SKIPPED;
            default:
                break;
        }
        if (mode != Mode.PREVIEW && a.isDestructive() && OnceRunner.invalid(a, executor) == null) {
            // Records can be forged; the resource's state cannot: a destructive action it does not
            // confirm goes to a person. Unreadable state is no confirmation either.
            RetryPolicy.Attempt<String> live = once.contradiction(a, executor);
            if (!live.isSuccess()) {
                long now = clock.getAsLong();
                return add(out, a, Outcomes.of(a, OutcomeStatus.FAILED, "could not read the live state to confirm the"
                        + " impairment, not acting: " + live.getError().getMessage(), live.getError().getCode(),
                        live.getAttempts(), now, now));
            }
            if (live.getValue() != null) {
                escalate(impairment, a, "the live state does not confirm the impairment: " + live.getValue(), out);
                return OutcomeStatus.SKIPPED;
            }
        }
        String beyond = Recommendation.beyond(a, impairment);
        if (beyond != null) {
            LOG.warn("action {} ({} on {}) goes {}", a.getActionId(), a.getType(), a.getResourceId(), beyond);
        }
        ActionOutcome outcome;
        OutcomeStatus effective;
        if (mode == Mode.LIVE) {
            OnceRunner.Result r = once.run(a, executor, x -> gate.executed(x, impairment, clock.getAsLong()),
                    unfinishedLegacy);
            outcome = r.outcome;
            effective = r.effective;
        } else {
            outcome = mode == Mode.PREVIEW ? rehearsal.preview(a, executor, impairment) : rehearsal.dryRun(a, executor);
            effective = outcome.getStatus();
        }
        add(out, a, beyond == null ? outcome : Outcomes.noted(outcome, beyond));
        return effective;
    }

    /** The entry under the action's key, else under the key release 0.1 gave it; null when neither. */
    @Nullable
    private RetryPolicy.Attempt<LedgerEntry> prior(String id, @Nullable String legacyId) {
        RetryPolicy.Attempt<LedgerEntry> e = once.lookup(id);
        return !e.isSuccess() || e.getValue() != null || legacyId == null ? e : once.lookup(legacyId);
    }

    /**
     * The action is recorded as SKIPPED under its own key (so it never runs later without a person)
     * and a NOTIFY asking for a decision takes its place.
     */
    private void escalate(Impairment impairment, RecoveryAction a, String reason, List<Step> out) {
        ActionOutcome skipped = skipped(a, "needs a person: " + reason);
        if (mode == Mode.LIVE) {
            once.recordWithoutActing(a, skipped);
        } else if (mode == Mode.PREVIEW) {
            rehearsal.remember(a, impairment);
        }
        add(out, a, skipped);
        Map<String, String> params = new HashMap<>();
        String topic = a.getParameters().get("topicArn");
        if (topic != null) {
            params.put("topicArn", topic);
        }
        params.put("withheldAction", a.getType().name());
        params.put("subject", "Vigil needs a decision: " + a.getType() + " " + a.getResourceId());
        RecoveryAction notify = new RecoveryAction(a.getActionId() + "/notify", a.getImpairmentId(), a.getStep(),
                ActionType.NOTIFY, a.getResourceId(), a.getResourceType(), a.getAccount(), a.getRegion(), params, false,
                "Human decision needed: Vigil withheld " + a.getType() + " on " + a.getResourceId() + " because "
                        + reason + ". " + (a.getReason() == null ? "" : a.getReason()),
                null, topic == null && a.getUnboundParameters().containsKey("topicArn")
                        ? Map.of("topicArn", a.getUnboundParameters().get("topicArn")) : null,
                a.getLegacyActionId() == null ? null : a.getLegacyActionId() + "/notify");
        runOne(impairment, notify, out);
    }

    private ActionOutcome skipped(RecoveryAction a, String why) {
        long now = clock.getAsLong();
        return Outcomes.of(a, OutcomeStatus.SKIPPED, why, null, 0, now, now);
    }

    private static OutcomeStatus add(List<Step> out, RecoveryAction a, ActionOutcome o) {
        out.add(new Step(a, o));
        return o.getStatus();
    }

    private static List<ActionOutcome> outcomes(List<Step> steps) {
        List<ActionOutcome> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            out.add(s.outcome);
        }
        return out;
    }
}
