-- 013: a down section that intentionally does nothing.
-- Dropping the table would lose data; restore from backup instead.
/*
   DROP TABLE analytics.events;
   DROP DATABASE analytics;
*/
;
;;
