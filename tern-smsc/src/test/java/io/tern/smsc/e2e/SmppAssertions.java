package io.tern.smsc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jsmpp.extra.NegativeResponseException;

/** Assertions on the SMPP answers jSMPP reports as exceptions. */
final class SmppAssertions {

    static final int ESME_RINVMSGLEN = 0x01;
    static final int ESME_RINVSRCADR = 0x0A;
    static final int ESME_RINVDSTADR = 0x0B;
    static final int ESME_RINVMSGID = 0x0C;
    static final int ESME_RBINDFAIL = 0x0D;
    static final int ESME_RINVPASWD = 0x0E;
    static final int ESME_RINVSYSID = 0x0F;
    static final int ESME_RCANCELFAIL = 0x11;
    static final int ESME_RREPLACEFAIL = 0x13;
    static final int ESME_RMSGQFUL = 0x14;
    static final int ESME_RINVPRTFLG = 0x06;
    static final int ESME_RTHROTTLED = 0x58;
    static final int ESME_RINVSCHED = 0x61;
    static final int ESME_RINVEXPIRY = 0x62;
    static final int ESME_RINVDFTMSGID = 0x63;
    static final int ESME_RX_R_APPN = 0x66;
    static final int ESME_RMISSINGOPTPARAM = 0xC3;
    static final int ESME_RINVOPTPARAMVAL = 0xC4;

    private SmppAssertions() {
    }

    /** Runs {@code call} and returns the command_status of the negative response it got. */
    static int statusOf(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("a negative response").isInstanceOf(NegativeResponseException.class);
        return ((NegativeResponseException) t).getCommandStatus();
    }
}
