-- expect: none
-- safeshift-ignore ban-delete-without-where -- the demo data goes, all of it
DELETE FROM demo_orders;
