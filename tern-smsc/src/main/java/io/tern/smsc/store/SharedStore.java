package io.tern.smsc.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link MessageStore} that several Tern nodes share (PostgreSQL): it tells this node of work that
 * became claimable through any node (a message submitted on another node for an ESME bound here, a
 * receipt owed to an ESME bound here), so that it is claimed at once instead of at the next
 * periodic due-work scan. Hints only, like the scan: they may repeat, come for work already taken,
 * or be lost (the scan still finds the work).
 */
public interface SharedStore {

    /**
     * From now on, calls {@code target} with a target whose messages may be due and
     * {@code receiptOwner} with an account whose receipts may be due, on a store thread; the
     * callbacks must hand off at once.
     */
    void onRemoteWork(Consumer<String> target, Consumer<String> receiptOwner);

    /**
     * Takes one of the account's {@code maxBinds} sessions across every live node sharing the store
     * (a node whose heartbeat stopped does not count): true if one was free and is now this
     * session's, under {@code sessionKey}, until {@link #releaseBind}. Completes exceptionally if
     * the store cannot be asked; the caller then refuses the bind.
     */
    CompletableFuture<Boolean> reserveBind(String systemId, String sessionKey, String bindType, int maxBinds);

    /** Gives the session's place back (its session closed); idempotent. */
    CompletableFuture<Void> releaseBind(String sessionKey);

    /** The nodes sharing the store as of the last heartbeat, this one included. */
    List<NodeStatus> nodes();

    /**
     * For each account with sessions bound on live nodes, on how many nodes, as of the last
     * heartbeat or change notification (an account's throughput is split over them).
     */
    Map<String, Integer> accountNodes();

    /** This node's deliveries under way, published with its next heartbeat for {@link #nodes()}. */
    void reportInFlight(int deliveries);

    /**
     * From now on, runs {@code task} on the store's cluster thread after every heartbeat of this
     * node, to pick up what other nodes changed (docs/scaling.md#changes-across-nodes).
     */
    void onHeartbeat(Runnable task);

    /**
     * This node's slot among the nodes sharing the store, 0..{@code MessageIds.MAX_SLOTS - 1}, held
     * while it is a member: written into the message ids it makes, so that two nodes never make the
     * same id.
     */
    int idSlot();
}
