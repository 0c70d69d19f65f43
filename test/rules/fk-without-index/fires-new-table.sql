-- expect: fk-without-index@4, fk-without-index@8
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY,
  user_id bigint REFERENCES users);
CREATE TABLE order_notes (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL,
  CONSTRAINT order_notes_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);
