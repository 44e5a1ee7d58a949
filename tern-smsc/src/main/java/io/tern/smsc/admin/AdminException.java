package io.tern.smsc.admin;

/**
 * A refused administrative change or lookup: the HTTP status to answer with (400 bad value, 404
 * unknown name, 409 conflict with what exists), the field at fault as the request names it, and
 * a message for a person.
 */
public final class AdminException extends RuntimeException {

    private final int status;
    private final String field;

    public AdminException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static AdminException badRequest(String field, String message) {
        return new AdminException(400, field, message);
    }

    static AdminException notFound(String field, String message) {
        return new AdminException(404, field, message);
    }

    static AdminException conflict(String field, String message) {
        return new AdminException(409, field, message);
    }

    public int status() {
        return status;
    }

    /** The field at fault ({@code system_id}, {@code allowed_ips[0]}), or null. */
    public String field() {
        return field;
    }
}
