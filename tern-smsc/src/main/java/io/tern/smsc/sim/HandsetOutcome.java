package io.tern.smsc.sim;

/** What happened to a message sent to a virtual handset. */
public sealed interface HandsetOutcome {

    record Delivered() implements HandsetOutcome {
    }

    /** Refused: {@code permanent} failures make the message UNDELIVERABLE, others are retried. */
    record Failed(int errorCode, boolean permanent) implements HandsetOutcome {
    }

    /** The subscriber is absent; the message waits until it is present again. */
    record Absent() implements HandsetOutcome {
    }
}
