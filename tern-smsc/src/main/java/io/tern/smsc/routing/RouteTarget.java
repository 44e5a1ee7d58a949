package io.tern.smsc.routing;

import io.tern.smpp.pdu.CommandStatus;
import java.util.Objects;

/**
 * Where a routed message goes: an ESME account (delivered by deliver_sm over its receiver
 * sessions), the virtual handset network, an upstream SMSC through one connector or a group of
 * them (submit_sm), or nowhere (rejected at submit with a status). {@link #key()} is the name the
 * store and scheduler use for the target, and {@link #parse} reads it back.
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

    /** Forwarded by submit_sm to an upstream SMSC over the connector {@code name}. */
    record Connector(String name) implements RouteTarget {
        public Connector {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String key() {
            return "connector:" + name;
        }
    }

    /**
     * Forwarded over one of the connectors of the group {@code name}, chosen by the group's
     * strategy (failover order or weights) among those bound at the time.
     */
    record ConnectorGroup(String name) implements RouteTarget {
        public ConnectorGroup {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String key() {
            return "group:" + name;
        }
    }

    /**
     * The copy of a message to an account's number that goes to the account's mo webhook
     * (docs/http-api.md); made when the message is stored, never chosen by a route.
     */
    record Webhook(String systemId) implements RouteTarget {
        public Webhook {
            Objects.requireNonNull(systemId, "systemId");
        }

        @Override
        public String key() {
            return "webhook:" + systemId;
        }
    }

    /** Refused at submit with {@code status}. */
    record Reject(CommandStatus status) implements RouteTarget {
        @Override
        public String key() {
            return "reject:" + status.mnemonic();
        }
    }

    /**
     * Parses {@code sim}, {@code esme:NAME}, {@code connector:NAME}, {@code group:NAME},
     * {@code webhook:NAME} or {@code reject:ESME_RXXX} (or a numeric status): the configuration's
     * words and the keys the store keeps.
     */
    static RouteTarget parse(String text) {
        if (text.equals("sim")) {
            return new Sim();
        }
        if (text.startsWith("esme:") && text.length() > 5) {
            return new Esme(text.substring(5));
        }
        if (text.startsWith("connector:") && text.length() > 10) {
            return new Connector(text.substring(10));
        }
        if (text.startsWith("group:") && text.length() > 6) {
            return new ConnectorGroup(text.substring(6));
        }
        if (text.startsWith("webhook:") && text.length() > 8) {
            return new Webhook(text.substring(8));
        }
        if (text.startsWith("reject:")) {
            return new Reject(Statuses.parse(text.substring(7)));
        }
        throw new IllegalArgumentException("must be 'sim', 'esme:SYSTEM_ID', 'connector:NAME', 'group:NAME' or"
                + " 'reject:ESME_R...', was '" + text + "'");
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
