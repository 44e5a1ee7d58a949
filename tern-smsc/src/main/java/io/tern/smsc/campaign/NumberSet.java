package io.tern.smsc.campaign;

/**
 * A set of E.164 numbers (at most 15 digits, so each fits in a long), open addressing with linear
 * probing: the duplicate check of a million-row upload in 16 MiB, where a {@code HashSet<String>}
 * would take ten times that.
 */
final class NumberSet {

    private long[] slots = new long[1 << 12];
    private int size;

    /** Adds {@code number} (positive); false if it was already there. */
    boolean add(long number) {
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(number) & mask;
        while (slots[i] != 0) {
            if (slots[i] == number) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = number;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = mix(v) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
