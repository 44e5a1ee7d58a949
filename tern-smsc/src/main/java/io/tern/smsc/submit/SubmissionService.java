package io.tern.smsc.submit;

import io.tern.smpp.pdu.Address;
import io.tern.smpp.pdu.CancelSm;
import io.tern.smpp.pdu.CancelSmResp;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.DataSm;
import io.tern.smpp.pdu.DataSmResp;
import io.tern.smpp.pdu.DestAddress;
import io.tern.smpp.pdu.Limits;
import io.tern.smpp.pdu.MessageState;
import io.tern.smpp.pdu.PduResponse;
import io.tern.smpp.pdu.QuerySm;
import io.tern.smpp.pdu.QuerySmResp;
import io.tern.smpp.pdu.ReplaceSm;
import io.tern.smpp.pdu.ReplaceSmResp;
import io.tern.smpp.pdu.SubmitMulti;
import io.tern.smpp.pdu.SubmitMultiResp;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.pdu.SubmitSmResp;
import io.tern.smpp.pdu.UnsuccessSme;
import io.tern.smpp.sms.InvalidSmppTimeException;
import io.tern.smpp.sms.SmppTime;
import io.tern.smpp.sms.Udh;
import io.tern.smpp.tlv.TlvTag;
import io.tern.smpp.tlv.Tlvs;
import io.tern.smsc.account.Account;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.address.SenderRule;
import io.tern.smsc.delivery.SchedulerHandoff;
import io.tern.smsc.logging.RateLimitedLog;
import io.tern.smsc.optout.Suppressions;
import io.tern.smsc.routing.Route;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.routing.Router;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.StoreOverloadedException;
import io.tern.smsc.store.StoreUnavailableException;
import io.tern.smsc.store.StoredAddress;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.webhook.Replies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts messages from ESMEs: validates each field with the spec's status (SMPP 3.4 §4.4 - §4.10,
 * §5.2), assigns a message_id, routes, commits to the store, and only then answers OK (docs/architecture.md
 * contract 1). Also answers query_sm, cancel_sm and replace_sm for the submitter's own messages.
 */
public final class SubmissionService {

    private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

    /** Largest message_payload accepted (the TLV length field allows 65535). */
    public static final int MAX_PAYLOAD = 65_535;
    /** esm_class bit 6, UDHI: the content starts with a User Data Header (SMPP 3.4 §5.2.12). */
    private static final int ESM_CLASS_UDHI = 0x40;

    private final MessageStore store;
    private final Router router;
    private final MessageIds ids;
    private final Clock clock;
    /** Replaced whole by the admin API; a submit_multi reads the lists in force when it arrives. */
    private volatile Map<String, List<String>> distributionLists;
    private final SchedulerHandoff wake;
    private final Suppressions suppressions;
    private final Replies replies;
    /** A failing store fails every submission: one line per cause and interval, not one per submission. */
    private final RateLimitedLog failures = RateLimitedLog.of(log);

    public SubmissionService(MessageStore store, Router router, MessageIds ids, Clock clock,
            Map<String, List<String>> distributionLists, SchedulerHandoff wake) {
        this(store, router, ids, clock, distributionLists, wake, Suppressions.NONE, Replies.NONE);
    }

    /**
     * @param suppressions numbers accounts may not send to (opt-out): refused with ESME_RINVDSTADR
     * @param replies what becomes of messages to accounts' numbers (opt-out keywords, mo webhooks)
     */
    public SubmissionService(MessageStore store, Router router, MessageIds ids, Clock clock,
            Map<String, List<String>> distributionLists, SchedulerHandoff wake, Suppressions suppressions,
            Replies replies) {
        this.suppressions = suppressions;
        this.replies = replies;
        this.store = store;
        this.router = router;
        this.ids = ids;
        this.clock = clock;
        this.distributionLists = Map.copyOf(distributionLists);
        this.wake = wake;
    }

    /**
     * Asks the upstream SMSC that has a forwarded message to cancel it; completes true only when it
     * answered ESME_ROK.
     */
    @FunctionalInterface
    public interface UpstreamCancel {
        UpstreamCancel NONE = (m, link) -> CompletableFuture.completedFuture(false);

        CompletableFuture<Boolean> cancel(StoredMessage message, io.tern.smsc.store.UpstreamLink link);
    }

    private volatile UpstreamCancel upstreamCancel = UpstreamCancel.NONE;

    /** cancel_sm of a message an upstream has goes to that upstream through {@code cancel}. */
    public void useUpstreamCancel(UpstreamCancel cancel) {
        this.upstreamCancel = java.util.Objects.requireNonNull(cancel, "cancel");
    }

    /**
     * cancel_sm of one message by id: deleted if pending and in Tern's hands; if an upstream SMSC
     * has it, cancelled there first (cancel_sm with its upstream id) and deleted here only once the
     * upstream answered ESME_ROK; IN_DELIVERY otherwise.
     */
    public CompletableFuture<UpdateResult> cancelOne(String id, String owner) {
        return store.cancel(id, owner).thenCompose(r -> {
            if (r != UpdateResult.IN_DELIVERY) {
                return CompletableFuture.completedFuture(r);
            }
            return store.upstreamLink(id).thenCompose(link -> link.isEmpty()
                    ? CompletableFuture.completedFuture(r)
                    : store.find(id).thenCompose(m -> m.isEmpty() ? CompletableFuture.completedFuture(r)
                            : upstreamCancel.cancel(m.get(), link.get()).thenCompose(ok -> ok
                                    ? store.cancelAfterUpstream(id, owner)
                                    : CompletableFuture.completedFuture(r))))
                    .exceptionally(e -> r);
        });
    }

