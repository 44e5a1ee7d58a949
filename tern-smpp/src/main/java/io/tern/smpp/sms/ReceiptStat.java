package io.tern.smpp.sms;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code stat} values of a delivery receipt, the message states of SMPP 3.4 Appendix B and
 * §5.2.28 in their 7-letter form.
 */
public enum ReceiptStat {
    DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE;

    /**
     * The stat for {@code text}, case-insensitive, also accepting the spelled-out words some
     * SMSCs send (DELIVERED, UNDELIVERABLE, ACCEPTED, REJECTED); empty when unrecognised.
     */
    public static Optional<ReceiptStat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "DELIVRD": case "DELIVERED": return Optional.of(DELIVRD);
            case "EXPIRED": return Optional.of(EXPIRED);
            case "DELETED": return Optional.of(DELETED);
            case "UNDELIV": case "UNDELIVERABLE": return Optional.of(UNDELIV);
            case "ACCEPTD": case "ACCEPTED": return Optional.of(ACCEPTD);
            case "UNKNOWN": return Optional.of(UNKNOWN);
            case "REJECTD": case "REJECTED": return Optional.of(REJECTD);
            case "ENROUTE": return Optional.of(ENROUTE);
            default: return Optional.empty();
        }
    }
}
