package dev.vigil.schemas.flink;

import dev.vigil.schemas.MetricDatapoint;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link MetricDatapoint}. */
public final class MetricDatapointTypeInfoFactory extends TypeInfoFactory<MetricDatapoint> {
    public static final TypeInformation<MetricDatapoint> TYPE_INFO =
            new RecordTypeInfo<>(MetricDatapoint.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<MetricDatapoint> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of a datapoint. */
    public static final class Codec implements RecordCodec<MetricDatapoint> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 1;
        }

        @Override
        public void write(MetricDatapoint d, DataOutputView out) throws IOException {
            Bin.writeString(d.getAccount(), out);
            Bin.writeString(d.getRegion(), out);
            Bin.writeString(d.getNamespace(), out);
            Bin.writeString(d.getMetricName(), out);
            int n = d.dimensionCount();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                Bin.writeString(d.dimensionName(i), out);
                Bin.writeString(d.dimensionValue(i), out);
            }
            out.writeLong(d.getTimestamp());
            Bin.writeString(d.getUnit(), out);
            out.writeDouble(d.getMax());
            out.writeDouble(d.getMin());
            out.writeDouble(d.getSum());
            out.writeDouble(d.getCount());
            int e = d.extraStatCount();
            out.writeInt(e);
            for (int i = 0; i < e; i++) {
                Bin.writeString(d.extraStatName(i), out);
                out.writeDouble(d.extraStatValue(i));
            }
        }

        @Override
        public MetricDatapoint read(DataInputView in, int layout) throws IOException {
            String account = Bin.readString(in);
            String region = Bin.readString(in);
            String namespace = Bin.readString(in);
            String metricName = Bin.readString(in);
            int n = in.readInt();
            String[] dn = new String[n];
            String[] dv = new String[n];
            for (int i = 0; i < n; i++) {
                dn[i] = Bin.readString(in);
                dv[i] = Bin.readString(in);
            }
            long timestamp = in.readLong();
            String unit = Bin.readString(in);
            double max = in.readDouble();
            double min = in.readDouble();
            double sum = in.readDouble();
            double count = in.readDouble();
            int e = in.readInt();
            String[] en = new String[e];
            double[] ev = new double[e];
            for (int i = 0; i < e; i++) {
                en[i] = Bin.readString(in);
                ev[i] = in.readDouble();
            }
            return new MetricDatapoint(account, region, namespace, metricName, dn, dv, timestamp, unit,
                    max, min, sum, count, en, ev);
        }
    }
}
