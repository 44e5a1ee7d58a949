package io.tern.smpp.session;

import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.PduRequest;
import io.tern.smpp.pdu.PduResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which PDU may be sent in which session state, and by whom: the operation matrix of SMPP 3.4
 * §2.3 and §2.4 (table 2-1), extended with the SMPP 5.0 broadcast operations (§4.12) and with
 * enquire_link in OPEN (SMPP 5.0 §2.4 allows it; every peer we interoperate with sends it).
 *
 * <p>One table, one lookup ({@link #allows}). A request outside the table is answered with
 * ESME_RINVBNDSTS ({@link #rejection}); a response outside it is dropped (§2.8: a response is
 * never answered).
 */
public final class OperationMatrix {

    private static final Set<SessionState> ANY_OPEN = EnumSet.of(SessionState.OPEN, SessionState.OUTBOUND,
            SessionState.BOUND_TX, SessionState.BOUND_RX, SessionState.BOUND_TRX, SessionState.UNBINDING);
    private static final Set<SessionState> BOUND = EnumSet.of(SessionState.BOUND_TX, SessionState.BOUND_RX,
            SessionState.BOUND_TRX);
    private static final Set<SessionState> TX = EnumSet.of(SessionState.BOUND_TX, SessionState.BOUND_TRX);
    private static final Set<SessionState> RX = EnumSet.of(SessionState.BOUND_RX, SessionState.BOUND_TRX);
    private static final Set<SessionState> NOT_BOUND = EnumSet.of(SessionState.OPEN, SessionState.OUTBOUND);

    /** [sender][command] → the states in which that sender may send that command; looked up per PDU, so no boxing. */
    @SuppressWarnings("unchecked")
    private static final Set<SessionState>[][] TABLE =
            new Set[SmppRole.values().length][CommandId.values().length];

    static {
        for (CommandId bind : new CommandId[] {CommandId.BIND_TRANSMITTER, CommandId.BIND_RECEIVER,
                CommandId.BIND_TRANSCEIVER}) {
            allow(bind, SmppRole.ESME, NOT_BOUND);
            allow(bind.response(), SmppRole.SMSC, NOT_BOUND);
        }
        allow(CommandId.OUTBIND, SmppRole.SMSC, EnumSet.of(SessionState.OPEN));
        both(CommandId.UNBIND, with(BOUND, SessionState.UNBINDING));
        both(CommandId.UNBIND_RESP, with(BOUND, SessionState.UNBINDING));
        both(CommandId.ENQUIRE_LINK, ANY_OPEN);
        both(CommandId.ENQUIRE_LINK_RESP, ANY_OPEN);
        both(CommandId.GENERIC_NACK, ANY_OPEN);
        for (CommandId op : new CommandId[] {CommandId.SUBMIT_SM, CommandId.SUBMIT_MULTI, CommandId.QUERY_SM,
                CommandId.CANCEL_SM, CommandId.REPLACE_SM, CommandId.BROADCAST_SM, CommandId.QUERY_BROADCAST_SM,
                CommandId.CANCEL_BROADCAST_SM}) {
            allow(op, SmppRole.ESME, TX);
            allow(op.response(), SmppRole.SMSC, with(TX, SessionState.UNBINDING));
        }
        allow(CommandId.DELIVER_SM, SmppRole.SMSC, RX);
        allow(CommandId.DELIVER_SM_RESP, SmppRole.ESME, with(RX, SessionState.UNBINDING));
        allow(CommandId.ALERT_NOTIFICATION, SmppRole.SMSC, RX);
        allow(CommandId.DATA_SM, SmppRole.ESME, TX);
        allow(CommandId.DATA_SM, SmppRole.SMSC, RX);
        allow(CommandId.DATA_SM_RESP, SmppRole.SMSC, with(TX, SessionState.UNBINDING));
        allow(CommandId.DATA_SM_RESP, SmppRole.ESME, with(RX, SessionState.UNBINDING));
    }

    private OperationMatrix() {
    }

    private static Set<SessionState> with(Set<SessionState> states, SessionState extra) {
        EnumSet<SessionState> s = EnumSet.copyOf(states);
        s.add(extra);
        return s;
    }

    private static void both(CommandId id, Set<SessionState> states) {
        allow(id, SmppRole.ESME, states);
        allow(id, SmppRole.SMSC, states);
    }

    private static void allow(CommandId id, SmppRole sender, Set<SessionState> states) {
        TABLE[sender.ordinal()][id.ordinal()] = EnumSet.copyOf(states);
    }

    /** True when {@code sender} may send {@code commandId} while the session is in {@code state}. */
    public static boolean allows(SessionState state, CommandId commandId, SmppRole sender) {
        Set<SessionState> states = TABLE[sender.ordinal()][commandId.ordinal()];
        return states != null && states.contains(state);
    }

    /**
     * The answer to an inbound request that the table does not allow: its own response (or
     * generic_nack when it has none) with ESME_RINVBNDSTS; {@code null} when it is allowed.
     */
    public static PduResponse rejection(SessionState state, PduRequest request, SmppRole sender) {
        if (allows(state, request.commandId(), sender)) {
            return null;
        }
        return request.errorResponse(CommandStatus.ESME_RINVBNDSTS);
    }
}
