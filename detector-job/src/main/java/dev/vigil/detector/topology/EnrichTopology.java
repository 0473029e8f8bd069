package dev.vigil.detector.topology;

import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.concurrent.TimeUnit;

/** The topology enrichment step of the pipeline. */
public final class EnrichTopology {
    private EnrichTopology() {
    }

    /**
     * Impairments with their topology. Ordered: one impairment's OPEN, UPDATE and RESOLVED records
     * must leave in the order they came, so a slow lookup holds back the records behind it in the
     * same subtask for at most the timeout. With neither snapshot nor API every lookup completes at
     * once from the records' own hints.
     */
    public static SingleOutputStreamOperator<Impairment> apply(DataStream<Impairment> in, TopologySettings s) {
        return AsyncDataStream.orderedWait(in, new EnrichTopologyFunction(s), s.timeoutMs(), TimeUnit.MILLISECONDS,
                        s.capacity())
                .returns(ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid("enrich-topology").name("Enrich impairments with topology");
    }
}
