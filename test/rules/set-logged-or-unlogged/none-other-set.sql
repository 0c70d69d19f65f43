-- expect: none
ALTER TABLE page_views SET (fillfactor = 70);
ALTER TABLE page_views SET WITHOUT CLUSTER;
