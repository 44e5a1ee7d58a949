package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Builds messages for store tests: sensible defaults, and only what a test cares about spelled out. */
final class TestMessages {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private String id;
    private String owner = "ACME";
    private StoredAddress source = new StoredAddress(1, 1, "12345");
    private StoredAddress destination = new StoredAddress(1, 1, "447700900001");
    private String serviceType = "";
    private int priorityFlag;
    private int registeredDelivery;
    private byte[] shortMessage = "hello".getBytes(StandardCharsets.US_ASCII);
    private byte[] tlvs = new byte[0];
    private Integer userMessageReference;
    private String target = "esme:BETA";
    private Instant submitTime = T0;
    private Instant scheduleTime;
    private Instant expiryTime = T0.plus(Duration.ofDays(1));
    private MessageState state = MessageState.ENROUTE;
    private Instant nextAttemptTime = T0;
    private String dedupeKey;
    private String callbackUrl;
    private String clientRef;

    private TestMessages(String id) {
        this.id = id;
    }

    static TestMessages message(String id) {
        return new TestMessages(id);
    }

    TestMessages owner(String v) {
        owner = v;
        return this;
    }

    TestMessages source(String addr) {
        source = new StoredAddress(1, 1, addr);
        return this;
    }

    TestMessages destination(String addr) {
        destination = new StoredAddress(1, 1, addr);
        return this;
    }

    TestMessages destination(int ton, int npi, String addr) {
        destination = new StoredAddress(ton, npi, addr);
        return this;
    }

    TestMessages serviceType(String v) {
        serviceType = v;
        return this;
    }

    TestMessages priority(int v) {
        priorityFlag = v;
        return this;
    }

    TestMessages registeredDelivery(int v) {
        registeredDelivery = v;
        return this;
    }

    TestMessages text(String v) {
        shortMessage = v.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    TestMessages tlvs(byte[] v) {
        tlvs = v;
        return this;
    }

    TestMessages userMessageReference(Integer v) {
        userMessageReference = v;
        return this;
    }

    TestMessages target(String v) {
        target = v;
        return this;
    }

    TestMessages submitted(Instant v) {
        submitTime = v;
        return this;
    }

    TestMessages scheduled(Instant v) {
        scheduleTime = v;
        state = MessageState.SCHEDULED;
        nextAttemptTime = v;
        return this;
    }

    TestMessages expires(Instant v) {
        expiryTime = v;
        return this;
    }

    TestMessages due(Instant v) {
        nextAttemptTime = v;
        return this;
    }

    TestMessages dedupeKey(String v) {
        dedupeKey = v;
        return this;
    }

    TestMessages http(String callback, String ref) {
        callbackUrl = callback;
        clientRef = ref;
        return this;
    }

    StoredMessage build() {
        return new StoredMessage(id, owner, source, destination, serviceType, 0x00, 0x00, priorityFlag, 0x00,
                registeredDelivery, shortMessage, tlvs, userMessageReference, target, submitTime, scheduleTime,
                expiryTime, state, 0, nextAttemptTime, 0, null, ReceiptState.NONE, 0, null, dedupeKey, null,
                callbackUrl, clientRef);
    }
}
