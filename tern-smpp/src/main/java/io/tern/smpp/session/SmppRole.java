package io.tern.smpp.session;

/** Which end of the session a party plays (SMPP 3.4 §2.1): the direction a PDU travels in. */
public enum SmppRole {
    ESME,
    SMSC;

    public SmppRole peer() {
        return this == ESME ? SMSC : ESME;
    }
}
