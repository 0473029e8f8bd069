package dev.vigil.actions.flink;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.Impairment;
import dev.vigil.schemas.Json;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Impairment JSON from the detector's output stream. A record that is not a valid impairment goes
 * to the dead letters with the reason and its bytes: bad input never stops the job.
 */
public final class ParseImpairments extends ProcessFunction<byte[], Impairment> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("impairment-dead-letters",
            dev.vigil.schemas.flink.DeadLetterTypeInfoFactory.TYPE_INFO) { };

    private final String sourceStream;

    public ParseImpairments(String sourceStream) {
        this.sourceStream = sourceStream;
    }

    @Override
    public void processElement(byte[] bytes, Context ctx, Collector<Impairment> out) {
        Object read = read(bytes, sourceStream, System.currentTimeMillis());
        if (read instanceof DeadLetter) {
            ctx.output(DEAD_LETTERS, (DeadLetter) read);
        } else {
            out.collect((Impairment) read);
        }
    }

    /** The impairment in {@code bytes}, or the dead letter of a record that is not one. */
    static Object read(byte[] bytes, String sourceStream, long now) {
        try {
            return Json.fromBytes(bytes, Impairment.class);
        } catch (RuntimeException e) {
            return new DeadLetter(reason(e), message(e), sourceStream, now, bytes);
        }
    }

    private static DeadLetterReason reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException) {
                return DeadLetterReason.WRONG_TYPE;
            }
            if (t instanceof NullPointerException) {
                return DeadLetterReason.MISSING_FIELD; // a required field the constructor rejects
            }
        }
        return DeadLetterReason.MALFORMED_JSON;
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        return "not an impairment: " + (m.length() > 300 ? m.substring(0, 300) : m);
    }
}
