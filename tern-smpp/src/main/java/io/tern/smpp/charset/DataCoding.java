package io.tern.smpp.charset;

import java.nio.charset.Charset;

/**
 * One value of the data_coding field (SMPP 3.4 §5.2.19) with its meaning: the SMPP alphabet
 * table for 0x00..0x0F, and the GSM 03.38 §4 coding groups above it (general data coding with
 * message class and compression bits, message waiting indication, data coding / message class).
 * Values are interned: {@link #of(int)} costs one array load.
 */
public final class DataCoding {

    /** SMSC default alphabet; GSM 7-bit (unpacked) in Tern. */
    public static final int SMSC_DEFAULT = 0x00;
    public static final int IA5 = 0x01;
    public static final int OCTET_UNSPECIFIED_2 = 0x02;
    public static final int LATIN1 = 0x03;
    public static final int OCTET_UNSPECIFIED = 0x04;
    public static final int JIS = 0x05;
    public static final int CYRILLIC = 0x06;
    public static final int LATIN_HEBREW = 0x07;
    public static final int UCS2 = 0x08;
    public static final int PICTOGRAM = 0x09;
    public static final int MUSIC_CODES = 0x0A;
    public static final int EXTENDED_KANJI = 0x0D;
    public static final int KS_C_5601 = 0x0E;

    /** What the octets of the message are. */
    public enum Alphabet {
        GSM7, IA5, BINARY, LATIN1, UCS2, JIS, CYRILLIC, LATIN_HEBREW, PICTOGRAM, MUSIC_CODES,
        EXTENDED_KANJI, KS_C_5601, RESERVED
    }

    /** Which table or GSM 03.38 §4 coding group the value falls in. */
    public enum Group {
        /** 0x00..0x0F, SMPP 3.4 §5.2.19. */
        SMPP,
        /** 00xxxxxx, general data coding (above 0x0F). */
        GENERAL,
        /** 01xxxxxx, general data coding, message marked for automatic deletion. */
        AUTOMATIC_DELETION,
        /** 1000xxxx..1011xxxx. */
        RESERVED,
        /** 1100xxxx, message waiting indication, discard message. */
        MWI_DISCARD,
        /** 1101xxxx, message waiting indication, store message, GSM 7-bit. */
        MWI_STORE,
        /** 1110xxxx, message waiting indication, store message, UCS-2. */
        MWI_STORE_UCS2,
        /** 1111xxxx, data coding / message class. */
        MESSAGE_CLASS
    }

    private static final DataCoding[] TABLE = new DataCoding[256];

    private static final Alphabet[] SMPP_TABLE = {
        Alphabet.GSM7, Alphabet.IA5, Alphabet.BINARY, Alphabet.LATIN1,
        Alphabet.BINARY, Alphabet.JIS, Alphabet.CYRILLIC, Alphabet.LATIN_HEBREW,
        Alphabet.UCS2, Alphabet.PICTOGRAM, Alphabet.MUSIC_CODES, Alphabet.RESERVED,
        Alphabet.RESERVED, Alphabet.EXTENDED_KANJI, Alphabet.KS_C_5601, Alphabet.RESERVED,
    };

    private static final Alphabet[] GSM_ALPHABET = {
        Alphabet.GSM7, Alphabet.BINARY, Alphabet.UCS2, Alphabet.RESERVED
    };

    private static final SmsCharset SHIFT_JIS = jdk("JIS", "Shift_JIS");
    private static final SmsCharset ISO_8859_5 = jdk("CYRILLIC", "ISO-8859-5");
    private static final SmsCharset ISO_8859_8 = jdk("LATIN_HEBREW", "ISO-8859-8");
    private static final SmsCharset ISO_2022_JP = jdk("MUSIC_CODES", "ISO-2022-JP");
    private static final SmsCharset EUC_JP = jdk("EXTENDED_KANJI", "EUC-JP");
    private static final SmsCharset EUC_KR = jdk("KS_C_5601", "EUC-KR");

    static {
        for (int v = 0; v < 256; v++) {
            TABLE[v] = decodeValue(v);
        }
    }

