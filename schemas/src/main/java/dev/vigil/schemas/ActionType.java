package dev.vigil.schemas;

/** Recovery actions the actions sink knows how to execute. Append new constants at the end: serialized state stores the ordinal. */
public enum ActionType {
    REPLACE_INSTANCE,
    REBOOT_INSTANCE,
    SCALE_OUT,
    FAILOVER_DNS,
    FAILBACK_DNS,
    FAILOVER_DATABASE,
    RESTART_SERVICE,
    DEREGISTER_TARGET,
    ZONAL_SHIFT,
    NOTIFY
}
