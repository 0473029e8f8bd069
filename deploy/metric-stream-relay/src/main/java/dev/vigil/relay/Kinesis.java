package dev.vigil.relay;

import java.util.List;

/**
 * The one Kinesis call the relay makes, narrowed to what it needs: a PutRecords of entries to one
 * stream, answered per entry. The SDK-backed {@link SdkKinesis} runs in Lambda and locally; tests
 * put fakes (throttling, failures) in front of it.
 */
public interface Kinesis {

    /** One record to put: its partition key and data. */
    final class Entry {
        final String partitionKey;
        final byte[] data;

        public Entry(String partitionKey, byte[] data) {
            this.partitionKey = partitionKey;
            this.data = data;
        }

        public String partitionKey() {
            return partitionKey;
        }

        public byte[] data() {
            return data;
        }

        /** What the entry counts against PutRecords' limits: data and partition key. */
        int size() {
            return data.length + partitionKey.length();
        }
    }

    /**
     * Puts the entries in one PutRecords call and returns, in the entries' order, null for each
     * entry written and the error code (e.g. {@code ProvisionedThroughputExceededException}) for
     * each that was not.
     *
     * @throws KinesisCallException when the call as a whole failed (nothing is known to be written)
     */
    List<String> putRecords(String stream, List<Entry> entries) throws KinesisCallException;

    /** The call failed as a whole; {@link #retryable()} says whether trying again may help. */
    final class KinesisCallException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        public KinesisCallException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
