-- migrate:up
ALTER TABLE public.profiles ADD COLUMN bio text;

-- migrate:down
ALTER TABLE public.profiles DROP COLUMN bio;
