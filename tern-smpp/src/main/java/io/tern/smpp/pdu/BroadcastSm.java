package io.tern.smpp.pdu;

import io.tern.smpp.tlv.Tlvs;
import java.util.Objects;

/**
 * broadcast_sm (SMPP 5.0 §4.4.1): a cell broadcast; the broadcast area, content type and
 * frequency travel as TLVs.
 */
public record BroadcastSm(int sequenceNumber, String serviceType, Address sourceAddr, String messageId,
        int priorityFlag, String scheduleDeliveryTime, String validityPeriod, int replaceIfPresentFlag,
        int dataCoding, int smDefaultMsgId, Tlvs tlvs) implements PduRequest {

    public BroadcastSm {
        Limits.checkCString(serviceType, Limits.SERVICE_TYPE, CommandStatus.ESME_RINVSERTYP, "service_type");
        Limits.checkAddress(sourceAddr, Limits.ADDR_21, CommandStatus.ESME_RINVSRCADR, "source_addr");
        Limits.checkCString(messageId, Limits.MESSAGE_ID, CommandStatus.ESME_RINVMSGID, "message_id");
        Limits.checkUnsignedByte(priorityFlag, CommandStatus.ESME_RINVPRTFLG, "priority_flag");
        Limits.checkTime(scheduleDeliveryTime, CommandStatus.ESME_RINVSCHED, "schedule_delivery_time");
        Limits.checkTime(validityPeriod, CommandStatus.ESME_RINVEXPIRY, "validity_period");
        Limits.checkUnsignedByte(replaceIfPresentFlag, CommandStatus.ESME_RINVREPFLAG, "replace_if_present_flag");
        Limits.checkUnsignedByte(dataCoding, CommandStatus.ESME_RINVDCS, "data_coding");
        Limits.checkUnsignedByte(smDefaultMsgId, CommandStatus.ESME_RINVDFTMSGID, "sm_default_msg_id");
        Objects.requireNonNull(tlvs, "tlvs");
    }

    @Override
    public CommandId commandId() {
        return CommandId.BROADCAST_SM;
    }

    @Override
    public BroadcastSm withSequenceNumber(int sequenceNumber) {
        return new BroadcastSm(sequenceNumber, serviceType, sourceAddr, messageId, priorityFlag,
                scheduleDeliveryTime, validityPeriod, replaceIfPresentFlag, dataCoding, smDefaultMsgId, tlvs);
    }
}
