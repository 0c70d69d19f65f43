CREATE TABLE public.profiles (
    id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    username text UNIQUE,
    updated_at timestamptz
);

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
