package dev.vigil.schemas;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Dead letters that fit the records of the stream they go to. A Kinesis record holds 1 MiB (data
 * and partition key), and a dead letter's JSON carries its original in base64, a third bigger: an
 * input line or record of more than about 750 KiB could not be written at all, and the sink's
 * refusal failed the job into a restart that read the same input again. Such a dead letter is
 * written in parts instead (see {@link DeadLetter}), so nothing is lost and nothing stops.
 */
public final class DeadLetterParts {
    /** Kinesis's record limit less room for the partition key. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024 - 256;
    /** A message longer than this is cut in parts: it is ours, not the input. */
    static final int MAX_PART_MESSAGE_CHARS = 4096;

    private DeadLetterParts() {}

    /** {@code d} itself when its JSON fits {@code maxRecordBytes}, else its parts, each of which does. */
    public static List<DeadLetter> fit(DeadLetter d, int maxRecordBytes) {
        if (d.isPart() || surelyFits(d, maxRecordBytes) || Json.toBytes(d).length <= maxRecordBytes) {
            return Collections.singletonList(d);
        }
        byte[] whole = d.getOriginal();
        String message = d.getMessage();
        if (message != null && message.length() > MAX_PART_MESSAGE_CHARS) {
            message = message.substring(0, MAX_PART_MESSAGE_CHARS) + "... (" + message.length() + " characters)";
        }
        String sha = sha256(whole);
        // Every part's JSON is the same but for its slice: the overhead of an empty one (with the
        // widest numbers) bounds it, and base64 takes 4 characters for each 3 bytes.
        int overhead = Json.toBytes(new DeadLetter(d.getReason(), message, d.getSourceStream(), d.getIngestTime(),
                new byte[0], Integer.MAX_VALUE, Integer.MAX_VALUE, sha)).length;
        int slice = (maxRecordBytes - overhead) / 4 * 3;
        if (slice <= 0) {
            throw new IllegalArgumentException("a dead letter's part cannot fit " + maxRecordBytes + " bytes");
        }
        int n = (whole.length + slice - 1) / slice;
        if (n == 1) {
            // Only its (long) message made it too big
            return Collections.singletonList(new DeadLetter(d.getReason(), message, d.getSourceStream(),
                    d.getIngestTime(), whole));
        }
        List<DeadLetter> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            byte[] bytes = Arrays.copyOfRange(whole, k * slice, Math.min(whole.length, (k + 1) * slice));
            out.add(new DeadLetter(d.getReason(), message, d.getSourceStream(), d.getIngestTime(), bytes, k + 1, n, sha));
        }
        return out;
    }

    /**
     * Whether {@code d}'s JSON cannot exceed the limit, known without writing it (the sink writes it
     * anyway): base64 of the original, at most 6 bytes for each character of the strings (a
     * six-character escape), and room for the field names, reason and numbers. Nearly every dead
     * letter is a line of a few hundred bytes, and a flood of them is when this runs most.
     */
    static boolean surelyFits(DeadLetter d, int maxRecordBytes) {
        long bound = 4L * ((d.getOriginal().length + 2) / 3) + 256
                + 6L * (length(d.getMessage()) + length(d.getSourceStream()));
        return bound <= maxRecordBytes;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** The original of a dead letter's parts (any order), checked against their SHA-256. */
    public static byte[] join(List<DeadLetter> parts) {
        if (parts.size() == 1 && !parts.get(0).isPart()) {
            return parts.get(0).getOriginal();
        }
        DeadLetter[] byPart = new DeadLetter[parts.size()];
        int length = 0;
        for (DeadLetter p : parts) {
            if (!p.isPart() || p.getParts() != parts.size() || byPart[p.getPart() - 1] != null
                    || !p.getWholeSha256().equals(parts.get(0).getWholeSha256())) {
                throw new IllegalArgumentException("not the parts of one dead letter: " + p);
            }
            byPart[p.getPart() - 1] = p;
            length += p.getOriginal().length;
        }
        byte[] whole = new byte[length];
        int at = 0;
        for (DeadLetter p : byPart) {
            System.arraycopy(p.getOriginal(), 0, whole, at, p.getOriginal().length);
            at += p.getOriginal().length;
        }
        if (!sha256(whole).equals(parts.get(0).getWholeSha256())) {
            throw new IllegalArgumentException("the parts' bytes do not match their SHA-256");
        }
        return whole;
    }

    static String sha256(byte[] bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder hex = new StringBuilder(64);
            for (byte b : h) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JVM", e);
        }
    }
}
