package io.tern.smsc.sim;

/** What a virtual handset does with a message sent to it. */
public enum Behaviour {
    /** Accepts the message after the range's latency. */
    DELIVER,
    /** Refuses it with the range's error code (permanently or temporarily). */
    FAIL,
    /** Is unreachable until made present; its messages wait and go at once when it returns. */
    ABSENT,
    /** Picks one of the above per message by the range's percentages. */
    MIX
}
