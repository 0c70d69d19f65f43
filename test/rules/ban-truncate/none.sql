-- expect: none
-- settings: {"assumeInTransaction": true}
CREATE TABLE scratch (id bigint);
TRUNCATE scratch;
DELETE FROM stock_movements WHERE id < 1000;
