package dev.vigil.actions.safety;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which accounts, regions and resources Vigil may act on. Everything is denied unless allowed: an
 * account and region must be listed ({@code *} allows any), and the resource must match an id
 * pattern ({@code *} is a wildcard) or carry one of the allowed tags. NOTIFY is always in scope,
 * because telling a person changes nothing.
 */
public final class Scope {
    private final Set<String> accounts;
    private final Set<String> regions;
    private final List<Pattern> resourcePatterns;
    private final Map<String, Set<String>> tags;
    /** Where the executors' clients act; null when not known (a preview). */
    @Nullable private final String actingRegion;

    private Scope(Builder b) {
        this(Collections.unmodifiableSet(new HashSet<>(b.accounts)), Collections.unmodifiableSet(new HashSet<>(b.regions)),
                Collections.unmodifiableList(new ArrayList<>(b.patterns)), Collections.unmodifiableMap(new HashMap<>(b.tags)),
                null);
    }

    private Scope(Set<String> accounts, Set<String> regions, List<Pattern> patterns, Map<String, Set<String>> tags,
                  @Nullable String actingRegion) {
        this.accounts = accounts;
        this.regions = regions;
        this.resourcePatterns = patterns;
        this.tags = tags;
        this.actingRegion = actingRegion;
    }

    /**
     * The same scope for executors whose clients act in {@code region} ({@code Actions.region}): an
     * action for a record of another region is out of scope, whatever the allowed regions. The record
     * only claims its region; the call would be made here, on whatever bears that id here (group and
     * table names are not unique across regions).
     */
    public Scope actingIn(String region) {
        return new Scope(accounts, regions, resourcePatterns, tags, region);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Any account, region and resource: for tests and dry runs. */
    public static Scope allowAll() {
        return builder().account("*").region("*").resource("*").build();
    }

    /**
     * Null when the action is in scope, else why not. {@code tags} are the impaired resource's
     * tags (from its topology).
     */
    @Nullable
    public String denial(RecoveryAction action, Map<String, String> tags) {
        if (action.getType() == ActionType.NOTIFY) {
            return null;
        }
        if (!allowed(accounts, action.getAccount())) {
            return "account " + action.getAccount() + " is not in the allowed accounts";
        }
        if (!allowed(regions, action.getRegion())) {
            return "region " + action.getRegion() + " is not in the allowed regions";
        }
        if (actingRegion != null && !actingRegion.equals(action.getRegion())) {
            return "the record is for region " + action.getRegion() + " but the actions act in " + actingRegion
                    + " (Actions.region)";
        }
        String id = action.getResourceId();
        if (id != null) {
            for (Pattern p : resourcePatterns) {
                if (p.matcher(id).matches()) {
                    return null;
                }
            }
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            Set<String> values = this.tags.get(t.getKey());
            if (values != null && (values.contains("*") || values.contains(t.getValue()))) {
                return null;
            }
        }
        return "resource " + id + " matches no allowed id and carries no allowed tag";
    }

    private static boolean allowed(Set<String> set, @Nullable String value) {
        return set.contains("*") || (value != null && set.contains(value));
    }

    /** Builds a scope; nothing is allowed until added. */
    public static final class Builder {
        private final Set<String> accounts = new HashSet<>();
        private final Set<String> regions = new HashSet<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private final Map<String, Set<String>> tags = new HashMap<>();

        public Builder account(String account) {
            accounts.add(account);
            return this;
        }

        public Builder region(String region) {
            regions.add(region);
            return this;
        }

        /** A resource id or a glob with {@code *}, e.g. {@code i-*} or {@code web-*}. */
        public Builder resource(String glob) {
            StringBuilder re = new StringBuilder();
            for (String part : glob.split("\\*", -1)) {
                if (re.length() > 0) {
                    re.append(".*");
                }
                re.append(Pattern.quote(part));
            }
            patterns.add(Pattern.compile(re.toString()));
            return this;
        }

        /** A tag the resource may carry; value {@code *} allows any value. */
        public Builder tag(String key, String value) {
            tags.computeIfAbsent(key, k -> new HashSet<>()).add(value);
            return this;
        }

        public Scope build() {
            return new Scope(this);
        }
    }
}
