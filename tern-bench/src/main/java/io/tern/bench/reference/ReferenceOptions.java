package io.tern.bench.reference;

/**
 * Command line of the reference servers: {@code --port N} (0 picks a free port),
 * {@code --receipts true|false}, and how the receipts are written ({@link ReceiptStyle}):
 * {@code --receipt-id hex|decimal|decimal:WIDTH} and {@code --receipt-tlvs true|false}.
 */
record ReferenceOptions(int port, boolean receipts, ReceiptStyle style) {

    static ReferenceOptions parse(String[] args) {
        int port = 2775;
        boolean receipts = false;
        String receiptId = "hex";
        boolean receiptTlvs = true;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(required(args[i], value));
                    i++;
                    break;
                case "--receipts":
                    receipts = Boolean.parseBoolean(required(args[i], value));
                    i++;
                    break;
                case "--receipt-id":
                    receiptId = required(args[i], value);
                    i++;
                    break;
                case "--receipt-tlvs":
                    receiptTlvs = Boolean.parseBoolean(required(args[i], value));
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + "; usage: --port N"
                            + " --receipts true|false --receipt-id hex|decimal|decimal:WIDTH --receipt-tlvs true|false");
            }
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("--port must be 0..65535, was " + port);
        }
        return new ReferenceOptions(port, receipts, ReceiptStyle.parse(receiptId, receiptTlvs));
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
