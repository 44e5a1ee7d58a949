package io.tern.http.api;

import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.MessageState;
import io.tern.smsc.account.AccountHandle;
import io.tern.smsc.routing.RouteTarget;
import io.tern.smsc.store.HistoryEntry;
import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.ReceiptState;
import io.tern.smsc.store.StoredMessage;
import io.tern.smsc.store.UpdateResult;
import io.tern.smsc.submit.SubmissionException;
import io.tern.smsc.submit.SubmissionService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /messages} (submit a text to one or more numbers), {@code GET /messages/{id}} (its
 * state, parts, attempts and receipt) and {@code DELETE /messages/{id}} (cancel what is not yet
 * delivered), docs/http-api.md#messages. A submission goes through the same
 * {@link SubmissionService} as a submit_sm (routing, throughput, commit) and is answered 201 only
 * once every part of every recipient is committed (docs/architecture.md, promise 1). A message of
 * several parts is stored as one message per part, {@code ID}, {@code ID.2}, ... {@code ID.n}.
 */
final class MessagesApi {

    /** The {@code command} label of tern_submits_total for a POST /messages (counted once a request). */
    static final String METRICS_COMMAND = "http_message";
    private static final Pattern DESTINATION_INDEX = Pattern.compile("destination (\\d+) \\('[^']*'\\): (.*)", Pattern.DOTALL);

    private final ApiContext c;
    private final MessageStore store;
    private final AtomicInteger refs = new AtomicInteger();

    private MessagesApi(ApiContext c) {
        this.c = c;
        this.store = c.smsc().store();
    }

    static void register(Router api, ApiContext c) {
        MessagesApi m = new MessagesApi(c);
        api.post("/messages").handler(m::submit);
        api.get("/messages/:id").handler(m::get);
        api.delete("/messages/:id").handler(m::cancel);
    }

    private void submit(RoutingContext ctx) {
        AccountHandle account = Api.account(ctx);
        MessageRequest req = MessageRequest.parse(Json.requireJson(ctx), account.account(), c.smsc().clock().instant(),
                refs.incrementAndGet() & 0xFF);
        if (req.submission.callbackUrl() != null && c.smsc().config().webhooksOf(account.systemId()) == null) {
            throw Problem.invalidField("callback_url", "the account has no webhooks: its accounts[].webhooks.secret"
                    + " signs what is POSTed there (docs/configuration.md)");
        }
        Json.onContext(ctx, c.smsc().submissions().submitText(account, req.submission)).onComplete(ar -> {
            c.events().submitted(account.systemId(), METRICS_COMMAND, ar.succeeded() ? CommandStatus.ESME_ROK
                    : c.smsc().submissions().statusOf(unwrap(ar.cause())));
            if (ar.failed()) {
                ctx.fail(problemOf(ar.cause()));
                return;
            }
            List<SubmissionService.Accepted> accepted = ar.result();
            JsonArray messages = new JsonArray();
            for (int i = 0; i < accepted.size(); i++) {
                messages.add(new JsonObject().put("id", accepted.get(i).id()).put("to", req.to.get(i))
                        .put("parts", accepted.get(i).partIds().size()));
            }
            if (accepted.size() == 1) {
                ctx.response().putHeader("Location", Api.PREFIX + "/messages/" + accepted.get(0).id());
            }
            Json.send(ctx, 201, new JsonObject().put("messages", messages)
                    .put("encoding", req.encoding.name().toLowerCase(java.util.Locale.ROOT))
                    .put("state", req.submission.scheduleTime() == null ? "ENROUTE" : "SCHEDULED"));
        });
    }

