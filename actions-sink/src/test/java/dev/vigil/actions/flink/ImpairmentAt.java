package dev.vigil.actions.flink;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The incident's i-th record, after a pause: the pause lets checkpoints complete between records,
 * so a failure lands mid-incident with part of it checkpointed.
 */
final class ImpairmentAt implements MapFunction<Long, Impairment> {
    private static final long serialVersionUID = 1L;

    private final String[] json;
    private final long pauseMs;

    ImpairmentAt(String[] json, long pauseMs) {
        this.json = json;
        this.pauseMs = pauseMs;
    }

    @Override
    public Impairment map(Long i) throws InterruptedException {
        Thread.sleep(pauseMs);
        return Json.fromString(json[i.intValue()], Impairment.class);
    }
}