    /** Puts {@code lists} in force for every submit_multi from now on (docs/operations.md#admin-api). */
    public void replaceDistributionLists(Map<String, List<String>> lists) {
        this.distributionLists = Map.copyOf(lists);
    }

    public CompletableFuture<PduResponse> submitSm(AccountHandle account, SubmitSm sm, MessageIds.Form idForm) {
        int seq = sm.sequenceNumber();
        StoredMessage msg;
        try {
            if (!account.tryAcquire(1)) {
                throw new SubmissionException(CommandStatus.ESME_RTHROTTLED, "throughput limit");
            }
            Instant now = clock.instant();
            checkCommon(account.account(), sm.sourceAddr(), sm.esmClass(), sm.priorityFlag(), sm.registeredDelivery(),
                    sm.replaceIfPresentFlag());
            checkNoPredefinedMessage(sm.smDefaultMsgId());
            checkContent(sm.esmClass(), sm.shortMessage(), sm.tlvs());
            checkDestination(sm.destinationAddr());
            Times t = times(account.account(), sm.scheduleDeliveryTime(), sm.validityPeriod(), now, Missing.DEFAULTS);
            Routed routed = route(account, sm.sourceAddr(), sm.destinationAddr(), sm.serviceType());
            checkNotSuppressed(account, sm.destinationAddr());
            msg = StoredMessage.submitted(ids.next(idForm), account.systemId(), routed.source(sm.sourceAddr()),
                    storeAddress(sm.destinationAddr()), sm.serviceType(), sm.esmClass(), sm.protocolId(),
                    sm.priorityFlag(), inbound(account, sm.dataCoding()), sm.registeredDelivery(), sm.shortMessage(),
                    sm.tlvs().toBytes(), umr(sm.tlvs()), routed.target().key(), now, t.schedule, t.expiry,
                    dedupeKey(account.account(), sm.sourceAddr(), sm.destinationAddr(), sm.serviceType(),
                            sm.dataCoding(), sm.shortMessage(), sm.tlvs()));
            msg = routed.recordOn(msg);
        } catch (SubmissionException e) {
            return CompletableFuture.completedFuture(new SubmitSmResp(seq, e.status(), ""));
        }
        return commit(account.account(), msg, sm.replaceIfPresentFlag() == 1)
                .thenApply(id -> (PduResponse) new SubmitSmResp(seq, CommandStatus.ESME_ROK, id))
                .exceptionally(e -> new SubmitSmResp(seq, statusOf(e), ""));
    }

    public CompletableFuture<PduResponse> dataSm(AccountHandle account, DataSm d, MessageIds.Form idForm) {
        int seq = d.sequenceNumber();
        StoredMessage msg;
        try {
            if (!account.tryAcquire(1)) {
                throw new SubmissionException(CommandStatus.ESME_RTHROTTLED, "throughput limit");
            }
            Instant now = clock.instant();
            checkCommon(account.account(), d.sourceAddr(), d.esmClass(), 0, d.registeredDelivery(), 0);
            if (d.sourceAddr().address().length() > 20 || d.destinationAddr().address().length() > 20) {
                // stored messages are delivered by deliver_sm, whose addresses hold 20 characters
                throw new SubmissionException(d.sourceAddr().address().length() > 20 ? CommandStatus.ESME_RINVSRCADR
                        : CommandStatus.ESME_RINVDSTADR, "address longer than 20 characters");
            }
            checkContent(d.esmClass(), new byte[0], d.tlvs());
            checkDestination(d.destinationAddr());
            Times t = times(account.account(), "", "", now, Missing.DEFAULTS);
            if (d.tlvs().qosTimeToLive().isPresent()) {
                Instant ttl = now.plusSeconds(Integer.toUnsignedLong(d.tlvs().qosTimeToLive().getAsInt()));
                if (ttl.isBefore(t.expiry)) {
                    t = new Times(null, ttl);
                }
            }
            Routed routed = route(account, d.sourceAddr(), d.destinationAddr(), d.serviceType());
            checkNotSuppressed(account, d.destinationAddr());
            msg = StoredMessage.submitted(ids.next(idForm), account.systemId(), routed.source(d.sourceAddr()),
                    storeAddress(d.destinationAddr()), d.serviceType(), d.esmClass(), 0, 0,
                    inbound(account, d.dataCoding()), d.registeredDelivery(), new byte[0], d.tlvs().toBytes(),
                    umr(d.tlvs()), routed.target().key(), now, null, t.expiry,
                    dedupeKey(account.account(), d.sourceAddr(), d.destinationAddr(), d.serviceType(),
                            d.dataCoding(), new byte[0], d.tlvs()));
            msg = routed.recordOn(msg);
        } catch (SubmissionException e) {
            return CompletableFuture.completedFuture(new DataSmResp(seq, e.status(), "", Tlvs.EMPTY));
        }
        return commit(account.account(), msg, false)
                .thenApply(id -> (PduResponse) new DataSmResp(seq, CommandStatus.ESME_ROK, id, Tlvs.EMPTY))
                .exceptionally(e -> new DataSmResp(seq, statusOf(e), "", Tlvs.EMPTY));
    }

