-- expect: none
INSERT INTO units (name) VALUES ('crème brûlée 🍮');
