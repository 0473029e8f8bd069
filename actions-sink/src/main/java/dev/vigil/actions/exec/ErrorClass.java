package dev.vigil.actions.exec;

/** Whether trying the same call again can help. */
public enum ErrorClass {
    /** Throttling, 5xx, network: the same call may succeed later. */
    RETRYABLE,
    /** Access denied, not found, validation: repeating cannot help; report it. */
    FINAL
}
