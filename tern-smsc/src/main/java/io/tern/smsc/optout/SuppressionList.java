package io.tern.smsc.optout;

import io.tern.smsc.store.MessageStore;
import io.tern.smsc.store.Suppression;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts' suppression lists: kept in the store (the truth, docs/http-api.md "Opt-out") and
 * mirrored in memory, so that the check on every submission is a hash lookup. A change reaches the
 * mirror only after it is committed: what a caller was told is listed stays listed over a crash.
 *
 * <p>With PostgreSQL and several nodes, a change made on another node reaches this one through
 * {@link #reload} (docs/scaling.md, "Changes across nodes").
 */
public final class SuppressionList implements Suppressions {

    /** Numbers read from the store per query while loading. */
    private static final int LOAD_PAGE = 10_000;

    private final MessageStore store;
    private final Clock clock;
    private final Map<String, Set<String>> byAccount = new ConcurrentHashMap<>();

    private SuppressionList(MessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The lists of {@code accounts} as the store holds them. */
    public static CompletableFuture<SuppressionList> load(MessageStore store, Clock clock,
            Collection<String> accounts) {
        SuppressionList list = new SuppressionList(store, clock);
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (String account : accounts) {
            all = all.thenCompose(v -> list.loadFrom(account, null));
        }
        return all.thenApply(v -> list);
    }

    /**
     * Reads the lists of {@code accounts} (and of every account listed now) from the store again and
     * puts them in force, for changes another node made (docs/scaling.md). Each account's list is
     * replaced whole once read.
     */
    // XXX: reads every list whole on any change; a change log with a sequence would read only what changed
    public CompletableFuture<Void> reload(Collection<String> accounts) {
        java.util.Set<String> all = new java.util.TreeSet<>(accounts);
        all.addAll(byAccount.keySet());
        return load(store, clock, all).thenAccept(fresh -> {
            for (String account : all) {
                Set<String> numbers = fresh.byAccount.get(account);
                if (numbers == null) {
                    byAccount.remove(account);
                } else {
                    byAccount.put(account, numbers);
                }
            }
        });
    }

    private CompletableFuture<Void> loadFrom(String account, String after) {
        return store.suppressions(account, after, LOAD_PAGE).thenCompose(page -> {
            for (Suppression s : page) {
                numbers(account).add(s.number());
            }
            return page.size() < LOAD_PAGE ? CompletableFuture.completedFuture(null)
                    : loadFrom(account, page.get(page.size() - 1).number());
        });
    }

    private Set<String> numbers(String account) {
        return byAccount.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public boolean isSuppressed(String account, String number) {
        Set<String> numbers = byAccount.get(account);
        return numbers != null && numbers.contains(Suppression.normalise(number));
    }

    /**
     * Which of {@code numbers} {@code account} may not send to: the shape of the campaigns' batch
     * check ({@code io.tern.smsc.campaign.Suppressions}).
     */
    public Set<String> suppressed(String account, List<String> numbers) {
        Set<String> listed = byAccount.get(account);
        if (listed == null || listed.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (String n : numbers) {
            if (listed.contains(Suppression.normalise(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Lists {@code number} for {@code account}; completes once committed, with whether it is new. */
    public CompletableFuture<Boolean> add(String account, String number, String reason) {
        return add(account, List.of(number), reason).thenApply(n -> n > 0);
    }

    /** Lists {@code numbers} for {@code account}; completes once committed, with how many were new. */
    public CompletableFuture<Integer> add(String account, List<String> numbers, String reason) {
        java.time.Instant now = clock.instant();
        List<Suppression> rows = new java.util.ArrayList<>(numbers.size());
        for (String n : numbers) {
            rows.add(new Suppression(account, Suppression.normalise(n), now, reason));
        }
        return addAll(rows);
    }

    /** Lists every row in one transaction; completes once committed, with how many were new. */
    public CompletableFuture<Integer> addAll(List<Suppression> rows) {
        return store.addSuppressions(rows).thenApply(n -> {
            for (Suppression s : rows) {
                numbers(s.account()).add(s.number());
            }
            return n;
        });
    }

    /** Takes {@code number} off {@code account}'s list; completes once committed, with whether it was on it. */
    public CompletableFuture<Boolean> remove(String account, String number) {
        String n = Suppression.normalise(number);
        return store.removeSuppression(account, n).thenApply(removed -> {
            numbers(account).remove(n);
            return removed;
        });
    }

    /** A page of {@code account}'s list in number order, after {@code after} (null: from the start). */
    public CompletableFuture<List<Suppression>> page(String account, String after, int limit) {
        return store.suppressions(account, after == null ? null : Suppression.normalise(after), limit);
    }
}
