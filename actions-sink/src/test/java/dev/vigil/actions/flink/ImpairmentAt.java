package dev.vigil.actions.flink;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The incident's i-th record. The source hands out one per completed checkpoint
 * (RateLimiterStrategy.perCheckpoint), so a failure lands mid-incident with part of it
 * checkpointed however slow the machine is.
 */
final class ImpairmentAt implements GeneratorFunction<Long, Impairment> {
    private static final long serialVersionUID = 1L;

    private final String[] json;

    ImpairmentAt(String[] json) {
        this.json = json;
    }

    @Override
    public Impairment map(Long i) {
        return Json.fromString(json[i.intValue()], Impairment.class);
    }
}
