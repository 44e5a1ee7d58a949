package io.tern.smpp.pdu;

/**
 * One destination of submit_multi (SMPP 3.4 §4.5.1.1): an SME address (dest_flag 1) or the name
 * of a distribution list held by the SMSC (dest_flag 2).
 */
public sealed interface DestAddress {

    int SME_ADDRESS = 1;
    int DISTRIBUTION_LIST = 2;

    int destFlag();

    /** dest_flag 1: an SME address. */
    record Sme(Address address) implements DestAddress {
        public Sme {
            Limits.checkAddress(address, Limits.ADDR_21, CommandStatus.ESME_RINVDSTADR, "destination_addr");
        }

        @Override
        public int destFlag() {
            return SME_ADDRESS;
        }
    }

    /** dest_flag 2: a distribution list name. */
    record DistributionList(String dlName) implements DestAddress {
        public DistributionList {
            Limits.checkCString(dlName, Limits.DL_NAME, CommandStatus.ESME_RINVDLNAME, "dl_name");
        }

        @Override
        public int destFlag() {
            return DISTRIBUTION_LIST;
        }
    }
}
