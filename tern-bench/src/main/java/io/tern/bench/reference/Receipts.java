package io.tern.bench.reference;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both reference servers share, so neither does more work than the other: message ids and
 * the delivery receipt text of SMPP 3.4 Appendix B.
 */
final class Receipts {

    /** message_state DELIVERED (SMPP 3.4 §5.3.2.35). */
    static final byte DELIVERED = 2;

    private final AtomicLong nextId = new AtomicLong(System.currentTimeMillis() << 12);

    String nextMessageId() {
        return Long.toHexString(nextId.incrementAndGet());
    }

    /**
     * A receipt is due when registered_delivery asks for an SMSC receipt on success (bits 1..0 are
     * 01 "success or failure" or 11 "success only", SMPP 3.4 §5.2.17 / 5.0 §4.7.21).
     */
    static boolean wanted(int registeredDelivery) {
        int smsc = registeredDelivery & 0x03;
        return smsc == 1 || smsc == 3;
    }

    /** The receipt text for the message named {@code messageId} (hex) in its submit_sm_resp. */
    static byte[] text(String messageId, ReceiptStyle style, byte[] shortMessage) {
        String date = date(LocalDateTime.now(ZoneOffset.UTC));
        int textLength = Math.min(20, shortMessage.length);
        String text = new String(shortMessage, 0, textLength, StandardCharsets.ISO_8859_1);
        return ("id:" + style.textIdOf(messageId) + " sub:001 dlvrd:001 submit date:" + date + " done date:" + date
                + " stat:DELIVRD err:000 text:" + text).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** YYMMDDhhmm, as in the receipt format. */
    private static String date(LocalDateTime t) {
        char[] c = new char[10];
        two(c, 0, t.getYear() % 100);
        two(c, 2, t.getMonthValue());
        two(c, 4, t.getDayOfMonth());
        two(c, 6, t.getHour());
        two(c, 8, t.getMinute());
        return new String(c);
    }

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }
}