    /**
     * submit_multi (SMPP 3.4 §4.5): one stored message per destination, all committed together,
     * sharing one message_id prefix; destinations that fail validation or routing are listed in
     * unsuccess_sme and the others are accepted.
     */
    public CompletableFuture<PduResponse> submitMulti(AccountHandle account, SubmitMulti m,
            MessageIds.Form idForm) {
        int seq = m.sequenceNumber();
        List<StoredMessage> messages = new ArrayList<>();
        List<UnsuccessSme> failed = new ArrayList<>();
        String id;
        try {
            Instant now = clock.instant();
            checkCommon(account.account(), m.sourceAddr(), m.esmClass(), m.priorityFlag(), m.registeredDelivery(),
                    m.replaceIfPresentFlag());
            checkNoPredefinedMessage(m.smDefaultMsgId());
            checkContent(m.esmClass(), m.shortMessage(), m.tlvs());
            Times t = times(account.account(), m.scheduleDeliveryTime(), m.validityPeriod(), now, Missing.DEFAULTS);
            List<Address> dests = new ArrayList<>();
            Map<String, List<String>> lists = distributionLists;
            for (DestAddress d : m.destAddresses()) {
                if (d instanceof DestAddress.Sme sme) {
                    dests.add(sme.address());
                } else {
                    String name = ((DestAddress.DistributionList) d).dlName();
                    List<String> members = lists.get(name);
                    if (members == null) {
                        throw new SubmissionException(CommandStatus.ESME_RINVDLNAME, "no distribution list '" + name + "'");
                    }
                    for (String member : members) {
                        dests.add(Address.international(member));
                    }
                }
            }
            if (dests.size() > Limits.MAX_DESTS) {
                throw new SubmissionException(CommandStatus.ESME_RINVNUMDESTS, dests.size() + " destinations");
            }
            id = ids.next(idForm);
            int n = 0;
            for (Address dest : dests) {
                try {
                    checkDestination(dest);
                    Routed routed = route(account, m.sourceAddr(), dest, m.serviceType());
                    checkNotSuppressed(account, dest);
                    String partId = StoredMessage.partId(id, n++);
                    messages.add(routed.recordOn(StoredMessage.submitted(partId, account.systemId(),
                            routed.source(m.sourceAddr()), storeAddress(dest), m.serviceType(), m.esmClass(),
                            m.protocolId(), m.priorityFlag(), inbound(account, m.dataCoding()),
                            m.registeredDelivery(), m.shortMessage(), m.tlvs().toBytes(), umr(m.tlvs()),
                            routed.target().key(), now, t.schedule, t.expiry, null)));
                } catch (SubmissionException e) {
                    failed.add(new UnsuccessSme(dest, e.status()));
                }
            }
            if (messages.isEmpty()) {
                // nothing stored, so nothing taken from the throughput either (docs/protocol.md)
                return CompletableFuture.completedFuture(
                        new SubmitMultiResp(seq, CommandStatus.ESME_ROK, "", failed.subList(0, Math.min(Limits.MAX_DESTS, failed.size()))));
            }
            // the destinations taken, not those refused: a refused one is never delivered
            if (!account.tryAcquire(messages.size())) {
                throw new SubmissionException(CommandStatus.ESME_RTHROTTLED, "throughput limit");
            }
        } catch (SubmissionException e) {
            return CompletableFuture.completedFuture(new SubmitMultiResp(seq, e.status(), "", List.of()));
        }
        boolean replaceIfPresent = m.replaceIfPresentFlag() == 1;
        return replies.acceptAll(messages)
                .thenCompose(all -> (replaceIfPresent ? store.insertAllReplacingIfPresent(messages,
                        copiesOf(all, messages)) : store.insertAll(all))
                        .thenApply(v -> all))
                .thenApply(all -> {
                    for (StoredMessage msg : all) {
                        wake.wake(msg.target());
                    }
                    return (PduResponse) new SubmitMultiResp(seq, CommandStatus.ESME_ROK, id, failed);
                })
                .exceptionally(e -> new SubmitMultiResp(seq, statusOf(e), "", List.of()));
    }

    /** The mo webhook copies {@link Replies#acceptAll} added to {@code messages}. */
    private static List<StoredMessage> copiesOf(List<StoredMessage> all, List<StoredMessage> messages) {
        Set<String> originals = new HashSet<>();
        for (StoredMessage msg : messages) {
            originals.add(msg.id());
        }
        return all.stream().filter(c -> !originals.contains(c.id())).toList();
    }

    /**
     * A text from another way in than SMPP (the HTTP API), already encoded and split: for each
     * destination, one stored message per part.
     *
     * @param parts each part's short_message, with its concatenation UDH when there are several
     * @param scheduleTime null for at once
     * @param expiryTime null for the account's default validity
     */
    public record TextSubmission(Address source, List<Address> destinations, List<byte[]> parts, int dataCoding,
            boolean receipt, Instant scheduleTime, Instant expiryTime, String callbackUrl, String clientRef) {
        public TextSubmission {
            destinations = List.copyOf(destinations);
            parts = List.copyOf(parts);
            if (destinations.isEmpty() || parts.isEmpty()) {
                throw new IllegalArgumentException("need at least one destination and one part");
            }
        }
    }

    /** One destination's stored message: the id of its first part, which names it, and every part's id. */
    public record Accepted(Address destination, String id, List<String> partIds) {
    }

