CREATE TABLE ${app_schema}.orders (
    id bigserial PRIMARY KEY,
    placed_at timestamptz NOT NULL DEFAULT now()
);
