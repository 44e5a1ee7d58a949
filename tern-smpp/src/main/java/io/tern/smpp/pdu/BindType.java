package io.tern.smpp.pdu;

/** The session type a bind asks for (§2.2): which side may submit and which may receive. */
public enum BindType {
    TRANSMITTER,
    RECEIVER,
    TRANSCEIVER;

    public boolean canSubmit() {
        return this != RECEIVER;
    }

    public boolean canReceive() {
        return this != TRANSMITTER;
    }
}