    /**
     * Stores a {@link TextSubmission} with the same checks, routing, throughput limit and commit as
     * a submit_sm (docs/architecture.md contract 1): each part of each destination is a message of
     * its own with its own state and receipt, named by {@link StoredMessage#textPartId}. All or
     * nothing: one destination that cannot be routed refuses the whole submission, and the future
     * completes only once everything is committed. Fails with a {@link SubmissionException} (its
     * SMPP status says why; ESME_RINVDSTADR names the destination's index) or a store exception
     * ({@link #statusOf}).
     */
    public CompletableFuture<List<Accepted>> submitText(AccountHandle account, TextSubmission s) {
        List<StoredMessage> messages = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        try {
            int esmClass = s.parts().size() > 1 ? ESM_CLASS_UDHI : 0;
            int registeredDelivery = s.receipt() ? 1 : 0;
            checkCommon(account.account(), s.source(), esmClass, 0, registeredDelivery, 0);
            Instant now = clock.instant();
            Times t = times(account.account(), s.scheduleTime(), s.expiryTime(), now, Missing.DEFAULTS);
            List<Routed> targets = new ArrayList<>();
            for (int i = 0; i < s.destinations().size(); i++) {
                Address dest = s.destinations().get(i);
                try {
                    checkDestination(dest);
                    targets.add(route(account, s.source(), dest, ""));
                    checkNotSuppressed(account, dest);
                } catch (SubmissionException e) {
                    throw new SubmissionException(e.status(), "destination " + i + " ('" + dest.address() + "'): "
                            + e.reason());
                }
            }
            if (!account.tryAcquire(s.destinations().size() * s.parts().size())) {
                throw new SubmissionException(CommandStatus.ESME_RTHROTTLED, "throughput limit");
            }
            for (int i = 0; i < s.destinations().size(); i++) {
                String id = ids.next();
                List<String> partIds = new ArrayList<>();
                for (int k = 0; k < s.parts().size(); k++) {
                    String partId = StoredMessage.textPartId(id, k + 1);
                    partIds.add(partId);
                    Routed routed = targets.get(i);
                    messages.add(routed.recordOn(StoredMessage.submitted(partId, account.systemId(),
                            routed.source(s.source()), storeAddress(s.destinations().get(i)), "", esmClass, 0, 0,
                            s.dataCoding(), registeredDelivery, s.parts().get(k), new byte[0], null,
                            routed.target().key(), now, t.schedule, t.expiry, null, s.callbackUrl(), s.clientRef())));
                }
                accepted.add(new Accepted(s.destinations().get(i), id, List.copyOf(partIds)));
            }
        } catch (SubmissionException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (messages.size() == 1) {
            return commit(account.account(), messages.get(0), false).thenApply(id -> List.copyOf(accepted));
        }
        return replies.acceptAll(messages).thenCompose(all -> store.insertAll(all).thenApply(v -> {
            all.stream().map(StoredMessage::target).distinct().forEach(wake::wake);
            return List.copyOf(accepted);
        }));
    }

    public CompletableFuture<PduResponse> querySm(AccountHandle account, QuerySm q) {
        int seq = q.sequenceNumber();
        return ownMessage(account, q.messageId(), q.sourceAddr())
                .thenApply(found -> {
                    if (found.isEmpty()) {
                        return (PduResponse) new QuerySmResp(seq, CommandStatus.ESME_RINVMSGID, "", "", 0, 0);
                    }
                    StoredMessage m = found.get();
                    String finalDate = m.finalTime() == null ? ""
                            : SmppTime.Absolute.of(m.finalTime(), ZoneOffset.UTC).format();
                    // SCHEDULED (0) is an SMPP 5.0 value; a 3.4 ESME knows a scheduled message as ENROUTE
                    int state = m.state() == MessageState.SCHEDULED ? 1 : m.state().value();
                    return new QuerySmResp(seq, CommandStatus.ESME_ROK, m.id(), finalDate, state,
                            m.lastError() & 0xFF);
                })
                .exceptionally(e -> new QuerySmResp(seq, CommandStatus.ESME_RQUERYFAIL, "", "", 0, 0));
    }

    /**
     * cancel_sm (SMPP 3.4 §4.9): by message_id, or with an empty message_id every pending message
     * of this account from source_addr (to destination_addr and with service_type when given).
     */
    public CompletableFuture<PduResponse> cancelSm(AccountHandle account, CancelSm c) {
        int seq = c.sequenceNumber();
        if (c.messageId().isEmpty()) {
            if (c.sourceAddr().address().isEmpty()) {
                return CompletableFuture.completedFuture(new CancelSmResp(seq, CommandStatus.ESME_RINVSRCADR));
            }
            StoredAddress dest = c.destinationAddr().address().isEmpty() ? null
                    : storeAddress(c.destinationAddr());
            // the messages are stored with the source the account's sender-ID rule made of this one
            SenderRule.Rewrite rewrite;
            try {
                rewrite = SenderRule.applyFirst(account.account().senderRules(), c.sourceAddr());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(new CancelSmResp(seq, CommandStatus.ESME_RINVSRCADR));
            }
            StoredAddress source = storeAddress(rewrite == null ? c.sourceAddr() : rewrite.address());
            return store.cancelMatching(account.systemId(), c.serviceType(), source, dest)
                    .thenApply(n -> (PduResponse) new CancelSmResp(seq,
                            n > 0 ? CommandStatus.ESME_ROK : CommandStatus.ESME_RCANCELFAIL))
                    .exceptionally(e -> new CancelSmResp(seq, CommandStatus.ESME_RCANCELFAIL));
        }
        return ownMessage(account, c.messageId(), c.sourceAddr())
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(UpdateResult.NOT_FOUND);
                    }
                    return cancelOne(c.messageId(), account.systemId())
                            .thenCompose(first -> cancelParts(c.messageId(), account.systemId(), 1, first));
                })
                .thenApply(r -> (PduResponse) new CancelSmResp(seq, switch (r) {
                    case OK, OK_AND_REPORTED -> CommandStatus.ESME_ROK;
                    case NOT_FOUND -> CommandStatus.ESME_RINVMSGID;
                    case ALREADY_FINAL, IN_DELIVERY -> CommandStatus.ESME_RCANCELFAIL;
                }))
                .exceptionally(e -> new CancelSmResp(seq, CommandStatus.ESME_RCANCELFAIL));
    }

    /**
     * cancel_sm of a submit_multi id cancels every destination ({@link StoredMessage#partId}, at
     * most {@link Limits#MAX_DESTS}); the result is OK if any was cancelled.
     */
    private CompletableFuture<UpdateResult> cancelParts(String id, String owner, int n, UpdateResult soFar) {
        if (n >= Limits.MAX_DESTS) {
            return CompletableFuture.completedFuture(soFar);
        }
        return cancelOne(StoredMessage.partId(id, n), owner).thenCompose(r -> {
            if (r == UpdateResult.NOT_FOUND) {
                return CompletableFuture.completedFuture(soFar);
            }
            UpdateResult merged = soFar == UpdateResult.OK || r == UpdateResult.OK ? UpdateResult.OK : r;
            return cancelParts(id, owner, n + 1, merged);
        });
    }

    /** replace_sm (SMPP 3.4 §4.10): new text, schedule, validity or registered_delivery of a pending message. */
    public CompletableFuture<PduResponse> replaceSm(AccountHandle account, ReplaceSm r) {
        int seq = r.sequenceNumber();
        Times times;
        try {
            if ((r.registeredDelivery() & ~0x1F) != 0) {
                throw new SubmissionException(CommandStatus.ESME_RINVREGDLVFLG, "reserved bits set");
            }
            checkNoPredefinedMessage(r.smDefaultMsgId());
            times = times(account.account(), r.scheduleDeliveryTime(), r.validityPeriod(), clock.instant(),
                    Missing.UNCHANGED);
        } catch (SubmissionException e) {
            return CompletableFuture.completedFuture(new ReplaceSmResp(seq, e.status()));
        }
        return ownMessage(account, r.messageId(), r.sourceAddr())
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(CommandStatus.ESME_RINVMSGID);
                    }
                    StoredMessage m = found.get();
                    // what replace_sm does not give the message keeps, and the result must still be a
                    // schedule before the end of validity, as for submit_sm
                    Instant schedule = times.schedule != null ? times.schedule
                            : m.state() == MessageState.SCHEDULED ? m.scheduleTime() : null;
                    Instant expiry = times.expiry != null ? times.expiry : m.expiryTime();
                    if (schedule != null && !schedule.isBefore(expiry)) {
                        return CompletableFuture.completedFuture(CommandStatus.ESME_RINVSCHED);
                    }
                    // the new short_message is the whole new content: a message_payload the message was
                    // submitted in goes, else it would carry both and could not be delivered to an ESME
                    Tlvs tlvs = Tlvs.fromBytes(m.tlvs());
                    byte[] newTlvs = tlvs.messagePayload().isPresent()
                            ? tlvs.toBuilder().remove(TlvTag.MESSAGE_PAYLOAD).build().toBytes() : null;
                    return store.replace(r.messageId(), account.systemId(), r.shortMessage(), newTlvs,
                            times.schedule, times.expiry, r.registeredDelivery())
                            .thenApply(res -> {
                                if (res == UpdateResult.OK) {
                                    wake.wake(m.target());
                                }
                                return switch (res) {
                                    case OK, OK_AND_REPORTED -> CommandStatus.ESME_ROK;
                                    case NOT_FOUND -> CommandStatus.ESME_RINVMSGID;
                                    case ALREADY_FINAL, IN_DELIVERY -> CommandStatus.ESME_RREPLACEFAIL;
                                };
                            });
                })
                .thenApply(status -> (PduResponse) new ReplaceSmResp(seq, status))
                .exceptionally(e -> new ReplaceSmResp(seq, CommandStatus.ESME_RREPLACEFAIL));
    }

    /**
     * The message if it belongs to this account and, when given, was sent from {@code source}: the
     * address it is stored with, or for a message whose source a sender-ID rule rewrote, any (the
     * submitter knows the address it submitted, which the message keeps only in its history).
     */
    private CompletableFuture<Optional<StoredMessage>> ownMessage(AccountHandle account, String id, Address source) {
        if (id.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return store.find(id).thenApply(found -> found.filter(m -> m.owner().equals(account.systemId())
                && (source.address().isEmpty() || m.source().addr().equals(source.address())
                        || m.senderRule() != null)));
    }

    private static void checkCommon(Account account, Address source, int esmClass, int priorityFlag,
            int registeredDelivery, int replaceIfPresent) {
        if (!Address.isDefinedTon(source.ton())) {
            throw new SubmissionException(CommandStatus.ESME_RINVSRCTON,
                    "source_addr_ton " + source.ton() + " is reserved (SMPP 3.4 §5.2.5)");
        }
        if (!Address.isDefinedNpi(source.npi())) {
            throw new SubmissionException(CommandStatus.ESME_RINVSRCNPI,
                    "source_addr_npi " + source.npi() + " is reserved (SMPP 3.4 §5.2.6)");
        }
        if (!account.allowsSource(source.address())) {
            throw new SubmissionException(CommandStatus.ESME_RINVSRCADR,
                    "source address '" + source.address() + "' not allowed for this account");
        }
        // §5.2.12: bits 2-5 are the message type; an ESME may only submit default (0) or an
        // SME delivery / manual user acknowledgement (0x08 / 0x10).
        int type = esmClass & 0x3C;
        if (type != 0 && type != 0x08 && type != 0x10) {
            throw new SubmissionException(CommandStatus.ESME_RINVESMCLASS,
                    "esm_class message type 0x" + Integer.toHexString(type) + " cannot be submitted");
        }
        if (priorityFlag > 3) {
            throw new SubmissionException(CommandStatus.ESME_RINVPRTFLG, "priority_flag must be 0..3");
        }
        if ((registeredDelivery & ~0x1F) != 0) {
            throw new SubmissionException(CommandStatus.ESME_RINVREGDLVFLG, "registered_delivery reserved bits set");
        }
        if (replaceIfPresent > 1) {
            throw new SubmissionException(CommandStatus.ESME_RINVREPFLAG, "replace_if_present_flag must be 0 or 1");
        }
    }

    /**
     * The destination opted out of this account's messages (docs/http-api.md "Opt-out"):
     * ESME_RINVDSTADR, which every ESME takes as a permanent refusal of that destination.
     */
    private void checkNotSuppressed(AccountHandle account, Address dest) {
        if (suppressions.isSuppressed(account.systemId(), dest.address())) {
            throw new SubmissionException(CommandStatus.ESME_RINVDSTADR,
                    "'" + dest.address() + "' opted out of " + account.systemId() + "'s messages");
        }
    }

    private static void checkDestination(Address dest) {
        if (dest.address().isEmpty()) {
            throw new SubmissionException(CommandStatus.ESME_RINVDSTADR, "destination address is empty");
        }
        if (!Address.isDefinedTon(dest.ton())) {
            throw new SubmissionException(CommandStatus.ESME_RINVDSTTON,
                    "dest_addr_ton " + dest.ton() + " is reserved (SMPP 3.4 §5.2.5)");
        }
        if (!Address.isDefinedNpi(dest.npi())) {
            throw new SubmissionException(CommandStatus.ESME_RINVDSTNPI,
                    "dest_addr_npi " + dest.npi() + " is reserved (SMPP 3.4 §5.2.6)");
        }
    }

    /**
     * sm_default_msg_id names one of the SMSC's predefined messages to send instead of short_message
     * (§5.2.22); Tern keeps none, so any but 0 (not used) names a message it cannot find.
     */
    private static void checkNoPredefinedMessage(int smDefaultMsgId) {
        if (smDefaultMsgId != 0) {
            throw new SubmissionException(CommandStatus.ESME_RINVDFTMSGID,
                    "sm_default_msg_id " + smDefaultMsgId + ": Tern has no predefined messages");
        }
    }

    private static void checkContent(int esmClass, byte[] shortMessage, Tlvs tlvs) {
        checkSar(tlvs);
        Optional<byte[]> payload = tlvs.messagePayload();
        if (payload.isPresent() && shortMessage.length > 0) {
            throw new SubmissionException(CommandStatus.ESME_RINVMSGLEN, "both short_message and message_payload set");
        }
        if (payload.isPresent() && payload.get().length > MAX_PAYLOAD) {
            throw new SubmissionException(CommandStatus.ESME_RINVMSGLEN, "message_payload too long");
        }
        // UDHI: the content starts with a UDH whose length octet must fit in it; a handset cannot split a
        // header that runs past the message's end from its text (docs/protocol.md, why ESME_RINVMSGLEN)
        if ((esmClass & ESM_CLASS_UDHI) != 0) {
            byte[] content = payload.orElse(shortMessage);
            if (Udh.parse(content) instanceof Udh.Parsed.Malformed m
                    && (m.defect() == Udh.Defect.LENGTH_EXCEEDS_DATA || m.defect() == Udh.Defect.EMPTY)) {
                throw new SubmissionException(CommandStatus.ESME_RINVMSGLEN, content.length == 0
                        ? "UDHI set but the message is empty"
                        : "UDH length " + (content[0] & 0xFF) + " exceeds the " + (content.length - 1)
                                + " octets after it");
            }
        }
    }

    /**
     * sar_msg_ref_num, sar_total_segments and sar_segment_seqnum (SMPP 3.4 §5.3.2.22-24) place a
     * message in a concatenated one: the three come together (a part without its number, total or
     * reference cannot be put back in place: ESME_RMISSINGOPTPARAM), the total is 1..255 and the
     * number 1..total (ESME_RINVOPTPARAMVAL). Peers that do not check pass such parts on, and the
     * handset shows a message that never completes.
     */
    private static void checkSar(Tlvs tlvs) {
        OptionalInt ref = tlvs.sarMsgRefNum();
        OptionalInt total = tlvs.sarTotalSegments();
        OptionalInt seq = tlvs.sarSegmentSeqnum();
        if (ref.isEmpty() && total.isEmpty() && seq.isEmpty()) {
            return;
        }
        if (ref.isEmpty() || total.isEmpty() || seq.isEmpty()) {
            throw new SubmissionException(CommandStatus.ESME_RMISSINGOPTPARAM,
                    "sar_msg_ref_num, sar_total_segments and sar_segment_seqnum must come together");
        }
        if (total.getAsInt() < 1) {
            throw new SubmissionException(CommandStatus.ESME_RINVOPTPARAMVAL, "sar_total_segments must be 1..255");
        }
        if (seq.getAsInt() < 1 || seq.getAsInt() > total.getAsInt()) {
            throw new SubmissionException(CommandStatus.ESME_RINVOPTPARAMVAL, "sar_segment_seqnum "
                    + seq.getAsInt() + " is not in 1..sar_total_segments (" + total.getAsInt() + ")");
        }
    }

    /** A message's schedule (null: at once, or unchanged) and end of validity (null: unchanged). */
    private record Times(Instant schedule, Instant expiry) {
    }

    /** What a schedule or validity that is not given means. */
    private enum Missing {
        /** A new message: deliver at once, valid for the account's default validity. */
        DEFAULTS,
        /** replace_sm: keep the message's own (SMPP 3.4 §4.10.1: an empty time field leaves it as it is). */
        UNCHANGED
    }

    private static Times times(Account account, String schedule, String validity, Instant now, Missing missing) {
        Instant sched;
        Instant expiry;
        try {
            sched = SmppTime.parseSchedule(schedule).map(s -> s.resolve(now)).orElse(null);
            expiry = SmppTime.parseExpiry(validity).map(v -> v.resolve(now)).orElse(null);
        } catch (InvalidSmppTimeException e) {
            throw new SubmissionException(e.commandStatus(), e.getMessage());
        }
        return times(account, sched, expiry, now, missing);
    }

    /**
     * The one rule for schedule and validity, of a new message and of replace_sm: a schedule not after
     * now means at once, a validity already over is refused (ESME_RINVEXPIRY), a longer one than the
     * account's maximum is cut to it, a schedule not before the end of validity is refused
     * (ESME_RINVSCHED).
     */
    private static Times times(Account account, Instant sched, Instant expiry, Instant now, Missing missing) {
        if (sched != null && !sched.isAfter(now)) {
            // a new message without a schedule is due at once; replace_sm's null would keep the old one
            sched = missing == Missing.DEFAULTS ? null : now;
        }
        Instant max = now.plus(account.maxValidity());
        if (expiry == null) {
            expiry = missing == Missing.DEFAULTS ? now.plus(account.defaultValidity()) : null;
        } else if (!expiry.isAfter(now)) {
            throw new SubmissionException(CommandStatus.ESME_RINVEXPIRY, "validity period already over");
        } else if (expiry.isAfter(max)) {
            // the account's maximum validity applies: shorten rather than refuse, as operators' SMSCs do
            expiry = max;
        }
        if (sched != null && expiry != null && !sched.isBefore(expiry)) {
            throw new SubmissionException(CommandStatus.ESME_RINVSCHED, "schedule_delivery_time " + sched
                    + " is not before the end of validity " + expiry
                    + (expiry.equals(max) ? " (the account's max_validity, " + account.maxValidity() + " from now)" : ""));
        }
        return new Times(sched, expiry);
    }

    /**
     * Where a message goes and the sender-ID rules applied to its source: the account's (the first
     * that applies), then the route's on the result. Routing matches the address as submitted.
     */
    private Routed route(AccountHandle account, Address source, Address dest, String serviceType) {
        Route route = router.resolve(account.systemId(), source.address(), dest.address(), serviceType)
                .orElseThrow(() -> new SubmissionException(CommandStatus.ESME_RINVDSTADR,
                        "no route to '" + dest.address() + "'"));
        if (route.target() instanceof RouteTarget.Reject r) {
            throw new SubmissionException(r.status(), "route rejects '" + dest.address() + "'");
        }
        try {
            SenderRule.Rewrite byAccount = SenderRule.applyFirst(account.account().senderRules(), source);
            SenderRule.Rewrite byRoute = SenderRule.applyFirst(route.senderRules(),
                    byAccount == null ? source : byAccount.address());
            return new Routed(route.target(), SenderRule.Rewrite.then(byAccount, byRoute));
        } catch (IllegalArgumentException e) {
            throw new SubmissionException(CommandStatus.ESME_RINVSRCADR, e.getMessage());
        }
    }

    /** A message's target and how its source address was rewritten (null: not at all). */
    private record Routed(RouteTarget target, SenderRule.Rewrite rewrite) {

        StoredAddress source(Address submitted) {
            return storeAddress(rewrite == null ? submitted : rewrite.address());
        }

        /** {@code m} with the rule recorded on it; {@code m} itself when no rule applied (no copy on the common path). */
        StoredMessage recordOn(StoredMessage m) {
            return rewrite == null ? m : m.withSenderRule(rewrite.description());
        }
    }

    /** The data_coding kept for one submitted by {@code account}: what its data_coding 0 means (its interop profile). */
    private static int inbound(AccountHandle account, int dataCoding) {
        return account.account().interop().encoding().inbound(dataCoding);
    }

    private CompletableFuture<String> commit(Account account, StoredMessage msg, boolean replaceIfPresent) {
        // a resubmission's keyword (an opt-out reply) is applied again: adding or removing a number twice is harmless
        return replies.accept(msg).thenCompose(batch -> msg.dedupeKey() != null
                ? insertUnlessDuplicate(account, batch, replaceIfPresent)
                : batch.size() == 1 ? insert(msg, replaceIfPresent) : insertWithCopies(batch, replaceIfPresent));
    }

    /**
     * A message with a dedupe key (and its copies): the store's look-up of the key and the insert are
     * one step, so that of two identical submissions racing on two sessions or two nodes one is stored
     * and the other answered with its id. A resubmission's direct-lane reservation is given back.
     */
    private CompletableFuture<String> insertUnlessDuplicate(Account account, List<StoredMessage> batch,
            boolean replaceIfPresent) {
        StoredMessage msg = batch.get(0);
        Instant since = msg.submitTime().minus(account.dedupeWindow());
        Instant lease = !replaceIfPresent && msg.scheduleTime() == null ? wake.reserve(msg.target()) : null;
        CompletableFuture<Optional<String>> write = replaceIfPresent
                ? store.insertReplacingUnlessDuplicate(batch, since)
                : store.insertUnlessDuplicate(batch, lease, since);
        return write.whenComplete((original, e) -> {
            if (lease == null) {
                return;
            }
            if (e == null && original.isEmpty()) {
                wake.handOff(msg, lease);
            } else {
                wake.cancelReservation(msg.target());
            }
        }).thenApply(original -> {
            if (original.isPresent()) {
                log.info("message {} of {} is a resubmission of {}: not stored again", msg.id(), account.systemId(),
                        original.get());
                return original.get();
            }
            batch.stream().skip(lease == null ? 0 : 1).map(StoredMessage::target).distinct().forEach(wake::wake);
            return msg.id();
        });
    }

    /**
     * Stores a message to an account's number with its copies (the mo webhook's) in one
     * transaction; with replace_if_present the message replaces first, then it and its copies go in.
     */
    private CompletableFuture<String> insertWithCopies(List<StoredMessage> batch, boolean replaceIfPresent) {
        StoredMessage msg = batch.get(0);
        CompletableFuture<?> write = replaceIfPresent
                ? store.insertAllReplacingIfPresent(List.of(msg), batch.subList(1, batch.size()))
                : store.insertAll(batch);
        return write.thenApply(v -> {
            for (StoredMessage m : batch) {
                wake.wake(m.target());
            }
            return msg.id();
        });
    }

    private CompletableFuture<String> insert(StoredMessage msg, boolean replaceIfPresent) {
        // A message due now goes from here straight to the scheduler's active set when it has
        // room: inserted already leased, it needs no claim (one row write fewer per message).
        Instant lease = !replaceIfPresent && msg.scheduleTime() == null ? wake.reserve(msg.target()) : null;
        if (lease != null) {
            return store.insertLeased(msg, lease).whenComplete((v, e) -> {
                if (e == null) {
                    wake.handOff(msg, lease);
                } else {
                    wake.cancelReservation(msg.target());
                }
            }).thenApply(v -> msg.id());
        }
        CompletableFuture<?> write = replaceIfPresent ? store.insertReplacingIfPresent(msg) : store.insert(msg);
        return write.thenApply(v -> {
            wake.wake(msg.target());
            return msg.id();
        });
    }

    /**
     * A message from a submitter inside Tern (a campaign row), checked and routed as a submit_sm with
     * these fields would be: the account's allowed sources, the route, the validity capped by the
     * account's maximum (the account's default when {@code validity} is null). Not committed: see
     * {@link #commitAll}. The caller takes the account's throughput itself.
     *
     * @throws SubmissionException with the status submit_sm would have been answered with
     */
    public StoredMessage prepare(AccountHandle account, String id, Address source, Address dest, int esmClass,
            int dataCoding, byte[] shortMessage, int registeredDelivery, java.time.Duration validity) {
        Instant now = clock.instant();
        checkCommon(account.account(), source, esmClass, 0, registeredDelivery, 0);
        checkDestination(dest);
        // a campaign row's number may have opted out since its upload checked it
        checkNotSuppressed(account, dest);
        Times t = times(account.account(), null, validity == null ? null : now.plus(validity), now, Missing.DEFAULTS);
        Routed routed = route(account, source, dest, "");
        // the data_coding is Tern's own (GSM 7-bit as the store keeps it, or UCS-2), not an ESME's to translate
        return routed.recordOn(StoredMessage.submitted(id, account.systemId(), routed.source(source),
                storeAddress(dest), "", esmClass, 0, 0, dataCoding, registeredDelivery, shortMessage, new byte[0], null,
                routed.target().key(), now, null, t.expiry, null));
    }

    /** Whether a message from {@code source} to {@code dest} would be accepted and routed; throws if not. */
    public void checkRoutable(AccountHandle account, Address source, Address dest) {
        checkCommon(account.account(), source, 0, 0, 0, 0);
        checkDestination(dest);
        route(account, source, dest, "");
    }

    /**
     * Commits messages {@link #prepare}d, all or none. Those due now for which the scheduler has room
     * go to it as a submit_sm's do ({@link #insert}): inserted leased, in the same transaction as the
     * others, and handed over once committed, so no claim has to read them back; for the others the
     * scheduler is told their targets have work.
     */
    public CompletableFuture<Void> commitAll(List<StoredMessage> messages) {
        List<StoredMessage> leased = new ArrayList<>();
        List<StoredMessage> rest = new ArrayList<>();
        Instant until = null;
        for (StoredMessage m : messages) {
            Instant lease = m.scheduleTime() == null ? wake.reserve(m.target()) : null;
            if (lease == null) {
                rest.add(m);
            } else {
                leased.add(m);
                until = until == null || lease.isBefore(until) ? lease : until;
            }
        }
        if (leased.isEmpty()) {
            return store.insertAll(messages).thenRun(() -> wakeTargets(messages));
        }
        List<StoredMessage> ordered = new ArrayList<>(leased);
        ordered.addAll(rest);
        Instant leaseUntil = until;
        return store.insertAll(ordered, leased.size(), leaseUntil).whenComplete((v, e) -> {
            for (StoredMessage m : leased) {
                if (e == null) {
                    wake.handOff(m, leaseUntil);
                } else {
                    wake.cancelReservation(m.target());
                }
            }
            if (e == null) {
                wakeTargets(rest);
            }
        });
    }

    private void wakeTargets(List<StoredMessage> messages) {
        messages.stream().map(StoredMessage::target).distinct().forEach(wake::wake);
    }

    /**
     * The status of a submission that was not stored. A store that cannot commit for now (the disk is
     * full) or whose queue is full is temporary: ESME_RMSGQFUL, which tells the ESME to retry later;
     * the store logs the cause itself, and here a count of the refusals. Anything else is
     * ESME_RSYSERR.
     */
    public CommandStatus statusOf(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof StoreUnavailableException) {
            failures.warn("submissions refused, the store cannot commit",
                    "submission answered ESME_RMSGQFUL, the store cannot commit: " + cause.getMessage(), null);
            return CommandStatus.ESME_RMSGQFUL;
        }
        if (cause instanceof StoreOverloadedException) {
            return CommandStatus.ESME_RMSGQFUL;
        }
        if (cause instanceof SubmissionException s) {
            return s.status();
        }
        failures.warn("submissions failed", "submission answered ESME_RSYSERR: " + cause, cause);
        return CommandStatus.ESME_RSYSERR;
    }

    private static Integer umr(Tlvs tlvs) {
        return tlvs.userMessageReference().isPresent() ? tlvs.userMessageReference().getAsInt() : null;
    }

    static StoredAddress storeAddress(Address a) {
        return new StoredAddress(a.ton(), a.npi(), a.address());
    }

    private static String dedupeKey(Account account, Address source, Address dest, String serviceType, int dataCoding,
            byte[] sm, Tlvs tlvs) {
        if (account.dedupeWindow().isZero()) {
            return null;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((source + "|" + dest + "|" + serviceType + "|" + dataCoding + "|"
                    + tlvs.userMessageReference() + "|").getBytes(StandardCharsets.ISO_8859_1));
            d.update(sm);
            tlvs.messagePayload().ifPresent(d::update);
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
