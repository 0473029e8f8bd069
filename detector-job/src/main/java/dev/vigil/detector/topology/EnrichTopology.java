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
        return apply(in, s, "enrich-topology", "Enrich impairments with topology");
    }

    /**
     * The same step under its own uid, for a second impairment stream: one enrichment per stream
     * keeps each chained to the operator feeding it, rather than a union costing a network hop.
     * Impairments are few and each one matters at once, so the output is flushed per record
     * instead of waiting for a network buffer to fill or time out (100 ms by default).
     */
    public static SingleOutputStreamOperator<Impairment> apply(DataStream<Impairment> in, TopologySettings s, String uid,
                                                               String name) {
        SingleOutputStreamOperator<Impairment> out = AsyncDataStream.orderedWait(in, new EnrichTopologyFunction(s),
                        s.timeoutMs(), TimeUnit.MILLISECONDS, s.capacity())
                .returns(ImpairmentTypeInfoFactory.TYPE_INFO)
                .uid(uid).name(name);
        out.setBufferTimeout(0);
        return out;
    }
}
