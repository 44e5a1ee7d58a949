package io.tern.smsc.submit;

import java.time.Clock;

/**
 * Assigns message_ids in one of two {@link Form}s. The SMPP 3.4 form is 16 hex digits, 44 bits of
 * milliseconds then 20 bits of a counter, so ids sort by submission time, fit every 3.4 ESME's id
 * field and stay unique across restarts as long as the clock does not go back by more than the
 * time the node was down. SMPP 3.3 allows a message_id of at most 8 characters (a hexadecimal
 * C-Octet String of 9 octets with its NUL, docs/protocol.md), so a 3.3 ESME gets the
 * {@link Form#SMPP33} form instead.
 *
 * <p>Nodes sharing one store (PostgreSQL) each hold a slot ({@code SharedStore.idSlot}), and their
 * ids carry it, so that two nodes making an id in the same millisecond make different ones. Their
 * 3.4 ids are 44 bits of milliseconds, 6 bits of slot, 14 bits of counter (16,384 ids a
 * millisecond before the next one is borrowed). Their 3.3 ids are 26 bits of the millisecond tick
 * then the 6 bits of slot, still 8 hex digits: the price is that the values come round after
 * 2^26 ms (about 18.6 hours) instead of 2^32 ms (49.7 days), see {@link Form#SMPP33}. A node alone
 * on its store keeps the 32-bit tick.
 *
 * <p>Why all 6 bits of the slot and not fewer: slots are the ones the 3.4 ids carry (0..63, the
 * lowest free one taken at join, docs/scaling.md). With k bits for 3.3 ids the values would come
 * round after 2^(32-k) ms (4 bits: 74.6 hours), but the 3.3 ids of a node holding slot 2^k or
 * above could then equal another node's: either the cluster shrinks to 2^k nodes for everyone or a
 * node's 3.3 ESMEs depend on which slot it happened to take. One slot space, one limit of 64
 * nodes, one rule for operators (docs/scaling.md, "Keys and look-ups").
 */
public final class MessageIds {

    /** The longest message_id SMPP 3.3 allows, in characters (9 octets with the terminating NUL). */
    public static final int SMPP33_MAX_LENGTH = 8;

    /** Which ids a session's ESME can take. */
    public enum Form {
        /** 16 hex digits (SMPP 3.4 and 5.0 allow 64 characters). */
        SMPP34,
        /**
         * 8 hex digits from a millisecond tick that never repeats a value (a second id in the same
         * millisecond borrows the next one). A node alone on its store writes the low 32 bits of
         * the tick: its values come round again after 2^32 ms (49.7 days). A node holding a slot
         * writes the low 26 bits of the tick then the 6 bits of its slot: its values come round
         * after 2^26 ms (about 18.6 hours), and never equal another node's. Either way they never
         * equal a 16-digit id, and they are unique over that span while a node's 3.3 ESMEs submit
         * fewer than 1,000 messages a second on average over it (faster, the tick runs ahead of
         * the clock, and a restart can start it again below ids already given). A message kept
         * longer than that span (validity, then {@code store.retention}) may share its id with a
         * newer one, which a look-up by id cannot tell apart (docs/scaling.md, "Keys and
         * look-ups").
         */
        SMPP33;

        /** The form for an ESME that bound with {@code interfaceVersion} (0x33 and below: 3.3). */
        public static Form forInterfaceVersion(int interfaceVersion) {
            return interfaceVersion < 0x34 ? SMPP33 : SMPP34;
        }
    }

    /** Slots of nodes sharing one store; the slot takes this many values' bits from the counter. */
    public static final int MAX_SLOTS = 64;
    private static final int SLOT_BITS = 6;
    /** Bits of the millisecond tick in a 3.3 id: all 32 alone, 26 beside a slot. */
    private static final int SHORT_TICK_BITS_ALONE = 32;
    private static final int SHORT_TICK_BITS_SLOTTED = 32 - SLOT_BITS;

    private final Clock clock;
    /** The slot shifted into place, 0 for a node alone on its store. */
    private final long slotBits;
    /** Ids a millisecond: 2^20 alone, 2^14 with a slot. */
    private final int perMillisecond;
    /** The slot as the low bits of a 3.3 id, 0 for a node alone on its store. */
    private final long shortSlotBits;
    /** Bits of the tick a 3.3 id keeps, the slot's bits below them. */
    private final int shortTickBits;
    private long lastMillis;
    private int counter;
    private long lastShortMillis;

    /** The ids of a node alone on its store: 20 bits of counter. */
    public MessageIds(Clock clock) {
        this.clock = clock;
        this.slotBits = 0;
        this.perMillisecond = 1 << 20;
        this.shortSlotBits = 0;
        this.shortTickBits = SHORT_TICK_BITS_ALONE;
    }

    /**
     * The ids of a node sharing its store, holding {@code slot}.
     *
     * @throws IllegalArgumentException if {@code slot} is not in 0..{@link #MAX_SLOTS}-1
     */
    public MessageIds(Clock clock, int slot) {
        if (slot < 0 || slot >= MAX_SLOTS) {
            throw new IllegalArgumentException("slot must be 0.." + (MAX_SLOTS - 1) + ", was " + slot);
        }
        this.clock = clock;
        this.perMillisecond = 1 << (20 - SLOT_BITS);
        this.slotBits = (long) slot << (20 - SLOT_BITS);
        this.shortSlotBits = slot;
        this.shortTickBits = SHORT_TICK_BITS_SLOTTED;
    }

    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = 0;
        } else if (++counter >= perMillisecond) {
            // the counter is spent for this millisecond: borrow the next one
            lastMillis++;
            counter = 0;
        }
        return hex(((lastMillis & 0xFFFFFFFFFFFL) << 20) | slotBits | counter, 16);
    }

    /** The next id in {@code form}. */
    public String next(Form form) {
        return form == Form.SMPP33 ? nextShort() : next();
    }

    private synchronized String nextShort() {
        long now = clock.millis();
        lastShortMillis = now > lastShortMillis ? now : lastShortMillis + 1;
        long tick = lastShortMillis & ((1L << shortTickBits) - 1);
        return hex(tick << (32 - shortTickBits) | shortSlotBits, SMPP33_MAX_LENGTH);
    }

    private static String hex(long v, int digits) {
        String hex = Long.toHexString(v);
        return "0".repeat(digits - hex.length()) + hex;
    }
}
