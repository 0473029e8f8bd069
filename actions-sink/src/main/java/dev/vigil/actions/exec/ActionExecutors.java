package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;

import javax.annotation.Nullable;
import java.util.EnumMap;
import java.util.Map;

/** Which executor runs which action type. */
public final class ActionExecutors {
    private final Map<ActionType, ActionExecutor> byType = new EnumMap<>(ActionType.class);

    public ActionExecutors(ActionExecutor... executors) {
        for (ActionExecutor e : executors) {
            for (ActionType t : e.types()) {
                if (byType.put(t, e) != null) {
                    throw new IllegalArgumentException("two executors for " + t);
                }
            }
        }
    }

    /** All families, from their narrow interfaces. */
    public static ActionExecutors of(Fleet fleet, Dns dns, Database db, Services services, Traffic traffic,
                                     Notifier notifier) {
        return of(fleet, dns, db, services, traffic, notifier, null);
    }

    /** All families; NOTIFY falls back to {@code defaultTopicArn} when a step names no topic. */
    public static ActionExecutors of(Fleet fleet, Dns dns, Database db, Services services, Traffic traffic,
                                     Notifier notifier, @Nullable String defaultTopicArn) {
        return new ActionExecutors(new InstanceExecutor(fleet), new ScaleOutExecutor(fleet), new DnsExecutor(dns),
                new DatabaseExecutor(db), new ServiceExecutor(services), new TrafficExecutor(traffic),
                new NotifyExecutor(notifier, defaultTopicArn));
    }

    /** The executor for {@code type}, or null when none is configured. */
    @Nullable
    public ActionExecutor forType(ActionType type) {
        return byType.get(type);
    }
}
