package io.tern.smpp.codec;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.BindReceiver;
import io.tern.smpp.pdu.BindReceiverResp;
import io.tern.smpp.pdu.BindTransceiver;
import io.tern.smpp.pdu.BindTransceiverResp;
import io.tern.smpp.pdu.BindTransmitter;
import io.tern.smpp.pdu.BindTransmitterResp;
import io.tern.smpp.pdu.BroadcastSm;
import io.tern.smpp.pdu.BroadcastSmResp;
import io.tern.smpp.pdu.CancelBroadcastSm;
import io.tern.smpp.pdu.CancelBroadcastSmResp;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CommandId;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.DeliverSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.EnquireLink;
import io.tern.smpp.pdu.EnquireLinkResp;
import io.tern.smpp.pdu.GenericNack;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.Outbind;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.QueryBroadcastSm;
import io.tern.smpp.pdu.QueryBroadcastSmResp;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Unbind;
import io.tern.smpp.pdu.UnbindResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.tlv.Tlv;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of valid PDUs of every type: fields of random length up to their limits,
 * random standard, vendor and unknown TLVs, random (also unknown) statuses. Same seed, same PDUs.
 */
final class RandomPdus {

    /** Longest TLV value generated, so a PDU stays well under {@link HexVector#MAX_PDU_LENGTH}. */
    private static final int MAX_TLV_VALUE = 600;
    private static final TlvTag[] TAGS = TlvTag.values();
    private static final CommandStatus[] STATUSES = {
        CommandStatus.ESME_RINVMSGLEN, CommandStatus.ESME_RINVCMDLEN, CommandStatus.ESME_RINVCMDID,
        CommandStatus.ESME_RINVBNDSTS, CommandStatus.ESME_RSYSERR, CommandStatus.ESME_RINVSRCADR,
        CommandStatus.ESME_RINVDSTADR, CommandStatus.ESME_RTHROTTLED, CommandStatus.ESME_RMSGQFUL,
        CommandStatus.ESME_RINVPARLEN, CommandStatus.ESME_RX_T_APPN, CommandStatus.ESME_RBCASTFAIL,
    };

    private final Random random;

    RandomPdus(long seed) {
        this.random = new Random(seed);
    }

    Pdu next() {
        CommandId[] ids = CommandId.values();
        return next(ids[random.nextInt(ids.length)]);
    }

    Pdu next(CommandId id) {
        int seq = random.nextInt();
        return switch (id) {
            case GENERIC_NACK -> new GenericNack(seq, status());
            case BIND_RECEIVER -> new BindReceiver(seq, cString(Limits.SYSTEM_ID), cString(Limits.PASSWORD),
                    cString(Limits.SYSTEM_TYPE), u8(), u8(), u8(), cString(Limits.ADDRESS_RANGE));
            case BIND_TRANSMITTER -> new BindTransmitter(seq, cString(Limits.SYSTEM_ID), cString(Limits.PASSWORD),
                    cString(Limits.SYSTEM_TYPE), u8(), u8(), u8(), cString(Limits.ADDRESS_RANGE));
            case BIND_TRANSCEIVER -> new BindTransceiver(seq, cString(Limits.SYSTEM_ID), cString(Limits.PASSWORD),
                    cString(Limits.SYSTEM_TYPE), u8(), u8(), u8(), cString(Limits.ADDRESS_RANGE));
            case BIND_RECEIVER_RESP -> new BindReceiverResp(seq, status(), cString(Limits.SYSTEM_ID), tlvs(true));
            case BIND_TRANSMITTER_RESP -> new BindTransmitterResp(seq, status(), cString(Limits.SYSTEM_ID), tlvs(true));
            case BIND_TRANSCEIVER_RESP -> new BindTransceiverResp(seq, status(), cString(Limits.SYSTEM_ID), tlvs(true));
            case OUTBIND -> new Outbind(seq, cString(Limits.SYSTEM_ID), cString(Limits.PASSWORD));
            case UNBIND -> new Unbind(seq);
            case UNBIND_RESP -> new UnbindResp(seq, status());
            case ENQUIRE_LINK -> new EnquireLink(seq);
            case ENQUIRE_LINK_RESP -> new EnquireLinkResp(seq, status());
            case QUERY_SM -> new QuerySm(seq, cString(Limits.MESSAGE_ID), address(Limits.ADDR_21));
            case QUERY_SM_RESP -> new QuerySmResp(seq, status(), cString(Limits.MESSAGE_ID), time(), u8(), u8());
            case SUBMIT_SM, DELIVER_SM -> shortMessage(id, seq);
            case SUBMIT_SM_RESP -> new SubmitSmResp(seq, status(), cString(Limits.MESSAGE_ID));
            case DELIVER_SM_RESP -> new DeliverSmResp(seq, status(), cString(Limits.MESSAGE_ID));
            case REPLACE_SM -> new ReplaceSm(seq, cString(Limits.MESSAGE_ID), address(Limits.ADDR_21), time(), time(),
                    u8(), u8(), bytes(random.nextInt(Limits.SHORT_MESSAGE + 1)));
            case REPLACE_SM_RESP -> new ReplaceSmResp(seq, status());
            case CANCEL_SM -> new CancelSm(seq, cString(Limits.SERVICE_TYPE), cString(Limits.MESSAGE_ID),
                    address(Limits.ADDR_21), address(Limits.ADDR_21));
            case CANCEL_SM_RESP -> new CancelSmResp(seq, status());
            case SUBMIT_MULTI -> submitMulti(seq);
            case SUBMIT_MULTI_RESP -> submitMultiResp(seq);
            case ALERT_NOTIFICATION -> new AlertNotification(seq, address(Limits.ADDR_65), address(Limits.ADDR_65),
                    tlvs(true));
            case DATA_SM -> new DataSm(seq, cString(Limits.SERVICE_TYPE), address(Limits.ADDR_65),
                    address(Limits.ADDR_65), u8(), u8(), u8(), tlvs(true));
            case DATA_SM_RESP -> new DataSmResp(seq, status(), cString(Limits.MESSAGE_ID), tlvs(true));
            case BROADCAST_SM -> new BroadcastSm(seq, cString(Limits.SERVICE_TYPE), address(Limits.ADDR_21),
                    cString(Limits.MESSAGE_ID), u8(), time(), time(), u8(), u8(), u8(), tlvs(true));
            case BROADCAST_SM_RESP -> new BroadcastSmResp(seq, status(), cString(Limits.MESSAGE_ID), tlvs(true));
            case QUERY_BROADCAST_SM -> new QueryBroadcastSm(seq, cString(Limits.MESSAGE_ID), address(Limits.ADDR_21),
                    tlvs(true));
            case QUERY_BROADCAST_SM_RESP -> new QueryBroadcastSmResp(seq, status(), cString(Limits.MESSAGE_ID),
                    tlvs(true));
            case CANCEL_BROADCAST_SM -> new CancelBroadcastSm(seq, cString(Limits.SERVICE_TYPE),
                    cString(Limits.MESSAGE_ID), address(Limits.ADDR_21), tlvs(true));
            case CANCEL_BROADCAST_SM_RESP -> new CancelBroadcastSmResp(seq, status());
        };
    }

