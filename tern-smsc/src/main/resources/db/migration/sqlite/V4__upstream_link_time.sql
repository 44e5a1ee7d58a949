-- When a message was forwarded upstream. The link row is the record of that hand-over: the message's
-- history reads its FORWARDED entry from here instead of a second row in `attempt` (one row write
-- and one index entry fewer per forwarded message). Links written before this column are NULL and
-- keep their FORWARDED row in `attempt`.
ALTER TABLE upstream_link ADD COLUMN forwarded_at INTEGER;
