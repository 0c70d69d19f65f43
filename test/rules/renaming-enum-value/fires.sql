-- expect: renaming-enum-value@2, renaming-enum-value@3
ALTER TYPE order_status RENAME VALUE 'done' TO 'completed';
ALTER TYPE public.order_status RENAME VALUE 'new' TO 'created';
