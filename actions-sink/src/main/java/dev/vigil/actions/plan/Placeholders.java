package dev.vigil.actions.plan;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Topology;

import javax.annotation.Nullable;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a plan's generic parameters to one impairment: {@code ${impairmentId}},
 * {@code ${resourceId}}, {@code ${resourceType}}, {@code ${account}}, {@code ${region}},
 * {@code ${type}}, {@code ${severity}}, {@code ${summary}}, {@code ${zone}}, {@code ${asg}},
 * {@code ${loadBalancer}}, {@code ${targetGroup}} (the first) and {@code ${tag:KEY}} (a tag of the
 * impaired resource, e.g. {@code ${tag:vigil:hosted-zone}}), so one plan serves every application.
 */
final class Placeholders {
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> values = new HashMap<>();

    Placeholders(Impairment i) {
        put("impairmentId", i.getId());
        put("resourceId", i.getResourceId());
        put("resourceType", i.getResourceType());
        put("account", i.getAccount());
        put("region", i.getRegion());
        put("type", i.getType().name());
        put("severity", i.getSeverity().name());
        put("summary", i.getSummary());
        Topology t = i.getTopology();
        if (t != null) {
            put("zone", t.getAvailabilityZone());
            put("asg", t.getAutoScalingGroup());
            put("loadBalancer", t.getLoadBalancer());
            put("targetGroup", t.getTargetGroups().length > 0 ? t.getTargetGroups()[0] : null);
            t.getTags().forEach((k, v) -> put("tag:" + k, v));
        }
        if (!values.containsKey("asg") && "AUTO_SCALING_GROUP".equals(i.getResourceType())) {
            put("asg", i.getResourceId()); // the impaired resource is the group itself
        }
    }

    private void put(String key, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            values.put(key, value);
        }
    }

    /**
     * The template with every placeholder replaced, or null when one has no value (the impairment
     * lacks that topology or tag): a half-filled ARN must never reach an API.
     */
    @Nullable
    String resolve(@Nullable String template) {
        if (template == null) {
            return null;
        }
        Matcher m = REF.matcher(template);
        StringBuffer out = new StringBuffer();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Resolves every value; entries whose placeholders have no value are left out of the result and
     * put in {@code unbound} (name to template), so an action that needs one can say which and why.
     */
    Map<String, String> resolveAll(Map<String, String> templates, Map<String, String> unbound) {
        Map<String, String> out = new HashMap<>();
        templates.forEach((k, v) -> {
            String r = resolve(v);
            if (r != null) {
                out.put(k, r);
            } else {
                unbound.put(k, v);
            }
        });
        return out;
    }
}