    private final int value;
    private final Group group;
    private final Alphabet alphabet;
    private final int messageClass;
    private final boolean compressed;

    private DataCoding(int value, Group group, Alphabet alphabet, int messageClass, boolean compressed) {
        this.value = value;
        this.group = group;
        this.alphabet = alphabet;
        this.messageClass = messageClass;
        this.compressed = compressed;
    }

    /** The meaning of data_coding {@code value} (only its low 8 bits are read). */
    public static DataCoding of(int value) {
        return TABLE[value & 0xFF];
    }

    /** The charset that decodes short messages with this data_coding. */
    public static SmsCharset charsetFor(int dataCoding) {
        return of(dataCoding).charset();
    }

    private static DataCoding decodeValue(int v) {
        if (v < 0x10) {
            return new DataCoding(v, Group.SMPP, SMPP_TABLE[v], -1, false);
        }
        switch (v >>> 4) {
            case 0x0: case 0x1: case 0x2: case 0x3: case 0x4: case 0x5: case 0x6: case 0x7: {
                boolean hasClass = (v & 0x10) != 0;
                return new DataCoding(v, (v & 0x40) == 0 ? Group.GENERAL : Group.AUTOMATIC_DELETION,
                        GSM_ALPHABET[(v >>> 2) & 0x3], hasClass ? v & 0x3 : -1, (v & 0x20) != 0);
            }
            case 0xC:
                return new DataCoding(v, Group.MWI_DISCARD, Alphabet.GSM7, -1, false);
            case 0xD:
                return new DataCoding(v, Group.MWI_STORE, Alphabet.GSM7, -1, false);
            case 0xE:
                return new DataCoding(v, Group.MWI_STORE_UCS2, Alphabet.UCS2, -1, false);
            case 0xF:
                return new DataCoding(v, Group.MESSAGE_CLASS,
                        (v & 0x04) == 0 ? Alphabet.GSM7 : Alphabet.BINARY, v & 0x3, false);
            default:
                return new DataCoding(v, Group.RESERVED, Alphabet.RESERVED, -1, false);
        }
    }

    private static SmsCharset jdk(String name, String javaName) {
        // every JDK with the jdk.charsets module has these; fall back to octets rather than fail
        return Charset.isSupported(javaName)
                ? new JavaSmsCharset(name, Charset.forName(javaName))
                : SingleByteCharset.BINARY;
    }

    /** The data_coding octet. */
    public int value() {
        return value;
    }

    public Group group() {
        return group;
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    /** The message class 0..3, or -1 when the value carries none. */
    public int messageClass() {
        return messageClass;
    }

    /** Whether the text is compressed (GSM 03.38 §4 bit 5); Tern then treats it as octets. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * The charset for this value's octets. Compressed text, pictograms and reserved values map to
     * {@link SingleByteCharset#BINARY}, which keeps the octets unchanged.
     */
    public SmsCharset charset() {
        if (compressed) {
            return SingleByteCharset.BINARY;
        }
        switch (alphabet) {
            case GSM7: return Gsm7.INSTANCE;
            case IA5: return SingleByteCharset.IA5;
            case LATIN1: return SingleByteCharset.LATIN1;
            case UCS2: return Ucs2.INSTANCE;
            // XXX: SMPP names the JIS X 0208 repertoire, not its encoding; Shift_JIS is what
            // deployed Japanese SMSCs send. A per-link setting would be better.
            case JIS: return SHIFT_JIS;
            case CYRILLIC: return ISO_8859_5;
            case LATIN_HEBREW: return ISO_8859_8;
            case MUSIC_CODES: return ISO_2022_JP;
            case EXTENDED_KANJI: return EUC_JP;
            case KS_C_5601: return EUC_KR;
            default: return SingleByteCharset.BINARY;
        }
    }

    @Override
    public String toString() {
        return String.format("DataCoding[0x%02X %s %s%s%s]", value, group, alphabet,
                messageClass >= 0 ? " class " + messageClass : "", compressed ? " compressed" : "");
    }
}
