package dev.vigil.schemas;

/** The EventBridge sources Vigil understands; anything else is GENERIC, never dropped. Append new constants at the end: serialized state stores the ordinal. */
public enum HealthEventKind {
    AWS_HEALTH,EC2_STATE_CHANGE,AUTOSCALING_LIFECYCLE,RDS_EVENT,ALARM_STATE_CHANGE,GENERIC;
}
