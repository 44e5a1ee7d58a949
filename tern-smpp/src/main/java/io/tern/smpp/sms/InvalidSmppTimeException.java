package io.tern.smpp.sms;

import io.tern.smpp.pdu.CommandStatus;
import java.util.Objects;

/**
 * A time field that is not in the SMPP 3.4 §7.1.1 format, carrying the command_status the
 * response should have (ESME_RINVSCHED for schedule_delivery_time, ESME_RINVEXPIRY for
 * validity_period).
 */
public final class InvalidSmppTimeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient CommandStatus commandStatus;
    private final String value;

    public InvalidSmppTimeException(CommandStatus commandStatus, String value, String reason) {
        super(reason + ": \"" + value + "\"");
        this.commandStatus = Objects.requireNonNull(commandStatus, "commandStatus");
        this.value = value;
    }

    /** The status to answer the PDU with. */
    public CommandStatus commandStatus() {
        return commandStatus;
    }

    /** The rejected field value. */
    public String value() {
        return value;
    }
}
