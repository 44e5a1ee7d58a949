package io.tern.smpp.codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Octets that PDUs received in part may hold, summed over every connection that shares it (one
 * server). A command_length (SMPP 3.4 §3.2) announces how much a connection will buffer before
 * the PDU can be decoded; a peer that announces much and sends little holds that memory for as
 * long as it likes, and thousands of them exhaust the direct memory every session needs. The
 * {@link SmppDecoder} reserves the whole command_length here while a PDU is incomplete and
 * releases it when the PDU is complete or the connection closes, so the total stays bounded.
 */
public final class PartialPduBudget {

    private final long capacity;
    private final AtomicLong reserved = new AtomicLong();

    /** @param capacity octets, at least 16 */
    public PartialPduBudget(long capacity) {
        if (capacity < PduCodec.HEADER_LENGTH) {
            throw new IllegalArgumentException("capacity must be at least 16, was " + capacity);
        }
        this.capacity = capacity;
    }

    public long capacity() {
        return capacity;
    }

    /** Octets reserved now, by every connection. */
    public long reserved() {
        return reserved.get();
    }

    /** Takes {@code octets}, or nothing and false when that would go beyond the capacity. */
    boolean tryReserve(int octets) {
        long now;
        do {
            now = reserved.get();
            if (now + octets > capacity) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + octets));
        return true;
    }

    void release(int octets) {
        reserved.addAndGet(-octets);
    }

    /**
     * What the decoder emits, instead of a PDU, for a connection whose partial PDU does not fit:
     * the connection should be closed. Nothing is answered (no status means "come back later"
     * for one PDU), and the decoder discards the rest of the stream.
     */
    public record Exceeded(int commandLength, long capacity) {
    }
}
