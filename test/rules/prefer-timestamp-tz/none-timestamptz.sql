-- expect: none
CREATE TABLE shipments (id bigint, shipped_at timestamptz, due_at timestamp with time zone, window_start time, created date);
