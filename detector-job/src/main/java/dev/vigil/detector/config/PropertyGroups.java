package dev.vigil.detector.config;

import dev.vigil.common.config.ConfigKeys;

import java.util.Map;
import java.util.Properties;

/**
 * Typed reads over MSF-style property groups, each failing with the group, key and what was
 * expected, so a bad value stops the job at start rather than misbehaving later.
 */
final class PropertyGroups {
    private final Map<String, Properties> groups;

    PropertyGroups(Map<String, Properties> groups) {
        this.groups = groups;
    }

    Map<String, Properties> groups() {
        return groups;
    }

    String string(String group, String key, String def) {
        ConfigKeys.requireDeclared(group, key);
        Properties p = groups.get(group);
        String v = p == null ? null : p.getProperty(key);
        return v == null || v.trim().isEmpty() ? def : v.trim();
    }

    String required(String group, String key, String expected) {
        String v = string(group, key, null);
        if (v == null) {
            throw new ConfigException(group, key, expected, null);
        }
        return v;
    }

    long number(String group, String key, long def, long min) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw new ConfigException(group, key, "an integer >= " + min, v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(group, key, "an integer >= " + min, v);
        }
    }

    /** A share of a whole, 0 to 1 inclusive. */
    double share(String group, String key, double def) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0 && d <= 1)) {
                throw new ConfigException(group, key, "a share between 0 and 1", v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(group, key, "a share between 0 and 1", v);
        }
    }

    boolean flag(String group, String key, boolean def) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(group, key, "true or false", v);
    }

    <E extends Enum<E>> E choice(String group, String key, Class<E> type, E def) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(group, key, "one of " + java.util.Arrays.toString(type.getEnumConstants()), v);
        }
    }

    String streamArn(String group, String key, boolean required) {
        String v = required ? required(group, key, "a Kinesis stream ARN") : string(group, key, null);
        if (v != null && !v.matches("arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[A-Za-z0-9_.-]+")) {
            throw new ConfigException(group, key, "a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)", v);
        }
        return v;
    }

    /** A configuration value that cannot be used. */
    static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(String group, String key, String expected, String got) {
            super(group + "." + key + ": expected " + expected + (got == null ? ", but it is not set" : ", got '" + got + "'"));
        }
    }
}
