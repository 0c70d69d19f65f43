-- expect: identifier-too-long@3
-- 40 characters, 80 bytes
CREATE TABLE "éééééééééééééééééééééééééééééééééééééééé" (id bigint);
