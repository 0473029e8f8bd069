package dev.vigil.detector.rules;

public enum RecommendedAction {
    REPLACE_INSTANCE,
    REBOOT_INSTANCE,
    SCALE_OUT,
    FAILOVER_DNS,
    FAILOVER_DATABASE,
    RESTART_SERVICE,
    DEREGISTER_TARGET,
    ZONAL_SHIFT,
    NOTIFY
}
