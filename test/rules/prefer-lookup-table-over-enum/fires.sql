-- settings: {"rules": {"prefer-lookup-table-over-enum": "warning"}}
-- expect: prefer-lookup-table-over-enum@3, prefer-lookup-table-over-enum@4
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TYPE billing.plan AS ENUM ();
