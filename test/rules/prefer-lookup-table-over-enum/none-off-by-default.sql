-- expect: none
-- opt-in: off unless enabled in the configuration
CREATE TYPE order_status AS ENUM ('new', 'paid');
