package dev.vigil.actions.exec;

/**
 * What the resource's actual state says about an action that was claimed but never got an outcome
 * (the process died mid-call).
 */
public enum Verification {
    /** The state shows the action took effect (instance terminating, capacity at target). */
    DONE,
    /** The state shows it did not take effect; running it now cannot act twice. */
    NOT_DONE,
    /** The state cannot tell (a reboot leaves no trace); do not repeat, report instead. */
    UNKNOWN
}
