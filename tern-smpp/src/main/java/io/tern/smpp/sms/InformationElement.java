package io.tern.smpp.sms;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One information element of a User Data Header (3GPP TS 23.040 §9.2.3.24): concatenation and
 * application port addressing are typed, any other IEI is kept raw and re-encodes unchanged.
 */
public sealed interface InformationElement
        permits InformationElement.Concatenation, InformationElement.PortAddressing, InformationElement.Raw {

    int IEI_CONCAT_8BIT = 0x00;
    int IEI_PORT_8BIT = 0x04;
    int IEI_PORT_16BIT = 0x05;
    int IEI_CONCAT_16BIT = 0x08;

    /** The information element identifier. */
    int iei();

    /** The IE data, without IEI and length octets. */
    byte[] data();

    /** Octets this element takes in the header: IEI + IEDL + data. */
    default int encodedLength() {
        return 2 + data().length;
    }

    /**
     * Concatenated short message, 8-bit (IEI 0x00, §9.2.3.24.1) or 16-bit reference (IEI 0x08,
     * §9.2.3.24.8). {@code total} and {@code seq} are 1..255 with {@code seq <= total}.
     */
    record Concatenation(int ref, int total, int seq, boolean sixteenBitRef) implements InformationElement {
        public Concatenation {
            if (ref < 0 || ref > (sixteenBitRef ? 0xFFFF : 0xFF)) {
                throw new IllegalArgumentException("reference out of range: " + ref);
            }
            if (total < 1 || total > 255 || seq < 1 || seq > total) {
                throw new IllegalArgumentException("part " + seq + " of " + total + " out of range");
            }
        }

        @Override
        public int iei() {
            return sixteenBitRef ? IEI_CONCAT_16BIT : IEI_CONCAT_8BIT;
        }

        @Override
        public byte[] data() {
            return sixteenBitRef
                    ? new byte[] {(byte) (ref >>> 8), (byte) ref, (byte) total, (byte) seq}
                    : new byte[] {(byte) ref, (byte) total, (byte) seq};
        }
    }

    /** Application port addressing, 8-bit (IEI 0x04, §9.2.3.24.3) or 16-bit (0x05, §9.2.3.24.4). */
    record PortAddressing(int destinationPort, int originatorPort, boolean sixteenBit)
            implements InformationElement {
        public PortAddressing {
            int max = sixteenBit ? 0xFFFF : 0xFF;
            if (destinationPort < 0 || destinationPort > max || originatorPort < 0 || originatorPort > max) {
                throw new IllegalArgumentException("port out of range");
            }
        }

        @Override
        public int iei() {
            return sixteenBit ? IEI_PORT_16BIT : IEI_PORT_8BIT;
        }

        @Override
        public byte[] data() {
            return sixteenBit
                    ? new byte[] {(byte) (destinationPort >>> 8), (byte) destinationPort,
                        (byte) (originatorPort >>> 8), (byte) originatorPort}
                    : new byte[] {(byte) destinationPort, (byte) originatorPort};
        }
    }

    /** An element Tern does not interpret, kept as it came. */
    record Raw(int iei, byte[] data) implements InformationElement {
        public Raw {
            if (iei < 0 || iei > 0xFF || data.length > 0xFF) {
                throw new IllegalArgumentException("IEI or IE length out of range");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && r.iei == iei && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * iei + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("Raw[iei=0x%02X, data=%s]", iei, HexFormat.of().formatHex(data));
        }
    }
}
