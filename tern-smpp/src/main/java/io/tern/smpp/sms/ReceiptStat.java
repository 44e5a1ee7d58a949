package io.tern.smpp.sms;

import io.tern.smpp.pdu.MessageState;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code stat} values of a delivery receipt, the message states of SMPP 3.4 Appendix B and
 * §5.2.28 in their 7-letter form. The one mapping between a stat and a {@link MessageState}.
 */
public enum ReceiptStat {
    DELIVRD(MessageState.DELIVERED),
    EXPIRED(MessageState.EXPIRED),
    DELETED(MessageState.DELETED),
    UNDELIV(MessageState.UNDELIVERABLE),
    ACCEPTD(MessageState.ACCEPTED),
    UNKNOWN(MessageState.UNKNOWN),
    REJECTD(MessageState.REJECTED),
    ENROUTE(MessageState.ENROUTE);

    private final MessageState state;

    ReceiptStat(MessageState state) {
        this.state = state;
    }

    /** The message state this stat reports. */
    public MessageState state() {
        return state;
    }

    /** The stat a receipt reports for {@code state}: SCHEDULED is still ENROUTE, SKIPPED (SMPP 5.0) UNKNOWN. */
    public static ReceiptStat of(MessageState state) {
        switch (state) {
            case SCHEDULED:
                return ENROUTE;
            case SKIPPED:
                return UNKNOWN;
            default:
                for (ReceiptStat s : values()) {
                    if (s.state == state) {
                        return s;
                    }
                }
                throw new AssertionError(state);
        }
    }

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
