package dev.vigil.detector.live;

import javax.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rules object in memory, as S3 answers for it: each publish is a new version with a new tag,
 * an unchanged one answers nothing, a missing one nothing, and a failure can be switched on.
 * One instance per JVM by name, so a reader built from a serialised factory finds it.
 */
public final class InMemoryRulesObjects implements RulesObjects {
    private static final java.util.Map<String, InMemoryRulesObjects> BY_NAME = new java.util.concurrent.ConcurrentHashMap<>();

    private final String location;
    private final AtomicInteger versions = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    @Nullable private volatile RulesUpdate current;
    private volatile boolean failing;

    private InMemoryRulesObjects(String location) {
        this.location = location;
    }

    public static InMemoryRulesObjects named(String location) {
        return BY_NAME.computeIfAbsent(location, InMemoryRulesObjects::new);
    }

    public void publish(String content) {
        current = new RulesUpdate(location, "\"etag-" + versions.incrementAndGet() + "\"", 0,
                content.getBytes(StandardCharsets.UTF_8));
    }

    public void failing(boolean on) {
        failing = on;
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public Optional<RulesUpdate> fetchIfChanged(@Nullable String lastTag) throws IOException {
        fetches.incrementAndGet();
        if (failing) {
            throw new IOException("access denied (fake)");
        }
        RulesUpdate u = current;
        return u == null || u.tag().equals(lastTag) ? Optional.empty() : Optional.of(u);
    }

    @Override
    public String location() {
        return location;
    }

    /** Finds the instance by name where the reader runs. */
    public static final class Factory implements RulesObjects.Factory {
        private static final long serialVersionUID = 1L;
        private final String location;

        public Factory(String location) {
            this.location = location;
        }

        @Override
        public RulesObjects create() {
            return named(location);
        }

        @Override
        public String location() {
            return location;
        }
    }
}
