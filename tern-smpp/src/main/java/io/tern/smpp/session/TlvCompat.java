package io.tern.smpp.session;

import io.tern.smpp.pdu.AlertNotification;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DeliverSm;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.tlv.Tlvs;

/**
 * Removes TLVs from PDUs sent to an SMPP 3.3 peer (interface_version below 0x34): SMPP 3.4
 * §5.3.2.25 and appendix "SMPP 3.3 compatibility": a 3.3 peer does not know optional parameters.
 */
final class TlvCompat {

    /** The interface_version of SMPP 3.4. */
    static final int V34 = 0x34;

    private TlvCompat() {
    }

    static Pdu forPeer(Pdu pdu, int peerInterfaceVersion) {
        if (peerInterfaceVersion >= V34) {
            return pdu;
        }
        if (pdu instanceof SubmitSm p && !p.tlvs().isEmpty()) {
            return p.withTlvs(Tlvs.EMPTY);
        }
        if (pdu instanceof DeliverSm p && !p.tlvs().isEmpty()) {
            return p.withTlvs(Tlvs.EMPTY);
        }
        if (pdu instanceof SubmitMulti p && !p.tlvs().isEmpty()) {
            return new SubmitMulti(p.sequenceNumber(), p.serviceType(), p.sourceAddr(), p.destAddresses(),
                    p.esmClass(), p.protocolId(), p.priorityFlag(), p.scheduleDeliveryTime(), p.validityPeriod(),
                    p.registeredDelivery(), p.replaceIfPresentFlag(), p.dataCoding(), p.smDefaultMsgId(),
                    p.shortMessage(), Tlvs.EMPTY);
        }
        if (pdu instanceof DataSm p && !p.tlvs().isEmpty()) {
            return new DataSm(p.sequenceNumber(), p.serviceType(), p.sourceAddr(), p.destinationAddr(),
                    p.esmClass(), p.registeredDelivery(), p.dataCoding(), Tlvs.EMPTY);
        }
        if (pdu instanceof DataSmResp p && !p.tlvs().isEmpty()) {
            return new DataSmResp(p.sequenceNumber(), p.commandStatus(), p.messageId(), Tlvs.EMPTY);
        }
        if (pdu instanceof AlertNotification p && !p.tlvs().isEmpty()) {
            return new AlertNotification(p.sequenceNumber(), p.sourceAddr(), p.esmeAddr(), Tlvs.EMPTY);
        }
        return pdu;
    }
}