    /** The problem for a refused submission: its SMPP status in HTTP terms. */
    private Problem problemOf(Throwable failure) {
        Throwable e = unwrap(failure);
        CommandStatus status = c.smsc().submissions().statusOf(e);
        String detail = e instanceof SubmissionException ? e.getMessage() : status.mnemonic();
        if (status == CommandStatus.ESME_RTHROTTLED) {
            return Problem.tooMany("the account's throughput limit (shared with its SMPP binds) is used up", 1);
        }
        if (status == CommandStatus.ESME_RMSGQFUL) {
            return new Problem(503, Problem.titleOf(503), "the store cannot take messages now; nothing was stored",
                    null, 1L);
        }
        if (status == CommandStatus.ESME_RINVSRCADR) {
            return Problem.invalidField("from", detail);
        }
        if (status == CommandStatus.ESME_RINVDSTADR) {
            // "destination 1 ('447700900123'): '447700900123' opted out of acme's messages": the reason names the number
            Matcher m = DESTINATION_INDEX.matcher(e instanceof SubmissionException se ? se.reason() : detail);
            return m.matches() ? Problem.invalidField("to[" + m.group(1) + "]", m.group(2) + " (" + status.mnemonic() + ")")
                    : Problem.invalidField("to", detail);
        }
        if (status == CommandStatus.ESME_RINVEXPIRY) {
            return Problem.invalidField("validity", detail);
        }
        if (status == CommandStatus.ESME_RINVSCHED) {
            return Problem.invalidField("schedule_at", detail);
        }
        if (e instanceof SubmissionException) {
            return new Problem(400, "Message refused", detail, null, null);
        }
        return new Problem(500, "the message could not be stored: " + status.mnemonic() + "; nothing was stored");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private void get(RoutingContext ctx) {
        AccountHandle account = Api.account(ctx);
        String id = ctx.pathParam("id");
        Json.onContext(ctx, parts(id, account).thenCompose(parts -> parts.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<JsonObject>empty())
                : histories(parts).thenApply(h -> Optional.of(describe(parts, h))))).onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                    } else if (ar.result().isEmpty()) {
                        ctx.fail(notFound(id));
                    } else {
                        Json.send(ctx, 200, ar.result().get());
                    }
                });
    }

    private void cancel(RoutingContext ctx) {
        AccountHandle account = Api.account(ctx);
        String id = ctx.pathParam("id");
        Json.onContext(ctx, parts(id, account).thenCompose(parts -> {
            List<CompletableFuture<UpdateResult>> results = new ArrayList<>();
            for (StoredMessage p : parts) {
                // a part an upstream SMSC has is cancelled there first (as cancel_sm does)
                results.add(c.smsc().submissions().cancelOne(p.id(), account.systemId()));
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> parts(id, account))
                    .thenApply(after -> new Cancelled(after, results.stream().map(CompletableFuture::join)
                            .filter(r -> r == UpdateResult.OK || r == UpdateResult.OK_AND_REPORTED).count(),
                            results.stream().map(CompletableFuture::join)
                                    .filter(r -> r == UpdateResult.IN_DELIVERY).count()));
        })).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Cancelled r = ar.result();
            if (r.parts.isEmpty()) {
                ctx.fail(notFound(id));
            } else if (r.cancelled == 0 && r.inDelivery > 0) {
                ctx.fail(new Problem(409, Problem.titleOf(409), "message " + id + " can no longer be cancelled: "
                        + (r.inDelivery == r.parts.size() ? "it is being delivered (with its destination or an"
                                + " upstream SMSC)" : r.inDelivery + " of its " + r.parts.size() + " parts are being"
                                + " delivered (with their destination or an upstream SMSC), the others are final"),
                        null, null));
            } else if (r.cancelled == 0) {
                ctx.fail(new Problem(409, Problem.titleOf(409), "message " + id + " is already final ("
                        + overall(r.parts) + "): nothing to cancel", null, null));
            } else {
                Json.send(ctx, 200, new JsonObject().put("id", id).put("state", overall(r.parts).name())
                        .put("cancelled_parts", r.cancelled));
            }
        });
    }

    private record Cancelled(List<StoredMessage> parts, long cancelled, long inDelivery) {
    }

    private static Problem notFound(String id) {
        return new Problem(404, "no message " + id + " of this account");
    }

    /** The parts of message {@code id} of {@code account}, first part first; none if it is not the account's. */
    private CompletableFuture<List<StoredMessage>> parts(String id, AccountHandle account) {
        if (id.isEmpty() || id.length() > StoredMessage.MAX_ID_LENGTH - 4 || id.contains(".")) {
            return CompletableFuture.completedFuture(List.of());
        }
        return store.find(id).thenCompose(first -> {
            if (first.isEmpty() || !first.get().owner().equals(account.systemId())) {
                return CompletableFuture.completedFuture(List.of());
            }
            List<StoredMessage> out = new ArrayList<>();
            out.add(first.get());
            return moreParts(id, 2, out);
        });
    }

    private CompletableFuture<List<StoredMessage>> moreParts(String id, int k, List<StoredMessage> soFar) {
        if ((soFar.get(0).esmClass() & 0x40) == 0 || k > 255) {
            return CompletableFuture.completedFuture(soFar);
        }
        return store.find(StoredMessage.textPartId(id, k)).thenCompose(p -> {
            if (p.isEmpty()) {
                return CompletableFuture.completedFuture(soFar);
            }
            soFar.add(p.get());
            return moreParts(id, k + 1, soFar);
        });
    }

    private CompletableFuture<List<List<HistoryEntry>>> histories(List<StoredMessage> parts) {
        List<CompletableFuture<List<HistoryEntry>>> all = parts.stream().map(p -> store.history(p.id())).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** The state of the message as a whole: pending while a part is, else DELIVERED if all are, else the first failure's. */
    static MessageState overall(List<StoredMessage> parts) {
        for (StoredMessage p : parts) {
            if (!p.state().isFinal()) {
                return p.state();
            }
        }
        for (StoredMessage p : parts) {
            if (p.state() != MessageState.DELIVERED) {
                return p.state();
            }
        }
        return MessageState.DELIVERED;
    }

    private static JsonObject describe(List<StoredMessage> parts, List<List<HistoryEntry>> histories) {
        StoredMessage first = parts.get(0);
        String channel = channelOf(first.target());
        JsonArray partsJson = new JsonArray();
        for (int i = 0; i < parts.size(); i++) {
            StoredMessage p = parts.get(i);
            JsonArray attempts = new JsonArray();
            for (HistoryEntry h : histories.get(i)) {
                if (h.event() == HistoryEntry.Event.RECEIPT_SENT || h.event() == HistoryEntry.Event.RECEIPT_RETRY) {
                    continue;
                }
                JsonObject a = new JsonObject().put("at", h.at().toString()).put("channel", channel)
                        .put("outcome", h.event().name());
                if (h.errorCode() != 0) {
                    a.put("error_code", h.errorCode());
                }
                attempts.add(a);
            }
            partsJson.add(new JsonObject().put("id", p.id()).put("state", p.state().name())
                    .put("final_at", time(p.finalTime())).put("attempts", attempts));
        }
        MessageState state = overall(parts);
        JsonObject receipt = new JsonObject().put("requested", StoredMessage.receiptWanted(first.registeredDelivery(), true));
        if (state.isFinal()) {
            Instant done = parts.stream().map(StoredMessage::finalTime).filter(t -> t != null)
                    .max(Instant::compareTo).orElse(null);
            receipt.put("stat", state.name()).put("done_at", time(done))
                    .put("error_code", parts.stream().mapToInt(StoredMessage::lastError).filter(e -> e != 0)
                            .findFirst().orElse(0));
        }
        receipt.put("smpp_state", first.receiptState() == ReceiptState.NONE ? null : first.receiptState().name());
        return new JsonObject().put("id", first.id()).put("from", first.source().addr())
                .put("to", "+" + first.destination().addr()).put("state", state.name())
                .put("submitted_at", first.submitTime().toString()).put("scheduled_at", time(first.scheduleTime()))
                .put("expires_at", first.expiryTime().toString()).put("final_at", state.isFinal()
                        ? time(parts.stream().map(StoredMessage::finalTime).filter(t -> t != null)
                                .max(Instant::compareTo).orElse(null)) : null)
                .put("client_ref", first.clientRef()).put("callback_url", first.callbackUrl())
                .put("channel", channel).put("parts", partsJson).put("receipt", receipt);
    }

    /** The kind of delivery channel of a target key: sim, esme, connector (a group's member is a connector too). */
    private static String channelOf(String target) {
        try {
            RouteTarget t = RouteTarget.parse(target);
            if (t instanceof RouteTarget.Sim) {
                return "sim";
            }
            if (t instanceof RouteTarget.Esme) {
                return "esme";
            }
            return "connector";
        } catch (IllegalArgumentException e) {
            return target;
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
