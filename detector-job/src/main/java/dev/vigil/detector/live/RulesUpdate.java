package dev.vigil.detector.live;

import dev.vigil.detector.flink.RulesUpdateTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Objects;

/**
 * One version of the live rules object, exactly as read: where it came from, the tag that tells
 * versions apart (the S3 ETag), when it was read (processing time) and its bytes. It travels from
 * the rules source through validation to every operator that uses rules, and is what their
 * broadcast state holds; each of them parses the bytes with {@link dev.vigil.detector.rules.RulesFile},
 * the one reader of rules.
 */
@TypeInfo(RulesUpdateTypeInfoFactory.class)
public final class RulesUpdate {
    private final String location;
    private final String tag;
    private final long readTime;
    private final byte[] bytes;

    public RulesUpdate(String location, String tag, long readTime, byte[] bytes) {
        this.location = Objects.requireNonNull(location, "location");
        this.tag = Objects.requireNonNull(tag, "tag");
        this.readTime = readTime;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** Where the object lives ({@code s3://bucket/key}); its extension picks the format (.json = JSON, else YAML). */
    public String location() {
        return location;
    }

    /** The object's version tag (S3: its ETag); a new tag is a new version. */
    public String tag() {
        return tag;
    }

    /** Processing time (epoch ms) at which it was read. */
    public long readTime() {
        return readTime;
    }

    /** The object's bytes as read. Not copied: treat as read-only. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RulesUpdate)) {
            return false;
        }
        RulesUpdate u = (RulesUpdate) o;
        return location.equals(u.location) && tag.equals(u.tag) && readTime == u.readTime
                && java.util.Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, tag, readTime);
    }

    @Override
    public String toString() {
        return location + "@" + tag + " (" + bytes.length + " bytes)";
    }
}
