package dev.vigil.tools.replay;

import dev.vigil.detector.flink.PeriodEvaluationTypeInfoFactory;
import dev.vigil.detector.resource.PeriodEvaluation;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.flink.CodecSerializer;
import dev.vigil.schemas.flink.DeadLetterTypeInfoFactory;
import dev.vigil.schemas.flink.HealthEventTypeInfoFactory;
import dev.vigil.schemas.flink.ImpairmentTypeInfoFactory;
import dev.vigil.schemas.flink.RecordCodec;
import dev.vigil.schemas.flink.RecordTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * One of the things a replay's job hands back, each as its own type: a job collects one stream,
 * so the evaluations, impairments, events, dead letters and the parse stage's datapoint counts
 * travel as this union, each written by its own record's codec behind a tag byte.
 */
final class JobRecord {
    private enum Kind { EVALUATION, IMPAIRMENT, DEAD_LETTER, EVENT, DATAPOINTS }

    static final TypeInformation<JobRecord> TYPE_INFO =
            new RecordTypeInfo<>(JobRecord.class, new CodecSerializer<>(new Codec()));

    private final Kind kind;
    private final Object record;
    private final long count;

    private JobRecord(Kind kind, Object record, long count) {
        this.kind = kind;
        this.record = record;
        this.count = count;
    }

    static JobRecord of(PeriodEvaluation e) {
        return new JobRecord(Kind.EVALUATION, e, 0);
    }

    static JobRecord of(Impairment i) {
        return new JobRecord(Kind.IMPAIRMENT, i, 0);
    }

    static JobRecord of(DeadLetter d) {
        return new JobRecord(Kind.DEAD_LETTER, d, 0);
    }

    static JobRecord of(HealthEvent e) {
        return new JobRecord(Kind.EVENT, e, 0);
    }

    /** What one parse subtask produced, once, when the input ends. */
    static JobRecord datapoints(long count) {
        return new JobRecord(Kind.DATAPOINTS, null, count);
    }

    boolean isEvaluation() {
        return kind == Kind.EVALUATION;
    }

    void deliverTo(ReplayJob.Sink sink) throws Exception {
        switch (kind) {
            case EVALUATION:
                sink.evaluation((PeriodEvaluation) record);
                break;
            case IMPAIRMENT:
                sink.impairment((Impairment) record);
                break;
            case DEAD_LETTER:
                sink.deadLetter((DeadLetter) record);
                break;
            case EVENT:
                sink.event((HealthEvent) record);
                break;
            default:
                sink.datapoints(count);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.DATAPOINTS ? "datapoints=" + count : kind + " " + record;
    }

    /** A tag byte, then the record in its own codec's current layout (or the count). */
    public static final class Codec implements RecordCodec<JobRecord> {
        private static final long serialVersionUID = 1L;
        private final PeriodEvaluationTypeInfoFactory.Codec evaluations = new PeriodEvaluationTypeInfoFactory.Codec();
        private final ImpairmentTypeInfoFactory.Codec impairments = new ImpairmentTypeInfoFactory.Codec();
        private final DeadLetterTypeInfoFactory.Codec deadLetters = new DeadLetterTypeInfoFactory.Codec();
        private final HealthEventTypeInfoFactory.Codec events = new HealthEventTypeInfoFactory.Codec();

        @Override
        public int layoutVersion() {
            return 1;
        }

        @Override
        public void write(JobRecord o, DataOutputView out) throws IOException {
            out.writeByte(o.kind.ordinal());
            switch (o.kind) {
                case EVALUATION:
                    evaluations.write((PeriodEvaluation) o.record, out);
                    break;
                case IMPAIRMENT:
                    impairments.write((Impairment) o.record, out);
                    break;
                case DEAD_LETTER:
                    deadLetters.write((DeadLetter) o.record, out);
                    break;
                case EVENT:
                    events.write((HealthEvent) o.record, out);
                    break;
                default:
                    out.writeLong(o.count);
            }
        }

        @Override
        public JobRecord read(DataInputView in, int layout) throws IOException {
            int tag = in.readUnsignedByte();
            if (tag >= Kind.values().length) {
                throw new IOException("unknown replay output kind " + tag);
            }
            Kind kind = Kind.values()[tag];
            switch (kind) {
                case EVALUATION:
                    return of(evaluations.read(in));
                case IMPAIRMENT:
                    return of(impairments.read(in));
                case DEAD_LETTER:
                    return of(deadLetters.read(in));
                case EVENT:
                    return of(events.read(in));
                default:
                    return datapoints(in.readLong());
            }
        }
    }
}
