-- expect: adding-column-with-rewrite@2, adding-column-with-rewrite@3, adding-column-with-rewrite@4, adding-serial-primary-key-field@4
ALTER TABLE stock ADD COLUMN seq_no bigserial;
ALTER TABLE stock ADD COLUMN IF NOT EXISTS line_no serial4 NOT NULL, ADD COLUMN note text;
ALTER TABLE public.stock ADD COLUMN small_id smallserial PRIMARY KEY;
