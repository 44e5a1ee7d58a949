package io.tern.smpp.pdu;

import java.util.HashMap;
import java.util.Map;

/**
 * The command_status of a PDU header (SMPP 3.4 §5.1.3, plus the SMPP 5.0 additions).
 *
 * <p>A status is a value: codes this table does not know decode to a {@code CommandStatus} that
 * keeps the raw code, so a response with a vendor status re-encodes unchanged.
 */
public final class CommandStatus {

    private static final Map<Integer, CommandStatus> KNOWN = new HashMap<>();
    /** The known codes below 0x200 by code; filled by {@link #known}. */
    private static final CommandStatus[] SMALL = new CommandStatus[0x200];

    public static final CommandStatus ESME_ROK = known(0x00000000, "ESME_ROK", "No Error");
    public static final CommandStatus ESME_RINVMSGLEN = known(0x00000001, "ESME_RINVMSGLEN", "Message Length is invalid");
    public static final CommandStatus ESME_RINVCMDLEN = known(0x00000002, "ESME_RINVCMDLEN", "Command Length is invalid");
    public static final CommandStatus ESME_RINVCMDID = known(0x00000003, "ESME_RINVCMDID", "Invalid Command ID");
    public static final CommandStatus ESME_RINVBNDSTS = known(0x00000004, "ESME_RINVBNDSTS", "Incorrect BIND Status for given command");
    public static final CommandStatus ESME_RALYBND = known(0x00000005, "ESME_RALYBND", "ESME Already in Bound State");
    public static final CommandStatus ESME_RINVPRTFLG = known(0x00000006, "ESME_RINVPRTFLG", "Invalid Priority Flag");
    public static final CommandStatus ESME_RINVREGDLVFLG = known(0x00000007, "ESME_RINVREGDLVFLG", "Invalid Registered Delivery Flag");
    public static final CommandStatus ESME_RSYSERR = known(0x00000008, "ESME_RSYSERR", "System Error");
    public static final CommandStatus ESME_RINVSRCADR = known(0x0000000A, "ESME_RINVSRCADR", "Invalid Source Address");
    public static final CommandStatus ESME_RINVDSTADR = known(0x0000000B, "ESME_RINVDSTADR", "Invalid Dest Addr");
    public static final CommandStatus ESME_RINVMSGID = known(0x0000000C, "ESME_RINVMSGID", "Message ID is invalid");
    public static final CommandStatus ESME_RBINDFAIL = known(0x0000000D, "ESME_RBINDFAIL", "Bind Failed");
    public static final CommandStatus ESME_RINVPASWD = known(0x0000000E, "ESME_RINVPASWD", "Invalid Password");
    public static final CommandStatus ESME_RINVSYSID = known(0x0000000F, "ESME_RINVSYSID", "Invalid System ID");
    public static final CommandStatus ESME_RCANCELFAIL = known(0x00000011, "ESME_RCANCELFAIL", "Cancel SM Failed");
    public static final CommandStatus ESME_RREPLACEFAIL = known(0x00000013, "ESME_RREPLACEFAIL", "Replace SM Failed");
    public static final CommandStatus ESME_RMSGQFUL = known(0x00000014, "ESME_RMSGQFUL", "Message Queue Full");
    public static final CommandStatus ESME_RINVSERTYP = known(0x00000015, "ESME_RINVSERTYP", "Invalid Service Type");
    public static final CommandStatus ESME_RINVNUMDESTS = known(0x00000033, "ESME_RINVNUMDESTS", "Invalid number of destinations");
    public static final CommandStatus ESME_RINVDLNAME = known(0x00000034, "ESME_RINVDLNAME", "Invalid Distribution List name");
    public static final CommandStatus ESME_RINVDESTFLAG = known(0x00000040, "ESME_RINVDESTFLAG", "Destination flag is invalid (submit_multi)");
    public static final CommandStatus ESME_RINVSUBREP = known(0x00000042, "ESME_RINVSUBREP", "Invalid 'submit with replace' request");
    public static final CommandStatus ESME_RINVESMCLASS = known(0x00000043, "ESME_RINVESMCLASS", "Invalid esm_class field data");
    public static final CommandStatus ESME_RCNTSUBDL = known(0x00000044, "ESME_RCNTSUBDL", "Cannot Submit to Distribution List");
    public static final CommandStatus ESME_RSUBMITFAIL = known(0x00000045, "ESME_RSUBMITFAIL", "submit_sm or submit_multi failed");
    public static final CommandStatus ESME_RINVSRCTON = known(0x00000048, "ESME_RINVSRCTON", "Invalid Source address TON");
    public static final CommandStatus ESME_RINVSRCNPI = known(0x00000049, "ESME_RINVSRCNPI", "Invalid Source address NPI");
    public static final CommandStatus ESME_RINVDSTTON = known(0x00000050, "ESME_RINVDSTTON", "Invalid Destination address TON");
    public static final CommandStatus ESME_RINVDSTNPI = known(0x00000051, "ESME_RINVDSTNPI", "Invalid Destination address NPI");
    public static final CommandStatus ESME_RINVSYSTYP = known(0x00000053, "ESME_RINVSYSTYP", "Invalid system_type field");
    public static final CommandStatus ESME_RINVREPFLAG = known(0x00000054, "ESME_RINVREPFLAG", "Invalid replace_if_present flag");
    public static final CommandStatus ESME_RINVNUMMSGS = known(0x00000055, "ESME_RINVNUMMSGS", "Invalid number of messages");
    public static final CommandStatus ESME_RTHROTTLED = known(0x00000058, "ESME_RTHROTTLED", "Throttling error (ESME has exceeded allowed message limits)");
    public static final CommandStatus ESME_RINVSCHED = known(0x00000061, "ESME_RINVSCHED", "Invalid Scheduled Delivery Time");
    public static final CommandStatus ESME_RINVEXPIRY = known(0x00000062, "ESME_RINVEXPIRY", "Invalid message validity period (Expiry time)");
    public static final CommandStatus ESME_RINVDFTMSGID = known(0x00000063, "ESME_RINVDFTMSGID", "Predefined Message Invalid or Not Found");
    public static final CommandStatus ESME_RX_T_APPN = known(0x00000064, "ESME_RX_T_APPN", "ESME Receiver Temporary App Error Code");
    public static final CommandStatus ESME_RX_P_APPN = known(0x00000065, "ESME_RX_P_APPN", "ESME Receiver Permanent App Error Code");
    public static final CommandStatus ESME_RX_R_APPN = known(0x00000066, "ESME_RX_R_APPN", "ESME Receiver Reject Message Error Code");
    public static final CommandStatus ESME_RQUERYFAIL = known(0x00000067, "ESME_RQUERYFAIL", "query_sm request failed");
    public static final CommandStatus ESME_RINVOPTPARSTREAM = known(0x000000C0, "ESME_RINVOPTPARSTREAM", "Error in the optional part of the PDU Body");
    public static final CommandStatus ESME_ROPTPARNOTALLWD = known(0x000000C1, "ESME_ROPTPARNOTALLWD", "Optional Parameter not allowed");
    public static final CommandStatus ESME_RINVPARLEN = known(0x000000C2, "ESME_RINVPARLEN", "Invalid Parameter Length");
    public static final CommandStatus ESME_RMISSINGOPTPARAM = known(0x000000C3, "ESME_RMISSINGOPTPARAM", "Expected Optional Parameter missing");
    public static final CommandStatus ESME_RINVOPTPARAMVAL = known(0x000000C4, "ESME_RINVOPTPARAMVAL", "Invalid Optional Parameter Value");
    public static final CommandStatus ESME_RDELIVERYFAILURE = known(0x000000FE, "ESME_RDELIVERYFAILURE", "Delivery Failure (data_sm_resp)");
    public static final CommandStatus ESME_RUNKNOWNERR = known(0x000000FF, "ESME_RUNKNOWNERR", "Unknown Error");
    // SMPP 5.0 §4.7.6
    public static final CommandStatus ESME_RSERTYPUNAUTH = known(0x00000100, "ESME_RSERTYPUNAUTH", "ESME Not authorised to use specified service_type");
    public static final CommandStatus ESME_RPROHIBITED = known(0x00000101, "ESME_RPROHIBITED", "ESME Prohibited from using specified operation");
    public static final CommandStatus ESME_RSERTYPUNAVAIL = known(0x00000102, "ESME_RSERTYPUNAVAIL", "Specified service_type is unavailable");
    public static final CommandStatus ESME_RSERTYPDENIED = known(0x00000103, "ESME_RSERTYPDENIED", "Specified service_type is denied");
    public static final CommandStatus ESME_RINVDCS = known(0x00000104, "ESME_RINVDCS", "Invalid Data Coding Scheme");
    public static final CommandStatus ESME_RINVSRCADDRSUBUNIT = known(0x00000105, "ESME_RINVSRCADDRSUBUNIT", "Source Address Sub unit is Invalid");
    public static final CommandStatus ESME_RINVDSTADDRSUBUNIT = known(0x00000106, "ESME_RINVDSTADDRSUBUNIT", "Destination Address Sub unit is Invalid");
    public static final CommandStatus ESME_RINVBCASTFREQINT = known(0x00000107, "ESME_RINVBCASTFREQINT", "Broadcast Frequency Interval is invalid");
    public static final CommandStatus ESME_RINVBCASTALIAS_NAME = known(0x00000108, "ESME_RINVBCASTALIAS_NAME", "Broadcast Alias Name is invalid");
    public static final CommandStatus ESME_RINVBCASTAREAFMT = known(0x00000109, "ESME_RINVBCASTAREAFMT", "Broadcast Area Format is invalid");
    public static final CommandStatus ESME_RINVNUMBCAST_AREAS = known(0x0000010A, "ESME_RINVNUMBCAST_AREAS", "Number of Broadcast Areas is invalid");
    public static final CommandStatus ESME_RINVBCASTCNTTYPE = known(0x0000010B, "ESME_RINVBCASTCNTTYPE", "Broadcast Content Type is invalid");
    public static final CommandStatus ESME_RINVBCASTMSGCLASS = known(0x0000010C, "ESME_RINVBCASTMSGCLASS", "Broadcast Message Class is invalid");
    public static final CommandStatus ESME_RBCASTFAIL = known(0x0000010D, "ESME_RBCASTFAIL", "broadcast_sm operation failed");
    public static final CommandStatus ESME_RBCASTQUERYFAIL = known(0x0000010E, "ESME_RBCASTQUERYFAIL", "query_broadcast_sm operation failed");
    public static final CommandStatus ESME_RBCASTCANCELFAIL = known(0x0000010F, "ESME_RBCASTCANCELFAIL", "cancel_broadcast_sm operation failed");
    public static final CommandStatus ESME_RINVBCAST_REP = known(0x00000110, "ESME_RINVBCAST_REP", "Number of Repeated Broadcasts is invalid");
    public static final CommandStatus ESME_RINVBCASTSRVGRP = known(0x00000111, "ESME_RINVBCASTSRVGRP", "Broadcast Service Group is invalid");
    public static final CommandStatus ESME_RINVBCASTCHANIND = known(0x00000112, "ESME_RINVBCASTCHANIND", "Broadcast Channel Indicator is invalid");

