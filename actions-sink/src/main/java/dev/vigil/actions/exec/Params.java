package dev.vigil.actions.exec;

import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;

/** Typed reads of an action's string parameters, failing with the parameter's name. */
public final class Params {
    private Params() {}

    public static String required(RecoveryAction action, String name) {
        String v = action.getParameters().get(name);
        if (v == null || v.isEmpty()) {
            throw missing(action, name);
        }
        return v;
    }

    /** Missing {@code name}, saying which placeholder had no value when the plan declared one. */
    public static ActionException missing(RecoveryAction action, String name) {
        String template = action.getUnboundParameters().get(name);
        return template == null ? ActionException.missingParameter(name)
                : ActionException.missingParameter(name, template);
    }

    /** Whether the plan gave {@code name}, bound or not: a declared but unbound parameter still shows intent. */
    public static boolean declared(RecoveryAction action, String name) {
        return optional(action, name) != null || action.getUnboundParameters().containsKey(name);
    }

    @Nullable
    public static String optional(RecoveryAction action, String name) {
        String v = action.getParameters().get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public static String orDefault(RecoveryAction action, String name, String def) {
        String v = optional(action, name);
        return v == null ? def : v;
    }

    public static int integer(RecoveryAction action, String name, int def) {
        String v = optional(action, name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ActionException.finalError("InvalidParameter",
                    "parameter '" + name + "': expected an integer, got '" + v + "'");
        }
    }

    /** The action's resource id, which most actions cannot do without. */
    public static String resource(RecoveryAction action) {
        String id = action.getResourceId();
        if (id == null || id.isEmpty()) {
            throw ActionException.missingParameter("resourceId");
        }
        return id;
    }
}
