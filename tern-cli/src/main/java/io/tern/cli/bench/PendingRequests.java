package io.tern.cli.bench;

/**
 * Outstanding requests of one session: sequence_number → send time (nanos), an open-addressing
 * map with linear probing and backward-shift deletion, so the hot path boxes nothing. Single
 * threaded (the session's event loop).
 */
final class PendingRequests {

    private static final int FREE = 0; // sequence_number 0 is never used for a submit

    private int[] keys;
    private long[] values;
    private int mask;
    private int size;

    PendingRequests(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new int[cap];
        values = new long[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    void put(int seq, long sentAt) {
        if (seq == FREE) {
            throw new IllegalArgumentException("sequence_number 0");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(seq);
        while (keys[i] != FREE && keys[i] != seq) {
            i = (i + 1) & mask;
        }
        if (keys[i] == FREE) {
            size++;
        }
        keys[i] = seq;
        values[i] = sentAt;
    }

    /** Removes {@code seq} and returns its send time, or -1 if it is not outstanding. */
    long remove(int seq) {
        if (seq == FREE) {
            return -1;
        }
        int i = slot(seq);
        while (keys[i] != FREE) {
            if (keys[i] == seq) {
                long v = values[i];
                deleteAt(i);
                return v;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Removes every request sent before {@code deadline} and returns how many. */
    int removeOlderThan(long deadline) {
        // two passes: deleting shifts entries around the table, so collect first
        int[] expired = null;
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != FREE && values[i] - deadline < 0) {
                if (expired == null) {
                    expired = new int[size];
                }
                expired[n++] = keys[i];
            }
        }
        for (int k = 0; k < n; k++) {
            remove(expired[k]);
        }
        return n;
    }

    /** Forgets everything and returns how many were outstanding. */
    int clear() {
        int n = size;
        java.util.Arrays.fill(keys, FREE);
        size = 0;
        return n;
    }

    private int slot(int seq) {
        return (seq * 0x9E3779B9) >>> 7 & mask;
    }

    private void deleteAt(int i) {
        size--;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == FREE) {
                break;
            }
            int home = slot(keys[j]);
            // move j into the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = FREE;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
