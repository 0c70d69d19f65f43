-- expect: constraint-missing-not-valid@3, adding-foreign-key-constraint@4
INSERT INTO notes (body) VALUES ('crème brûlée 🍮, not a separator');
ALTER TABLE "Ингредиенты" ADD CONSTRAINT "цена_положительная" CHECK ("цена" > 0), -- 🍮
  ADD CONSTRAINT "fk_склад" FOREIGN KEY ("склад") REFERENCES "Склады" (id);
