package io.tern.cli.bench;

import io.tern.smpp.pdu.SubmitSm;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the run's submit_sm PDUs to the sessions: a shared counter, so a fast session takes
 * more and a session that drops leaves its unsent messages to the others. The parts of one long
 * message stay on one session.
 */
final class MessageSource {

    private final MessageFactory factory;
    private final long messages;
    private final AtomicLong next = new AtomicLong();

    MessageSource(MessageFactory factory, long messages) {
        this.factory = factory;
        this.messages = messages;
    }

    /** A cursor for one session (not thread safe; one per session). */
    Cursor cursor() {
        return new Cursor();
    }

    long claimed() {
        return Math.min(messages, next.get());
    }

    /** One session's position: the message it is sending and the next part of it. */
    final class Cursor {
        private long message = -1;
        private int part;

        /** The next submit_sm with this sequence_number, or null when every message is claimed. */
        SubmitSm next(int seq) {
            if (message < 0 || part == factory.partsPerMessage()) {
                long n = next.getAndIncrement();
                if (n >= messages) {
                    return null;
                }
                message = n;
                part = 0;
            }
            return factory.submit(message, part++, seq);
        }
    }
}
