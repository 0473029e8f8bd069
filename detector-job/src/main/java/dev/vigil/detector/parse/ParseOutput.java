package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetter;

/** Where a parser puts what it read: every input line ends in exactly one of the two. */
public interface ParseOutput<T> {
    void accept(T record);

    void reject(DeadLetter deadLetter);
}
