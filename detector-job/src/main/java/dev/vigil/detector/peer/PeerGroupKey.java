package dev.vigil.detector.peer;

import java.util.Objects;

/**
 * Which peer group a peer function's state is about: account, region, rule and group. The keyed
 * state is keyed by its string form, {@code account/region/rule/group}, as every release has
 * written it (rule ids hold no '/', a group name may, so the group is everything after the third);
 * the form is made and read here only.
 */
public final class PeerGroupKey {
    private final String account;
    private final String region;
    private final String ruleId;
    private final String group;
    private final String key;

    private PeerGroupKey(String account, String region, String ruleId, String group, String key) {
        this.account = account;
        this.region = region;
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.group = Objects.requireNonNull(group, "group");
        this.key = key;
    }

    public static PeerGroupKey of(String account, String region, String ruleId, String group) {
        return new PeerGroupKey(account, region, ruleId, group, account + "/" + region + "/" + ruleId + "/" + group);
    }

    /** A key's string form read back; an absent account or region was written {@code null}. */
    public static PeerGroupKey parse(String key) {
        int a = key.indexOf('/');
        int b = key.indexOf('/', a + 1);
        int c = b < 0 ? -1 : key.indexOf('/', b + 1);
        if (a < 0 || b < 0 || c < 0) {
            throw new IllegalArgumentException("not a peer group key (account/region/rule/group): " + key);
        }
        return new PeerGroupKey(absent(key.substring(0, a)), absent(key.substring(a + 1, b)), key.substring(b + 1, c),
                key.substring(c + 1), key);
    }

    private static String absent(String part) {
        return part.isEmpty() || "null".equals(part) ? null : part;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public String ruleId() {
        return ruleId;
    }

    public String group() {
        return group;
    }

    /** The string form the state is keyed by. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerGroupKey && ((PeerGroupKey) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
