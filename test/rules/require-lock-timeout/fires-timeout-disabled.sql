-- expect: require-lock-timeout@3
SET lock_timeout = 0;
DROP TABLE legacy_stock;
