package dev.vigil.detector.anomaly;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable values of the model's {@link AnomalyParam}s: the defaults, with any overridden by name
 * (a rule's {@code anomaly:} map). Decision parameters (M of N, healthy threshold, keep-firing)
 * belong to the rule, not here.
 */
public final class AnomalyConfig implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final AnomalyParam[] PARAMS = AnomalyParam.values();
    private static final AnomalyConfig DEFAULT = new AnomalyConfig(defaultValues());

    private final double[] values;

    private AnomalyConfig(double[] values) {
        this.values = values;
    }

    private static double[] defaultValues() {
        double[] v = new double[PARAMS.length];
        for (AnomalyParam p : PARAMS) {
            v[p.ordinal()] = p.defaultValue();
        }
        return v;
    }

    public static AnomalyConfig defaults() {
        return DEFAULT;
    }

    /** A copy with one named parameter replaced; an unknown name or a value out of range throws. */
    public AnomalyConfig with(String name, double value) {
        return with(AnomalyParam.named(name), value);
    }

    public AnomalyConfig with(AnomalyParam p, double value) {
        p.check(value);
        double[] v = values.clone();
        v[p.ordinal()] = value;
        return new AnomalyConfig(v);
    }

    /** The defaults with every entry of {@code overrides} applied. */
    public static AnomalyConfig of(Map<String, Double> overrides) {
        AnomalyConfig c = DEFAULT;
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    public double get(AnomalyParam p) {
        return values[p.ordinal()];
    }

    /** Value of a named parameter; unknown names throw {@link IllegalArgumentException}. */
    public double get(String name) {
        return get(AnomalyParam.named(name));
    }

    /** A score at or above this breaches. */
    public double threshold() {
        return get(AnomalyParam.THRESHOLD);
    }

    /** Every parameter by name, in declaration order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (AnomalyParam p : PARAMS) {
            m.put(p.key(), values[p.ordinal()]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnomalyConfig && Arrays.equals(values, ((AnomalyConfig) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AnomalyConfig" + asMap();
    }
}
