package dev.vigil.detector.resource;

import java.util.Objects;

/**
 * Which resource a detector's state is about: account, region and resource id, the same whether a
 * datapoint or an event names it. The keyed state is keyed by its string form,
 * {@code account/region/id}, as every release has written it (an absent account or region
 * spelt {@code null}, an id that may itself hold '/'), so the form is made and read here only.
 */
public final class ResourceKey {
    private final String account;
    private final String region;
    private final String resourceId;
    private final String key;

    private ResourceKey(String account, String region, String resourceId, String key) {
        this.account = account;
        this.region = region;
        this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
        this.key = key;
    }

    public static ResourceKey of(String account, String region, String resourceId) {
        return new ResourceKey(account, region, resourceId, key(account, region, resourceId));
    }

    /** The key's string form, without a key object: the routing does this per datapoint. */
    public static String key(String account, String region, String resourceId) {
        return account + "/" + region + "/" + resourceId;
    }

    /** A key's string form read back. */
    public static ResourceKey parse(String key) {
        int a = key.indexOf('/');
        int b = key.indexOf('/', a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("not a resource key (account/region/id): " + key);
        }
        return new ResourceKey(absent(key.substring(0, a)), absent(key.substring(a + 1, b)), key.substring(b + 1), key);
    }

    /** How the string form says "none": {@code null} (written by String concatenation), or nothing. */
    static String absent(String part) {
        return part.isEmpty() || "null".equals(part) ? null : part;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public String resourceId() {
        return resourceId;
    }

    /** The string form the state is keyed by. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceKey && ((ResourceKey) o).key.equals(key);
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
