package io.tern.bench.codec;

import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.ShortMessagePdu;
import io.tern.smpp.tlv.Tlv;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Checks that a PDU Cloudhopper decoded carries the same fields as the Tern record it came from. */
final class CodecEquivalence {

    private CodecEquivalence() {
    }

    static void check(Pdu tern, com.cloudhopper.smpp.pdu.Pdu ch) {
        same("command_id", tern.commandId().code(), ch.getCommandId());
        same("command_status", tern.commandStatus().code(), ch.getCommandStatus());
        same("sequence_number", tern.sequenceNumber(), ch.getSequenceNumber());
        if (tern instanceof ShortMessagePdu) {
            ShortMessagePdu t = (ShortMessagePdu) tern;
            BaseSm<?> c = (BaseSm<?>) ch;
            same("service_type", t.serviceType(), nullToEmpty(c.getServiceType()));
            address("source_addr", t.sourceAddr(), c.getSourceAddress());
            address("destination_addr", t.destinationAddr(), c.getDestAddress());
            same("esm_class", t.esmClass(), c.getEsmClass() & 0xFF);
            same("protocol_id", t.protocolId(), c.getProtocolId() & 0xFF);
            same("priority_flag", t.priorityFlag(), c.getPriority() & 0xFF);
            same("schedule_delivery_time", t.scheduleDeliveryTime(), nullToEmpty(c.getScheduleDeliveryTime()));
            same("validity_period", t.validityPeriod(), nullToEmpty(c.getValidityPeriod()));
            same("registered_delivery", t.registeredDelivery(), c.getRegisteredDelivery() & 0xFF);
            same("replace_if_present_flag", t.replaceIfPresentFlag(), c.getReplaceIfPresent() & 0xFF);
            same("data_coding", t.dataCoding(), c.getDataCoding() & 0xFF);
            same("sm_default_msg_id", t.smDefaultMsgId(), c.getDefaultMsgId() & 0xFF);
            if (!Arrays.equals(t.shortMessage(), c.getShortMessage())) {
                throw new IllegalStateException("short_message differs");
            }
            List<Tlv> tlvs = t.tlvs().asList();
            same("TLV count", tlvs.size(), c.getOptionalParameterCount());
            for (int i = 0; i < tlvs.size(); i++) {
                com.cloudhopper.smpp.tlv.Tlv ct = c.getOptionalParameters().get(i);
                same("TLV tag", tlvs.get(i).tag(), ct.getTag() & 0xFFFF);
                if (!Arrays.equals(tlvs.get(i).value(), ct.getValue())) {
                    throw new IllegalStateException("TLV value differs for tag " + ct.getTag());
                }
            }
        } else if (tern instanceof io.tern.smpp.pdu.SubmitSmResp) {
            same("message_id", ((io.tern.smpp.pdu.SubmitSmResp) tern).messageId(), ((SubmitSmResp) ch).getMessageId());
        } else {
            throw new IllegalArgumentException("no field check for " + tern.commandId());
        }
    }

    private static void address(String field, Address t, com.cloudhopper.smpp.type.Address c) {
        same(field + "_ton", t.ton(), c.getTon() & 0xFF);
        same(field + "_npi", t.npi(), c.getNpi() & 0xFF);
        same(field, t.address(), nullToEmpty(c.getAddress()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void same(String field, Object tern, Object ch) {
        if (!Objects.equals(tern, ch)) {
            throw new IllegalStateException(field + " differs: Tern " + tern + ", Cloudhopper " + ch);
        }
    }
}
