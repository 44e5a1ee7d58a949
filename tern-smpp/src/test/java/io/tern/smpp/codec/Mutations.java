package io.tern.smpp.codec;

import io.tern.smpp.pdu.CommandId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded hostile inputs: random frames and mutations (bit flips, truncations, length changes) of good ones. */
final class Mutations {

    private static final CommandId[] IDS = CommandId.values();

    private final Random random;
    private final List<byte[]> seeds;

    Mutations(long seed, List<byte[]> seeds) {
        this.random = new Random(seed);
        this.seeds = seeds;
    }

    byte[] next() {
        byte[] b = switch (random.nextInt(6)) {
            case 0 -> randomFrame();
            case 1 -> bitFlips(pick());
            case 2 -> truncate(pick());
            case 3 -> byteNoise(pick());
            case 4 -> splice(pick(), pick());
            default -> randomBytes();
        };
        int k = random.nextInt(8);
        if (b.length >= 4 && k < 5) {
            // mostly keep command_length consistent, so the body parser is what gets exercised
            setInt(b, 0, b.length);
        } else if (b.length >= 4 && k == 5) {
            setInt(b, 0, random.nextInt());
        }
        return b;
    }

    private byte[] pick() {
        return seeds.get(random.nextInt(seeds.size())).clone();
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    /** A header with a real command_id and a random body. */
    private byte[] randomFrame() {
        byte[] b = new byte[16 + random.nextInt(random.nextBoolean() ? 40 : 400)];
        random.nextBytes(b);
        setInt(b, 4, IDS[random.nextInt(IDS.length)].code());
        if (random.nextBoolean()) {
            setInt(b, 8, 0);
        }
        if (random.nextBoolean()) {
            // short runs of NULs and small numbers look like C-Octet Strings and lengths
            for (int i = 16; i < b.length; i++) {
                if (random.nextInt(5) == 0) {
                    b[i] = (byte) random.nextInt(4);
                }
            }
        }
        return b;
    }

    private byte[] bitFlips(byte[] b) {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && b.length > 0; i++) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    private byte[] truncate(byte[] b) {
        return Arrays.copyOf(b, random.nextInt(b.length + 1));
    }

    private byte[] byteNoise(byte[] b) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n && b.length > 16; i++) {
            int at = 16 + random.nextInt(b.length - 16);
            b[at] = (byte) (random.nextInt(3) == 0 ? 0 : random.nextInt(256));
        }
        return b;
    }

    /** Head of one PDU, tail of another: bodies that end or continue in the wrong place. */
    private byte[] splice(byte[] a, byte[] c) {
        int cut = random.nextInt(a.length + 1);
        int from = random.nextInt(c.length + 1);
        byte[] b = Arrays.copyOf(a, cut + c.length - from);
        System.arraycopy(c, from, b, cut, c.length - from);
        return b;
    }

    private static void setInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
