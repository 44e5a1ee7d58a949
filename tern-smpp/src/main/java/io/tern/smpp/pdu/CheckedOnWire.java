package io.tern.smpp.pdu;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Tells the submit_sm and deliver_sm records, for the current thread, that the C-Octet Strings
 * they are being built from were just read off the wire and checked by the codec: each within
 * its field's size, without a NUL, one octet a character (SMPP 3.4 §3.1). The records then skip
 * their own scan of those strings; every other rule of the record (one-octet fields, the short
 * message's length, message_payload beside short_message) is still checked.
 *
 * <p>Why a per-thread mark: a record's canonical constructor cannot be bypassed and has no room for
 * a "checked" argument, and the second scan of the two addresses was 15–20 % of a decode on the
 * codec benchmark (issue 14). Only the decoder in {@code io.tern.smpp.codec} marks, around one
 * constructor call, and clears the mark in a {@code finally}; a record built on this thread at any
 * other time is checked in full. Records taking already-checked field types would make the mark
 * unnecessary.
 */
public final class CheckedOnWire {

    private static final FastThreadLocal<CheckedOnWire> CURRENT = new FastThreadLocal<>() {
        @Override
        protected CheckedOnWire initialValue() {
            return new CheckedOnWire();
        }
    };

    private boolean on;

    private CheckedOnWire() {
    }

    /** This thread's mark. */
    public static CheckedOnWire current() {
        return CURRENT.get();
    }

    /** Marks the next record built on this thread as made of strings checked on the wire. */
    public void begin() {
        on = true;
    }

    /** Clears the mark; call in a {@code finally} after the record's constructor. */
    public void end() {
        on = false;
    }

    /** Whether the record being built on this thread holds strings the codec has checked. */
    static boolean isOn() {
        return CURRENT.get().on;
    }
}
