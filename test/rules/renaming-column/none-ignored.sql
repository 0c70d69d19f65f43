-- expect: none
/* safeshift-ignore renaming-column -- the ORM maps both names */
ALTER TABLE warehouses RENAME COLUMN town TO city;
