package dev.vigil.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoublePredicate;

/**
 * Typed reads over MSF-style property groups, each failing with the group, key and what was
 * expected, so a bad value stops a job at start rather than misbehaving later. Both jobs read
 * their groups with this one reader.
 */
public final class ConfigGroups {
    private final Map<String, Properties> groups;

    public ConfigGroups(Map<String, Properties> groups) {
        this.groups = groups;
    }

    public Map<String, Properties> groups() {
        return groups;
    }

    public String string(String group, String key, String def) {
        ConfigKeys.requireDeclared(group, key);
        Properties p = groups.get(group);
        String v = p == null ? null : p.getProperty(key);
        return v == null || v.trim().isEmpty() ? def : v.trim();
    }

    public String required(String group, String key, String expected) {
        String v = string(group, key, null);
        if (v == null) {
            throw new ConfigException(group, key, expected, null);
        }
        return v;
    }

    public long number(String group, String key, long def, long min) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(group, key, "an integer >= " + min, v);
    }

    /** A count: as {@link #number}, and at most {@link Integer#MAX_VALUE}, never wrapped around to something else. */
    public int integer(String group, String key, int def, int min) {
        long n = number(group, key, def, min);
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException(group, key, "an integer >= " + min + " and <= " + Integer.MAX_VALUE,
                    string(group, key, null));
        }
        return (int) n;
    }

    /** A share of a whole, 0 to 1 inclusive. */
    public double share(String group, String key, double def) {
        return decimal(group, key, def, d -> d >= 0 && d <= 1, "a share between 0 and 1");
    }

    /** A fraction that must be above 0 (a limit of none would allow nothing). */
    public double fraction(String group, String key, double def) {
        return decimal(group, key, def, d -> d > 0 && d <= 1, "a number in (0, 1]");
    }

    private double decimal(String group, String key, double def, DoublePredicate valid, String expected) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (valid.test(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(group, key, expected, v);
    }

    public boolean flag(String group, String key, boolean def) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(group, key, "true or false", v);
    }

    public <E extends Enum<E>> E choice(String group, String key, Class<E> type, E def) {
        String v = string(group, key, null);
        if (v == null) {
            return def;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(group, key, "one of " + Arrays.toString(type.getEnumConstants()), v);
        }
    }

    /** A comma-separated list, blanks dropped; empty when unset. */
    public List<String> list(String group, String key) {
        String v = string(group, key, null);
        if (v == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    public String streamArn(String group, String key, boolean required) {
        String v = required ? required(group, key, "a Kinesis stream ARN") : string(group, key, null);
        if (v != null && !v.matches("arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[A-Za-z0-9_.-]+")) {
            throw new ConfigException(group, key, "a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)", v);
        }
        return v;
    }

    /** A configuration value that cannot be used. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String group, String key, String expected, String got) {
            super(group + "." + key + ": expected " + expected + (got == null ? ", but it is not set" : ", got '" + got + "'"));
        }

        /** A problem that is not one value's, e.g. unknown keys or a file that is not the config's format. */
        public ConfigException(String message) {
            super(message);
        }
    }
}
