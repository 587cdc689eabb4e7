-- description: forgot the marker
CREATE TABLE t (x INTEGER);
