package dev.vigil.detector.correlate;

import dev.vigil.schemas.Impairment;

/**
 * Which account and region a correlation's state is about. The keyed state is keyed by its string
 * form, {@code account/region}, as every release has written it (an absent value spelt
 * {@code null}); the form is made and read here only.
 */
public final class RegionKey {
    private final String account;
    private final String region;

    private RegionKey(String account, String region) {
        this.account = account;
        this.region = region;
    }

    /** The string form of an impairment's account and region: what the correlation is keyed by. */
    public static String of(Impairment i) {
        return i.getAccount() + "/" + i.getRegion();
    }

    /** A key's string form read back. */
    public static RegionKey parse(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a region key (account/region): " + key);
        }
        return new RegionKey(absent(key.substring(0, slash)), absent(key.substring(slash + 1)));
    }

    private static String absent(String part) {
        return "null".equals(part) ? null : part;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }
}
