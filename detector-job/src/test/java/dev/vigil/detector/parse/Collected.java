package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DeadLetterReason;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A {@link ParseOutput} that keeps everything, for assertions. */
final class Collected<T> implements ParseOutput<T> {
    final List<T> accepted = new ArrayList<>();
    final List<DeadLetter> rejected = new ArrayList<>();

    @Override
    public void accept(T record) {
        accepted.add(record);
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        rejected.add(deadLetter);
    }

    List<DeadLetterReason> reasons() {
        return rejected.stream().map(DeadLetter::getReason).collect(Collectors.toList());
    }

    static byte[] resource(String path) {
        try (InputStream in = Collected.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        return dev.vigil.detector.testing.Recording.gzip(data);
    }
}
