package dev.vigil.detector.live;

import javax.annotation.Nullable;
import java.io.IOException;
import java.io.Serializable;
import java.util.Optional;

/**
 * Where the live rules are published: one object, read whole, told apart by its version tag.
 * The narrow interface in front of S3 ({@link S3RulesObjects}); tests use a fake.
 */
public interface RulesObjects extends AutoCloseable {
    /**
     * The object if its tag is not {@code lastTag} (any tag when null); empty when it is unchanged
     * or not there (yet). Throws on anything else (access denied, unreachable), for the caller to
     * log and try again at the next poll.
     */
    Optional<RulesUpdate> fetchIfChanged(@Nullable String lastTag) throws IOException;

    /** Where the object lives, as configured. */
    String location();

    @Override
    default void close() {}

    /** Builds the client where it runs (the source reader), from serializable settings. */
    interface Factory extends Serializable {
        RulesObjects create();

        String location();
    }
}
