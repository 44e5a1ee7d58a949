package io.tern.smsc.admin;

import java.util.Locale;

/**
 * The rule a password set over the admin API must pass. SMPP 3.4 §5.2.2 caps a bind password at
 * 8 characters, so length alone cannot make it strong: it must also mix kinds of characters and
 * must not contain the system_id.
 */
final class Passwords {

    static final int MIN_LENGTH = 6;
    static final int MAX_LENGTH = 8;

    private Passwords() {
    }

    /** Throws a 400 naming {@code password} when {@code password} is weak for {@code systemId}. */
    static void requireStrong(String password, String systemId) {
        if (password == null || password.isEmpty()) {
            throw AdminException.badRequest("password", "password is required");
        }
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw AdminException.badRequest("password", "weak password: must be " + MIN_LENGTH + ".." + MAX_LENGTH
                    + " characters (SMPP allows at most 8), was " + password.length());
        }
        if (password.toLowerCase(Locale.ROOT).contains(systemId.toLowerCase(Locale.ROOT))) {
            throw AdminException.badRequest("password", "weak password: must not contain the system_id");
        }
        int kinds = 0;
        kinds += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (kinds < 2 || password.chars().distinct().count() < 4) {
            throw AdminException.badRequest("password", "weak password: must mix at least two of lower case,"
                    + " upper case, digits and symbols, with at least 4 different characters");
        }
        for (char c : password.toCharArray()) {
            if (c < 0x21 || c > 0x7E) {
                throw AdminException.badRequest("password", "password must be printable ASCII without spaces");
            }
        }
    }
}
