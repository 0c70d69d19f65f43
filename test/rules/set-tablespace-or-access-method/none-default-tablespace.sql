-- expect: none
SET default_tablespace = fast_ssd;
ALTER TABLE events SET (fillfactor = 80);
CREATE TABLE events_2027 (id bigint) TABLESPACE fast_ssd;
