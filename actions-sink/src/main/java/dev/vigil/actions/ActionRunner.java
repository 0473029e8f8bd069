package dev.vigil.actions;

import dev.vigil.actions.exec.ActionExecutor;
import dev.vigil.actions.exec.ActionExecutors;
import dev.vigil.actions.exec.RetryPolicy;
import dev.vigil.actions.ledger.IdempotencyLedger;
import dev.vigil.actions.ledger.LedgerEntry;
import dev.vigil.actions.plan.Planner;
import dev.vigil.actions.safety.SafetyGate;
import dev.vigil.schemas.ActionOutcome;
import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.OutcomeStatus;
import dev.vigil.schemas.RecoveryAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns impairment records into recovery, in plain Java (a Flink sink writer only calls
 * {@link #run}). For each planned action, in order: safety gate → claim in the ledger → execute
 * with retries → record the outcome. Returns one {@link ActionOutcome} per action considered, plus
 * one per NOTIFY that replaced an action the gate would not let through.
 *
 * <p>Order rules: after a recovery step fails, its rollback steps run and later steps are skipped,
 * except NOTIFY, so people still hear about it. A failback step that {@code undoes} a recovery step
 * runs only if that step succeeded, and gets what to restore from its claim as {@code undo.*}.
 *
 * <p>Exactly once relies on one runner per impairment id at a time (the Flink sink keys by it);
 * across restarts and replays the ledger makes repeats harmless.
 */
public final class ActionRunner {
    private final Planner planner;
    private final SafetyGate gate;
    private final ActionExecutors executors;
    private final LongSupplier clock;
    private final boolean dryRun;
    private final OnceRunner once;

    /**
     * @param clock epoch milliseconds, for outcome times and velocity windows only (never for ids)
     * @param dryRun plan, gate and log everything, change nothing (not even the ledger)
     */
    public ActionRunner(Planner planner, SafetyGate gate, IdempotencyLedger ledger, ActionExecutors executors,
                        RetryPolicy retry, LongSupplier clock, boolean dryRun) {
        this.planner = planner;
        this.gate = gate;
        this.executors = executors;
        this.clock = clock;
        this.dryRun = dryRun;
        this.once = new OnceRunner(ledger, retry, clock);
    }

    /** Plans and executes the recovery (or failback) for one impairment record. */
    public List<ActionOutcome> run(Impairment impairment) {
        return execute(impairment, planner.plan(impairment));
    }

    /** Executes already planned actions for {@code impairment}. */
    public List<ActionOutcome> execute(Impairment impairment, List<RecoveryAction> actions) {
        List<ActionOutcome> out = new ArrayList<>();
        Map<String, OutcomeStatus> statusById = new HashMap<>();
        boolean failed = false;
        for (RecoveryAction a : actions) {
            String parent = a.getParameters().get(Planner.ROLLBACK_OF);
            if (parent != null) {
                if (statusById.get(parent) != OutcomeStatus.FAILED) {
                    continue; // the step it would roll back did not fail
                }
            } else if (failed && a.getType() != ActionType.NOTIFY) {
                out.add(skipped(a, "not attempted: an earlier step of the plan failed"));
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

    private OutcomeStatus runOne(Impairment impairment, RecoveryAction planned, List<ActionOutcome> out) {
        RecoveryAction a = planned;
        String undoes = a.getParameters().get(Planner.UNDOES);
        if (undoes != null) {
            RetryPolicy.Attempt<LedgerEntry> found = once.lookup(undoes);
            if (!found.isSuccess()) {
                return add(out, once.ledgerUnavailable(a, found.getError(), clock.getAsLong()));
            }
            LedgerEntry original = found.getValue();
            if (original == null || original.getStatus() != OutcomeStatus.SUCCEEDED) {
                return add(out, skipped(a, "nothing to undo: " + undoes + " did not succeed"
                        + (original == null ? " (never ran)" : " (" + original.getStatus() + ")")));
            }
            a = Outcomes.withParams(a, original.getIntent(), "undo.");
        }
        if (!dryRun) {
            // Before the gate: a replay of a finished action must not count against velocity or
            // ask a person again.
            RetryPolicy.Attempt<LedgerEntry> found = once.lookup(a.getActionId());
            if (!found.isSuccess()) {
                return add(out, once.ledgerUnavailable(a, found.getError(), clock.getAsLong()));
            }
            LedgerEntry prior = found.getValue();
            if (prior != null && prior.hasOutcome()) {
                add(out, skipped(a, "already ran: " + prior.getStatus()
                        + (prior.getDetail() == null ? "" : " (" + prior.getDetail() + ")")));
                return prior.getStatus();
            }
        }
        ActionExecutor executor = executors.forType(a.getType());
        if (executor == null) {
            return add(out, skipped(a, "no executor configured for " + a.getType()));
        }
        SafetyGate.Decision decision = gate.check(a, impairment, clock.getAsLong());
        switch (decision.getKind()) {
            case SKIP:
                return add(out, skipped(a, decision.getReason()));
            case ESCALATE:
                escalate(impairment, a, decision.getReason(), out);
                return OutcomeStatus.SKIPPED;
            default:
                break;
        }
        if (dryRun) {
            return add(out, dryRun(a, executor));
        }
        OnceRunner.Result r = once.run(a, executor, x -> gate.executed(x, impairment, clock.getAsLong()));
        out.add(r.outcome);
        return r.effective;
    }

    /**
     * The action is recorded as SKIPPED under its own key (so it never runs later without a person)
     * and a NOTIFY asking for a decision takes its place.
     */
    private void escalate(Impairment impairment, RecoveryAction a, String reason, List<ActionOutcome> out) {
        ActionOutcome skipped = skipped(a, "needs a person: " + reason);
        if (!dryRun) {
            once.recordWithoutActing(a, skipped);
        }
        out.add(skipped);
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
                        + reason + ". " + (a.getReason() == null ? "" : a.getReason()));
        runOne(impairment, notify, out);
    }

    private ActionOutcome dryRun(RecoveryAction a, ActionExecutor executor) {
        long now = clock.getAsLong();
        String intent;
        try {
            intent = executor.prepare(a).toString(); // read only, so allowed in a dry run
        } catch (RuntimeException e) {
            intent = "(could not read state: " + e.getMessage() + ")";
        }
        return Outcomes.of(a, OutcomeStatus.DRY_RUN, "would " + a.getType() + " " + a.getResourceId() + " "
                + a.getParameters() + " intent " + intent, null, 0, now, now);
    }

    private ActionOutcome skipped(RecoveryAction a, String why) {
        long now = clock.getAsLong();
        return Outcomes.of(a, OutcomeStatus.SKIPPED, why, null, 0, now, now);
    }

    private static OutcomeStatus add(List<ActionOutcome> out, ActionOutcome o) {
        out.add(o);
        return o.getStatus();
    }
}