    private final int code;
    private final String name;
    private final String description;

    private CommandStatus(int code, String name, String description) {
        this.code = code;
        this.name = name;
        this.description = description;
    }

    private static CommandStatus known(int code, String name, String description) {
        CommandStatus status = new CommandStatus(code, name, description);
        KNOWN.put(code, status);
        if (code >= 0 && code < SMALL.length) {
            SMALL[code] = status;
        }
        return status;
    }

    /** The status for a raw code: the named constant when known, otherwise a value keeping the code. */
    public static CommandStatus of(int code) {
        if (code >= 0 && code < SMALL.length) {
            // every standard code is below 0x200: an array lookup, no Integer boxing per response
            CommandStatus status = SMALL[code];
            return status != null ? status : new CommandStatus(code, null, null);
        }
        CommandStatus status = KNOWN.get(code);
        return status != null ? status : new CommandStatus(code, null, null);
    }

    public int code() {
        return code;
    }

    public boolean isOk() {
        return code == 0;
    }

    /** True for codes this table names. */
    public boolean isKnown() {
        return name != null;
    }

    /** The spec's mnemonic, or {@code UNKNOWN(0x...)} for a code the table does not name. */
    public String mnemonic() {
        return name != null ? name : String.format("UNKNOWN(0x%08X)", code);
    }

    public String description() {
        return description != null ? description : "Vendor or reserved status";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandStatus other && other.code == code;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(code);
    }

    @Override
    public String toString() {
        return mnemonic();
    }
}
