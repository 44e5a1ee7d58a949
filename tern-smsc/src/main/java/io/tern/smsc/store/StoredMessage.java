package io.tern.smsc.store;

import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.MessageState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A message as the store keeps it: the submitted SMPP fields (SMPP 3.4 §4.4.1 submit_sm) plus its
 * delivery bookkeeping and the state of its delivery receipt.
 *
 * <p>Byte arrays are copied in and out, and {@code equals}/{@code hashCode} compare them by
 * content, so a message read back from the store equals the one inserted. Instants are truncated
 * to milliseconds, the precision the store keeps. {@code toString} shows only the lengths of the
 * message body and TLVs: message content does not belong in logs.
 *
 * @param id message_id, assigned by the caller, 1..64 characters
 * @param owner system_id of the submitting account; receipts are owed to it
 * @param tlvs optional parameters exactly as encoded on the wire, possibly empty
 * @param userMessageReference the user_message_reference TLV value, or null
 * @param target route target, e.g. "esme:ACME" or "sim"
 * @param scheduleTime schedule_delivery_time, or null for immediate delivery
 * @param expiryTime end of the validity period
 * @param state one of {@link #STATES}
 * @param nextAttemptTime when the message is next due (the schedule time for a scheduled message)
 * @param lastError error code of the last failed attempt, 0 if none
 * @param finalTime when the message reached a final state, or null
 * @param receiptNextAttemptTime when a PENDING receipt is next due, or null
 * @param dedupeKey a caller-chosen key to recognise resubmissions, or null
 * @param senderRule the sender-ID rule that rewrote the source address at submission, as recorded in
 *     the message's history (what was applied, and the address as submitted), or null when none
 *     applied; {@code find} reads it back, claims (which feed delivery) leave it null
 * @param callbackUrl where the outcome of a message submitted over HTTP is to be POSTed, or null
 * @param clientRef the HTTP client's own reference for the message, or null
 */
public record StoredMessage(
        String id,
        String owner,
        StoredAddress source,
        StoredAddress destination,
        String serviceType,
        int esmClass,
        int protocolId,
        int priorityFlag,
        int dataCoding,
        int registeredDelivery,
        byte[] shortMessage,
        byte[] tlvs,
        Integer userMessageReference,
        String target,
        Instant submitTime,
        Instant scheduleTime,
        Instant expiryTime,
        MessageState state,
        int attempts,
        Instant nextAttemptTime,
        int lastError,
        Instant finalTime,
        ReceiptState receiptState,
        int receiptAttempts,
        Instant receiptNextAttemptTime,
        String dedupeKey,
        String senderRule,
        String callbackUrl,
        String clientRef) {

    /** The longest message_id the store accepts (SMPP 3.4 allows 65 octets including the NUL). */
    public static final int MAX_ID_LENGTH = 64;

    public StoredMessage {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("id must be 1.." + MAX_ID_LENGTH + " characters: " + id);
        }
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(serviceType, "serviceType");
        requireOctet("esmClass", esmClass);
        requireOctet("protocolId", protocolId);
        requireOctet("priorityFlag", priorityFlag);
        requireOctet("dataCoding", dataCoding);
        requireOctet("registeredDelivery", registeredDelivery);
        shortMessage = Objects.requireNonNull(shortMessage, "shortMessage").clone();
        tlvs = Objects.requireNonNull(tlvs, "tlvs").clone();
        if (userMessageReference != null && (userMessageReference < 0 || userMessageReference > 0xFFFF)) {
            throw new IllegalArgumentException("userMessageReference out of range: " + userMessageReference);
        }
        Objects.requireNonNull(target, "target");
        submitTime = millis(Objects.requireNonNull(submitTime, "submitTime"));
        scheduleTime = millis(scheduleTime);
        expiryTime = millis(Objects.requireNonNull(expiryTime, "expiryTime"));
        if (!STATES.contains(Objects.requireNonNull(state, "state"))) {
            throw new IllegalArgumentException("no stored message is " + state);
        }
        if (attempts < 0 || receiptAttempts < 0) {
            throw new IllegalArgumentException("negative attempt count");
        }
        nextAttemptTime = millis(Objects.requireNonNull(nextAttemptTime, "nextAttemptTime"));
        finalTime = millis(finalTime);
        Objects.requireNonNull(receiptState, "receiptState");
        receiptNextAttemptTime = millis(receiptNextAttemptTime);
    }

    /** A message without the HTTP API's callback URL and client reference. */
    public StoredMessage(String id, String owner, StoredAddress source, StoredAddress destination, String serviceType,
            int esmClass, int protocolId, int priorityFlag, int dataCoding, int registeredDelivery,
            byte[] shortMessage, byte[] tlvs, Integer userMessageReference, String target, Instant submitTime,
            Instant scheduleTime, Instant expiryTime, MessageState state, int attempts, Instant nextAttemptTime,
            int lastError, Instant finalTime, ReceiptState receiptState, int receiptAttempts,
            Instant receiptNextAttemptTime, String dedupeKey, String senderRule) {
        this(id, owner, source, destination, serviceType, esmClass, protocolId, priorityFlag, dataCoding,
                registeredDelivery, shortMessage, tlvs, userMessageReference, target, submitTime, scheduleTime,
                expiryTime, state, attempts, nextAttemptTime, lastError, finalTime, receiptState, receiptAttempts,
                receiptNextAttemptTime, dedupeKey, senderRule, null, null);
    }

    /**
     * The states a stored message can be in: SMPP's {@code message_state} values (SMPP 3.4 §5.2.28,
     * SCHEDULED from SMPP 5.0) but SKIPPED, which only a broadcast has; the store keeps a state as its
     * {@link MessageState#value()}.
     */
    public static final Set<MessageState> STATES =
            Collections.unmodifiableSet(EnumSet.range(MessageState.SCHEDULED, MessageState.REJECTED));

    /**
     * The state a stored {@code message_state} value stands for.
     *
     * @throws IllegalArgumentException for a value no stored message can have; the store treats such a
     *     row as damaged and quarantines it
     */
    public static MessageState stateOf(int value) {
        if (!isState(value)) {
            throw new IllegalArgumentException("no message_state " + value);
        }
        return MessageState.of(value);
    }

    /** Whether a stored {@code message_state} value is one of {@link #STATES}. */
    public static boolean isState(int value) {
        MessageState s = MessageState.of(value);
        return s.value() == value && STATES.contains(s);
    }

    /**
     * The id of destination {@code n} (from 0) of a submit_multi answered with {@code submittedId}:
     * each destination is its own stored message, with its own state and receipt; the first keeps
     * the id, the n-th after it is {@code ID-n}. The one home of that rule, with {@link #submittedId}.
     */
    public static String partId(String submittedId, int n) {
        return n == 0 ? submittedId : submittedId + "-" + n;
    }

    /**
     * The id of part {@code k} (from 1) of a long text split by Tern itself (the HTTP API, a
     * campaign), each part a stored message of its own: the first keeps {@code id}, part k > 1 is
     * {@code id.k}. Not '-', which marks a submit_multi destination ({@link #partId}).
     */
    public static String textPartId(String id, int k) {
        return k == 1 ? id : id + "." + k;
    }

    /** The message_id the ESME was given for a stored message: {@code ID} for {@code ID} and {@code ID-n}. */
    public static String submittedId(String storedId) {
        int dash = storedId.indexOf('-');
        return dash < 0 ? storedId : storedId.substring(0, dash);
    }

    /**
     * A freshly submitted message: ENROUTE (or SCHEDULED when {@code scheduleTime} is set), no
     * attempts yet, due at once (or at its schedule time), no receipt owed.
     */
    public static StoredMessage submitted(
            String id, String owner, StoredAddress source, StoredAddress destination, String serviceType,
            int esmClass, int protocolId, int priorityFlag, int dataCoding, int registeredDelivery,
            byte[] shortMessage, byte[] tlvs, Integer userMessageReference, String target,
            Instant submitTime, Instant scheduleTime, Instant expiryTime, String dedupeKey) {
        return submitted(id, owner, source, destination, serviceType, esmClass, protocolId, priorityFlag, dataCoding,
                registeredDelivery, shortMessage, tlvs, userMessageReference, target, submitTime, scheduleTime,
                expiryTime, dedupeKey, null, null);
    }

    /** {@link #submitted}, with the HTTP API's callback URL and client reference (each may be null). */
    public static StoredMessage submitted(
            String id, String owner, StoredAddress source, StoredAddress destination, String serviceType,
            int esmClass, int protocolId, int priorityFlag, int dataCoding, int registeredDelivery,
            byte[] shortMessage, byte[] tlvs, Integer userMessageReference, String target,
            Instant submitTime, Instant scheduleTime, Instant expiryTime, String dedupeKey, String callbackUrl,
            String clientRef) {
        return new StoredMessage(id, owner, source, destination, serviceType, esmClass, protocolId,
                priorityFlag, dataCoding, registeredDelivery, shortMessage, tlvs, userMessageReference,
                target, submitTime, scheduleTime, expiryTime,
                scheduleTime == null ? MessageState.ENROUTE : MessageState.SCHEDULED, 0,
                scheduleTime == null ? submitTime : scheduleTime, 0, null, ReceiptState.NONE, 0, null,
                dedupeKey, null, callbackUrl, clientRef);
    }

    /**
     * This message as an outcome left it: {@code state}, {@code attempts}, {@code lastError},
     * {@code finalTime} and its receipt's state and next time changed, everything else (the sender
     * rule and the HTTP fields included) kept.
     */
    public StoredMessage withOutcome(MessageState newState, int newAttempts, int newLastError, Instant newFinalTime,
            ReceiptState newReceiptState, Instant newReceiptNext) {
        return new StoredMessage(id, owner, source, destination, serviceType, esmClass, protocolId, priorityFlag,
                dataCoding, registeredDelivery, shortMessage, tlvs, userMessageReference, target, submitTime,
                scheduleTime, expiryTime, newState, newAttempts, nextAttemptTime, newLastError, newFinalTime,
                newReceiptState, receiptAttempts, newReceiptNext, dedupeKey, senderRule, callbackUrl, clientRef);
    }

    /**
     * This message as the store holds it after {@code attempt}, a final outcome that made its
     * receipt PENDING (the rule of the store's outcome update, for a receipt sent from memory): an
     * attempt of Tern's counts, expiry and an upstream's receipt do not; delivery clears the last
     * error, a refusal or a reported failure sets it.
     */
    public StoredMessage afterFinalOutcome(Attempt attempt) {
        MessageState newState = attempt.state();
        int increment = attempt instanceof Attempt.Expired || attempt instanceof Attempt.Reported ? 0 : 1;
        int error = lastError;
        if (attempt instanceof Attempt.Delivered) {
            error = 0;
        } else if (attempt instanceof Attempt.FailedPermanent p) {
            error = p.errorCode();
        } else if (attempt instanceof Attempt.Reported r) {
            error = r.state() == MessageState.DELIVERED ? 0 : r.errorCode();
        }
        Instant at = attempt.at();
        return withOutcome(newState, attempts + increment, error, at, ReceiptState.PENDING, at);
    }

    /** This message as the store holds it after {@code forward} was recorded: one attempt more, in its state. */
    public StoredMessage afterForward(Attempt.Forwarded forward) {
        return withOutcome(forward.state(), attempts + 1, lastError, finalTime, receiptState, receiptNextAttemptTime);
    }

    /** This message with {@code rule} recorded as the sender-ID rule applied to it (null: none). */
    public StoredMessage withSenderRule(String rule) {
        return new StoredMessage(id, owner, source, destination, serviceType, esmClass, protocolId, priorityFlag,
                dataCoding, registeredDelivery, shortMessage, tlvs, userMessageReference, target, submitTime,
                scheduleTime, expiryTime, state, attempts, nextAttemptTime, lastError, finalTime, receiptState,
                receiptAttempts, receiptNextAttemptTime, dedupeKey, rule, callbackUrl, clientRef);
    }

    @Override
    public byte[] shortMessage() {
        return shortMessage.clone();
    }

    @Override
    public byte[] tlvs() {
        return tlvs.clone();
    }

    /** The body itself, not a copy: for the store's own binding, which only reads it. */
    byte[] shortMessageArray() {
        return shortMessage;
    }

    /** The TLVs themselves, not a copy: for the store's own binding, which only reads it. */
    byte[] tlvsArray() {
        return tlvs;
    }

    /** Whether this message's registered_delivery asks for a receipt for this kind of final outcome. */
    public boolean receiptWanted(boolean delivered) {
        return receiptWanted(registeredDelivery, delivered);
    }

    /**
     * SMPP 3.4 §5.2.17 bits 1-0 of registered_delivery: 01 receipt on success or failure, 10 on
     * failure only; 11 (reserved in 3.4) means success only in SMPP 5.0 §4.7.21. Other bits ask for
     * SME acknowledgements and intermediate notifications, which are not delivery receipts.
     */
    public static boolean receiptWanted(int registeredDelivery, boolean delivered) {
        return switch (registeredDelivery & 0x03) {
            case 1 -> true;
            case 2 -> !delivered;
            case 3 -> delivered;
            default -> false;
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StoredMessage m)) {
            return false;
        }
        return esmClass == m.esmClass && protocolId == m.protocolId && priorityFlag == m.priorityFlag
                && dataCoding == m.dataCoding && registeredDelivery == m.registeredDelivery
                && attempts == m.attempts && lastError == m.lastError && receiptAttempts == m.receiptAttempts
                && id.equals(m.id) && owner.equals(m.owner) && source.equals(m.source)
                && destination.equals(m.destination) && serviceType.equals(m.serviceType)
                && Arrays.equals(shortMessage, m.shortMessage) && Arrays.equals(tlvs, m.tlvs)
                && Objects.equals(userMessageReference, m.userMessageReference) && target.equals(m.target)
                && submitTime.equals(m.submitTime) && Objects.equals(scheduleTime, m.scheduleTime)
                && expiryTime.equals(m.expiryTime) && state == m.state
                && nextAttemptTime.equals(m.nextAttemptTime) && Objects.equals(finalTime, m.finalTime)
                && receiptState == m.receiptState
                && Objects.equals(receiptNextAttemptTime, m.receiptNextAttemptTime)
                && Objects.equals(dedupeKey, m.dedupeKey) && Objects.equals(senderRule, m.senderRule)
                && Objects.equals(callbackUrl, m.callbackUrl) && Objects.equals(clientRef, m.clientRef);
    }

    @Override
    public int hashCode() {
        // The id is unique in a store; the other fields add nothing but cost.
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "StoredMessage[id=" + id + ", owner=" + owner + ", source=" + source + ", destination="
                + destination + ", serviceType=" + serviceType + ", esmClass=" + esmClass + ", protocolId="
                + protocolId + ", priorityFlag=" + priorityFlag + ", dataCoding=" + dataCoding
                + ", registeredDelivery=" + registeredDelivery + ", shortMessage=" + shortMessage.length
                + " octets, tlvs=" + tlvs.length + " octets, userMessageReference=" + userMessageReference
                + ", target=" + target + ", submitTime=" + submitTime + ", scheduleTime=" + scheduleTime
                + ", expiryTime=" + expiryTime + ", state=" + state + ", attempts=" + attempts
                + ", nextAttemptTime=" + nextAttemptTime + ", lastError=" + lastError + ", finalTime="
                + finalTime + ", receiptState=" + receiptState + ", receiptAttempts=" + receiptAttempts
                + ", receiptNextAttemptTime=" + receiptNextAttemptTime + ", dedupeKey=" + dedupeKey
                + ", senderRule=" + senderRule + ", callbackUrl=" + (callbackUrl == null ? null : "(set)")
                + ", clientRef=" + clientRef + "]";
    }

    static void requireOctet(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must be 0..255: " + value);
        }
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
