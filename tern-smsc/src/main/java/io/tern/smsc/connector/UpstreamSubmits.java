package io.tern.smsc.connector;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.sms.SmppTime;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.delivery.ChannelEncoding;
import io.tern.smsc.store.StoredMessage;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Builds the submit_sm (SMPP 3.4 §4.4.1) that forwards a stored message to an upstream SMSC: the
 * message's own fields, its UDH or SAR TLVs and data_coding untouched (so a long message passes
 * part by part) unless the connector's encoding asks for another (docs/protocol.md), the
 * connector's TON/NPI overrides, a receipt asked for when the connector waits
 * for them, and the message's validity end as an absolute validity_period.
 */
final class UpstreamSubmits {

    /** esm_class bits a forwarded message keeps: UDHI (0x40) and reply path (0x80); mode and type are ours. */
    private static final int ESM_KEPT = 0xC0;
    private static final int ESM_UDHI = 0x40;

    private UpstreamSubmits() {
    }

    /**
     * @throws IllegalArgumentException when the message cannot be said to this upstream at all
     *     (a message_payload too long for an SMPP 3.3 upstream)
     */
    static SubmitSm of(StoredMessage m, ConnectorConfig c) throws ChannelEncoding.ConversionException {
        byte[] sm = m.shortMessage();
        Tlvs tlvs = Tlvs.fromBytes(m.tlvs());
        int dataCoding = m.dataCoding();
        int esmClass = m.esmClass() & ESM_KEPT;
        // one stored message is one upstream message (one upstream id): converted, it is never split
        List<ChannelEncoding.Part> converted = c.encoding().convert(m, c.interfaceVersion() >= 0x34, false);
        if (converted != null) {
            ChannelEncoding.Part p = converted.get(0);
            dataCoding = p.dataCoding();
            esmClass = (esmClass & ~ESM_UDHI) | p.udhi();
            tlvs = tlvs.toBuilder().remove(TlvTag.MESSAGE_PAYLOAD).build();
            if (p.inPayload()) {
                sm = new byte[0];
                tlvs = tlvs.toBuilder().messagePayload(p.content()).build();
            } else {
                sm = p.content();
            }
        }
        if (c.interfaceVersion() < 0x34) {
            // SMPP 3.3 has no TLVs: a payload must fit short_message, and SAR parameters are lost
            Optional<byte[]> payload = tlvs.messagePayload();
            if (payload.isPresent()) {
                if (sm.length > 0 || payload.get().length > Limits.SHORT_MESSAGE) {
                    throw new IllegalArgumentException("a message_payload of " + payload.get().length
                            + " octets cannot be forwarded to an SMPP 3.3 upstream");
                }
                sm = payload.get();
            }
            tlvs = Tlvs.EMPTY;
        } else if (sm.length == 0 && tlvs.messagePayload().map(p -> p.length <= Limits.SHORT_MESSAGE).orElse(false)) {
            // a data_sm's payload that fits goes in short_message, which every SMSC understands
            sm = tlvs.messagePayload().get();
            tlvs = tlvs.toBuilder().remove(TlvTag.MESSAGE_PAYLOAD).build();
        }
        Address source = source(m, c);
        Address dest = destination(m, c);
        String validity = SmppTime.Absolute.of(m.expiryTime(), ZoneOffset.UTC).format();
        return new SubmitSm(0, m.serviceType(), source, dest, esmClass, m.protocolId(),
                m.priorityFlag(), "", validity, c.receipts() ? 1 : 0, 0, dataCoding, 0, sm, tlvs);
    }

    private static int or(Integer override, int value) {
        return override != null ? override : value;
    }

    /** The source address {@code m} is forwarded with (the connector's TON/NPI overrides applied). */
    static Address source(StoredMessage m, ConnectorConfig c) {
        return new Address(or(c.sourceTon(), m.source().ton()), or(c.sourceNpi(), m.source().npi()), m.source().addr());
    }

    /** The destination address {@code m} is forwarded with. */
    static Address destination(StoredMessage m, ConnectorConfig c) {
        return new Address(or(c.destTon(), m.destination().ton()), or(c.destNpi(), m.destination().npi()),
                m.destination().addr());
    }
}
