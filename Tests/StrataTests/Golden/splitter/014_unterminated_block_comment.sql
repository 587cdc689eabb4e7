-- 014: a block comment that is never closed, because its closing is nested.
CREATE TABLE analytics.tmp (id UInt64) ENGINE = Memory;

/* Disabled for now:
   /* old note */
   DROP TABLE analytics.tmp;