    private Pdu shortMessage(CommandId id, int seq) {
        byte[] sm = bytes(random.nextInt(4) == 0 ? 0 : random.nextInt(Limits.SHORT_MESSAGE + 1));
        // §5.3.2.32: message_payload only when short_message is empty
        Tlvs tlvs = tlvs(sm.length == 0);
        if (id == CommandId.SUBMIT_SM) {
            return new SubmitSm(seq, cString(Limits.SERVICE_TYPE), address(Limits.ADDR_21), address(Limits.ADDR_21),
                    u8(), u8(), u8(), time(), time(), u8(), u8(), u8(), u8(), sm, tlvs);
        }
        return new DeliverSm(seq, cString(Limits.SERVICE_TYPE), address(Limits.ADDR_21), address(Limits.ADDR_21),
                u8(), u8(), u8(), time(), time(), u8(), u8(), u8(), u8(), sm, tlvs);
    }

    private SubmitMulti submitMulti(int seq) {
        int n = random.nextInt(10) == 0 ? Limits.MAX_DESTS : 1 + random.nextInt(8);
        List<DestAddress> dests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dests.add(random.nextBoolean() ? new DestAddress.Sme(address(Limits.ADDR_21))
                    : new DestAddress.DistributionList(cString(Limits.DL_NAME)));
        }
        return new SubmitMulti(seq, cString(Limits.SERVICE_TYPE), address(Limits.ADDR_21), dests, u8(), u8(), u8(),
                time(), time(), u8(), u8(), u8(), u8(), bytes(random.nextInt(Limits.SHORT_MESSAGE + 1)), tlvs(true));
    }

    private SubmitMultiResp submitMultiResp(int seq) {
        int n = random.nextInt(10) == 0 ? Limits.MAX_DESTS : random.nextInt(5);
        List<UnsuccessSme> failed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            failed.add(new UnsuccessSme(address(Limits.ADDR_21), status()));
        }
        return new SubmitMultiResp(seq, status(), cString(Limits.MESSAGE_ID), failed);
    }

    /** ESME_ROK half of the time, else a known error or any 32-bit code (vendor, reserved). */
    CommandStatus status() {
        int k = random.nextInt(4);
        if (k <= 1) {
            return CommandStatus.ESME_ROK;
        }
        return k == 2 ? STATUSES[random.nextInt(STATUSES.length)] : CommandStatus.of(random.nextInt());
    }

    int u8() {
        return random.nextInt(256);
    }

    /** A C-Octet String value for a field of {@code size} octets (NUL included): any non-NUL octets. */
    String cString(int size) {
        int len = random.nextInt(3) == 0 ? size - 1 : random.nextInt(size);
        StringBuilder sb = new StringBuilder(len);
        boolean ascii = random.nextInt(4) != 0;
        for (int i = 0; i < len; i++) {
            sb.append((char) (ascii ? 0x20 + random.nextInt(0x5F) : 1 + random.nextInt(0xFF)));
        }
        return sb.toString();
    }

    String time() {
        if (random.nextInt(3) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 15; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.append("+-R".charAt(random.nextInt(3))).toString();
    }

    Address address(int size) {
        return new Address(u8(), u8(), cString(size));
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Zero to four TLVs: standard ones with a length their definition allows, vendor and unknown tags. */
    Tlvs tlvs(boolean payloadAllowed) {
        int n = random.nextInt(5);
        List<Tlv> list = new ArrayList<>(n);
        while (list.size() < n) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                TlvTag tag = TAGS[random.nextInt(TAGS.length)];
                if (tag == TlvTag.MESSAGE_PAYLOAD && !payloadAllowed) {
                    continue;
                }
                int max = Math.min(tag.maxLength(), MAX_TLV_VALUE);
                list.add(new Tlv(tag.code(), bytes(tag.minLength() + random.nextInt(max - tag.minLength() + 1))));
            } else {
                // 0x1400..0x3FFF is the vendor range of §5.3.2; other unassigned tags must survive too
                int tag = kind == 1 ? 0x1400 + random.nextInt(0x2C00) : random.nextInt(0x10000);
                if (TlvTag.lookup(tag) != null) {
                    continue;
                }
                list.add(new Tlv(tag, bytes(random.nextInt(40))));
            }
        }
        return Tlvs.of(list);
    }
}
