package dev.vigil.schemas.flink;

import dev.vigil.schemas.*;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Flink type information for {@link Impairment}. */
public final class ImpairmentTypeInfoFactory extends TypeInfoFactory<Impairment> {
    public static final TypeInformation<Impairment> TYPE_INFO =
            new RecordTypeInfo<>(Impairment.class, new CodecSerializer<>(new Codec()));

    @Override
    public TypeInformation<Impairment> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return TYPE_INFO;
    }

    /** The binary layout of {@link Impairment}. */
    public static final class Codec implements RecordCodec<Impairment> {
        private static final long serialVersionUID = 1L;

        @Override
        public int layoutVersion() {
            return 2;
        }

        /** Layout 1 (release 0.1): enums by ordinal, no {@code awsRecovering}. */
        @Override
        public int oldestLayout() {
            return 1;
        }

        @Override
        public void write(Impairment i, DataOutputView out) throws IOException {
            out.writeInt(i.getSchemaVersion());
            Bin.writeString(i.getId(), out);
            out.writeInt(i.getRevision());
            Bin.writeEnum(i.getState(), out);
            Bin.writeString(i.getResourceId(), out);
            Bin.writeString(i.getResourceType(), out);
            Bin.writeString(i.getAccount(), out);
            Bin.writeString(i.getRegion(), out);
            Bin.writeEnum(i.getType(), out);
            Bin.writeEnum(i.getSeverity(), out);
            Bin.writeString(i.getSummary(), out);
            out.writeLong(i.getFirstBreachTime());
            out.writeLong(i.getDetectionTime());
            out.writeLong(i.getEmitTime());
            Bin.writeNullableLong(i.getResolvedTime(), out);
            out.writeInt(i.getEvidence().length);
            for (Evidence e : i.getEvidence()) {
                EvidenceCodec.write(e, out);
            }
            ActionType[] actions = i.getRecommendedActions();
            out.writeInt(actions.length);
            for (ActionType a : actions) {
                Bin.writeEnum(a, out);
            }
            AwsRecovery[] recovering = i.getAwsRecovering();
            out.writeInt(recovering.length);
            for (AwsRecovery r : recovering) {
                Bin.writeEnum(r.getKind(), out);
                Bin.writeString(r.getEventId(), out);
                Bin.writeString(r.getSource(), out);
                Bin.writeString(r.getCode(), out);
                out.writeLong(r.getSince());
            }
            out.writeBoolean(i.getTopology() != null);
            if (i.getTopology() != null) {
                EvidenceCodec.writeTopology(i.getTopology(), out);
            }
            Bin.writeStrings(i.getRelatedImpairments(), out);
            out.writeBoolean(i.isMemberActionsWithheld());
            out.writeBoolean(i.isHumanRequired());
        }

        @Override
        public Impairment read(DataInputView in, int layout) throws IOException {
            Impairment.Builder b = Impairment.builder()
                    .schemaVersion(in.readInt())
                    .id(Bin.readString(in))
                    .revision(in.readInt())
                    .state(Bin.readEnum(LifecycleState.class, layout, in))
                    .resource(Bin.readString(in), Bin.readString(in))
                    .location(Bin.readString(in), Bin.readString(in))
                    .type(Bin.readEnum(ImpairmentType.class, layout, in))
                    .severity(Bin.readEnum(Severity.class, layout, in))
                    .summary(Bin.readString(in))
                    .firstBreachTime(in.readLong())
                    .detectionTime(in.readLong())
                    .emitTime(in.readLong())
                    .resolvedTime(Bin.readNullableLong(in));
            Evidence[] evidence = new Evidence[in.readInt()];
            for (int k = 0; k < evidence.length; k++) {
                evidence[k] = EvidenceCodec.read(in, layout);
            }
            ActionType[] actions = new ActionType[in.readInt()];
            for (int k = 0; k < actions.length; k++) {
                actions[k] = Bin.readEnum(ActionType.class, layout, in);
            }
            if (layout >= 2) {
                AwsRecovery[] recovering = new AwsRecovery[in.readInt()];
                for (int k = 0; k < recovering.length; k++) {
                    recovering[k] = new AwsRecovery(Bin.readEnum(AwsRecoveryKind.class, in), Bin.readString(in),
                            Bin.readString(in), Bin.readString(in), in.readLong());
                }
                b.awsRecovering(recovering);
            }
            Topology topology = in.readBoolean() ? EvidenceCodec.readTopology(in) : null;
            return b.evidence(evidence).recommendedActions(actions).topology(topology)
                    .relatedImpairments(Bin.readStrings(in))
                    .memberActionsWithheld(in.readBoolean())
                    .humanRequired(in.readBoolean())
                    .build();
        }
    }
}
