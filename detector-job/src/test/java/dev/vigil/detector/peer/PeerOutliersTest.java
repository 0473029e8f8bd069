package dev.vigil.detector.peer;

import dev.vigil.detector.rules.RulesFile;
import dev.vigil.detector.topology.TopologySettings;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.MetricDatapoint;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.MetricDatapointTypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerOutliersTest {

    @Test
    void theStageHasStableUidsAndNoGenericTypes() {
        // Given a datapoint stream
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<MetricDatapoint> datapoints = env.fromData(MetricDatapointTypeInfoFactory.TYPE_INFO,
                MetricDatapoint.builder().namespace("App").metricName("Latency").value(1).build());

        // When the peer stage is applied
        DataStream<Impairment> impairments = PeerOutliers.apply(datapoints, RulesFile.load("classpath:rules/peer-test-rules.yaml").peers(),
                TopologySettings.none());

        // Then its operators carry the uids state is restored by, and every type is explicit (no Kryo)
        assertThat(impairments.getType()).isEqualTo(ImpairmentTypeInfoFactory.TYPE_INFO);
        List<String> uids = new ArrayList<>();
        collect(impairments.getTransformation(), uids);
        assertThat(uids).contains("route-peers", "detect-peer-outliers");
    }

    private static void collect(Transformation<?> t, List<String> uids) {
        if (t.getUid() != null) {
            uids.add(t.getUid());
        }
        TypeInformation<?> type = t.getOutputType();
        assertThat(type).as(t.getName()).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(type.toString()).as(t.getName()).doesNotContain("GenericType");
        for (Transformation<?> in : t.getInputs()) {
            collect(in, uids);
        }
    }
}
