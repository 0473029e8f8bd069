package dev.vigil.faults;

import java.util.Random;
import java.util.function.Predicate;

/**
 * Which requests get a fault: a service and operation (null = any), optionally a predicate on the
 * request, and a schedule: after skipping the first {@code skip} matches, each match is injected
 * (or, with {@link #fraction}, a seeded random share of them) until {@code times} injections were
 * made. Built with {@link FaultProxy#on}; thread safe.
 */
public final class Rule {
    private final String service;
    private final String operation;
    private Predicate<AwsRequest> where = r -> true;
    private int skip;
    private int times = Integer.MAX_VALUE;
    private Random random;
    private double fraction = 1.0;
    private Fault fault;
    private int matched;
    private int injected;
    private boolean enabled = true;
    private final FaultProxy proxy;

    Rule(FaultProxy proxy, String service, String operation) {
        this.proxy = proxy;
        this.service = service;
        this.operation = operation;
    }

    /** Only requests the predicate accepts (e.g. a body naming one stream). */
    public synchronized Rule where(Predicate<AwsRequest> predicate) {
        this.where = predicate;
        return this;
    }

    /** Lets the first {@code n} matches through untouched. */
    public synchronized Rule skip(int n) {
        this.skip = n;
        return this;
    }

    /** At most {@code n} injections, then every match passes. */
    public synchronized Rule times(int n) {
        this.times = n;
        return this;
    }

    /** Injects into each match with probability {@code p}, from a {@link Random} seeded with {@code seed}. */
    public synchronized Rule fraction(double p, long seed) {
        this.fraction = p;
        this.random = new Random(seed);
        return this;
    }

    /** Arms the rule with its fault; from now on matching requests get it. */
    public Rule inject(Fault f) {
        synchronized (this) {
            this.fault = f;
        }
        proxy.add(this);
        return this;
    }

    /** Stops injecting (the fault "clears"); what was injected stays in the proxy's log. */
    public synchronized void disable() {
        enabled = false;
    }

    /** How many requests got this rule's fault so far. */
    public synchronized int injected() {
        return injected;
    }

    /** The fault for this request, or null when the rule lets it pass. */
    synchronized Fault decide(AwsRequest r) {
        if (!enabled || fault == null || (service != null && !service.equals(r.service()))
                || (operation != null && !operation.equals(r.operation())) || !where.test(r)) {
            return null;
        }
        matched++;
        if (matched <= skip || injected >= times) {
            return null;
        }
        if (random != null && random.nextDouble() >= fraction) {
            return null;
        }
        injected++;
        return fault;
    }

    @Override
    public synchronized String toString() {
        return (service == null ? "*" : service) + " " + (operation == null ? "*" : operation) + " -> " + fault
                + " (" + injected + " injected of " + matched + " matched)";
    }
}
