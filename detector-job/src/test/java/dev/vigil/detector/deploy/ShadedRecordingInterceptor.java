package dev.vigil.detector.deploy;

import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.Context;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@link RecordingInterceptor} for the Kinesis connector, which carries its own (relocated) copy of
 * the SDK and reads its own global interceptor list
 * ({@code org/apache/flink/kinesis/shaded/software/amazon/awssdk/global/handlers/execution.interceptors}).
 */
public final class ShadedRecordingInterceptor implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        RecordingInterceptor.record(context.httpRequest().port(), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
