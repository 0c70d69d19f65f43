-- settings: {"assumeInTransaction": true}
-- expect: ban-char-field@3
CREATE TABLE countries (code char(2) PRIMARY KEY);
