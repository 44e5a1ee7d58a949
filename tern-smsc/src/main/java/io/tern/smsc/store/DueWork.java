package io.tern.smsc.store;

import java.util.Set;

/**
 * What the scheduler's periodic scan should wake: route targets with due messages, and owner
 * accounts with due receipts. Kept apart because a target ("esme:ACME", "sim") and an account
 * ("ACME") are different names.
 */
public record DueWork(Set<String> targets, Set<String> receiptOwners) {

    public DueWork {
        targets = Set.copyOf(targets);
        receiptOwners = Set.copyOf(receiptOwners);
    }
}
