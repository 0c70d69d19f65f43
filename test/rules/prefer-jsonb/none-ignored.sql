-- expect: none
-- the webhook body must stay byte for byte
ALTER TABLE shipments ADD COLUMN raw_body json; -- safeshift-ignore prefer-jsonb
