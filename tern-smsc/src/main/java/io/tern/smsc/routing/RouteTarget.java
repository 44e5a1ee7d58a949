package io.tern.smsc.routing;

import io.tern.smpp.pdu.CommandStatus;
import java.util.Objects;

/**
 * Where a routed message goes: an ESME account (delivered by deliver_sm over its receiver
 * sessions), the virtual handset network, or nowhere (rejected at submit with a status).
 * {@link #key()} is the name the store and scheduler use for the target.
 */
public sealed interface RouteTarget {

    String key();

    /** Delivered to an ESME account's RX/TRX sessions. */
    record Esme(String systemId) implements RouteTarget {
        public Esme {
            Objects.requireNonNull(systemId, "systemId");
        }

        @Override
        public String key() {
            return "esme:" + systemId;
        }
    }

    /** Delivered to the virtual handset network. */
    record Sim() implements RouteTarget {
        @Override
        public String key() {
            return "sim";
        }
    }

    /** Refused at submit with {@code status}. */
    record Reject(CommandStatus status) implements RouteTarget {
        @Override
        public String key() {
            return "reject:" + status.mnemonic();
        }
    }

    /** Parses {@code esme:NAME}, {@code sim} or {@code reject:ESME_RXXX} (or a numeric status). */
    static RouteTarget parse(String text) {
        if (text.equals("sim")) {
            return new Sim();
        }
        if (text.startsWith("esme:") && text.length() > 5) {
            return new Esme(text.substring(5));
        }
        if (text.startsWith("reject:")) {
            return new Reject(Statuses.parse(text.substring(7)));
        }
        throw new IllegalArgumentException("must be 'sim', 'esme:SYSTEM_ID' or 'reject:ESME_R...', was '" + text + "'");
    }

    /** Parses status names and numbers in configuration. */
    final class Statuses {
        private Statuses() {
        }

        public static CommandStatus parse(String s) {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return CommandStatus.of(Integer.parseUnsignedInt(s.substring(2), 16));
            }
            if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                return CommandStatus.of(Integer.parseInt(s));
            }
            for (int code = 0; code < 0x200; code++) {
                CommandStatus st = CommandStatus.of(code);
                if (st.isKnown() && st.mnemonic().equals(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("unknown SMPP status '" + s + "'");
        }
    }
}
