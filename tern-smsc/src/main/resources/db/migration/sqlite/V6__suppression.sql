-- Opt-out (docs/http-api.md "Opt-out"): per account, the numbers that asked not to be sent to (a
-- STOP reply, or added over the API). Messages and campaign rows to them are refused at submission.
-- number is the address as it came, without a leading '+'; reason says how it got here.
CREATE TABLE suppression (
    account  TEXT    NOT NULL,
    number   TEXT    NOT NULL,
    added_at INTEGER NOT NULL,
    reason   TEXT    NOT NULL,
    PRIMARY KEY (account, number)
);
