ALTER TABLE public.profiles ADD COLUMN website text;
CREATE INDEX CONCURRENTLY profiles_website_idx ON public.profiles (website);
